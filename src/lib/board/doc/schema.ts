import type * as Y from 'yjs';

/**
 * The board's Yjs documents. `shared` is readable by everyone on the board; `internal` only by the
 * supplier side (the server never sends it to client-side people). Each key has its own module:
 *
 * shared:   meta (schemaVersion, template, threshold, note, carriedOver; settings.ts, carryOver.ts) ·
 *           goals (goals.ts) · stakeholders (stakeholders.ts) · lists (pickLists.ts) · matrix (matrix.ts) ·
 *           initiatives (initiatives.ts) · actions (actions.ts) · itemLists (itemLists.ts) ·
 *           agenda, agendaLog (agenda.ts) · session (session.ts: current step, timer, summon)
 *           locks (locks.ts) · clientView (clientView.ts) · decisions (decisions.ts) · parkingLot (parkingLot.ts)
 *           votes (votes.ts: definitions by the facilitator, results by the server)
 * internal: meta (schemaVersion) · relations, ability (internal.ts)
 *
 * The vocabulary, limits and order keys these modules use live in ../model/.
 */
export const SCHEMA_VERSION = 1;

export const meta = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const goalsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('goals');
// Initiatives and actions refer to each other (an action names its initiative; deleting an
// initiative deletes its actions): their roots live here so neither module imports the other.
export const initiativesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('initiatives');
export const actionsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('actions');

export function schemaVersionOf(doc: Y.Doc): number {
	const v = meta(doc).get('schemaVersion');
	return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Every write carries one of these origins; the per-person undo manager tracks only `LocalOrigin`. */
export const ORIGIN = {
	local: 'tandem:local',
	seed: 'tandem:seed',
	migration: 'tandem:migration',
	/** Running the session (current step, timer, bring-everyone-here): synced, never undone by Ctrl+Z. */
	session: 'tandem:session',
	/** Written by the server (vote results, revealed notes): the sync server stores and sends it. */
	server: 'tandem:server'
} as const;
