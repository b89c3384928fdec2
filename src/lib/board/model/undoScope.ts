import type * as Y from 'yjs';
import type { DocName } from './docNames.ts';
import type { AnyType } from './yTypes.ts';

/**
 * The top-level types a person's undo covers: every root of both documents (doc/contentSchema.ts
 * has the same keys; a unit test keeps the two in step). The board tracks them all once, when it
 * opens, so what Ctrl+Z can undo never depends on which tabs were visited. (Running the session —
 * agendaLog, session — is written with ORIGIN.session, which undo does not track: only agenda edits undo.)
 */
export const UNDO_SCOPE: Readonly<Record<DocName, readonly string[]>> = {
	shared: [
		'meta', 'goals', 'stakeholders', 'lists', 'matrix', 'initiatives', 'actions', 'itemLists',
		// ---- facilitation ----
		'agenda', 'agendaLog', 'session', 'locks', 'clientView', 'decisions', 'parkingLot', 'summaries', 'votes',
		// ---- engagement ----
		'preferences', 'personLinks',
		// The canvas records (canvasMeta is written with ORIGIN.migration: never undone)
		'canvas', 'canvasMeta'
	],
	internal: ['meta', 'relations', 'ability', 'engagement', 'touchPoints', 'touches', 'canvas', 'canvasMeta']
};

/** The root types of the open documents that undo tracks (`internal` is null for the client side). */
export function undoScopeTypes(docs: { shared: Y.Doc; internal: Y.Doc | null }): AnyType[] {
	const out: AnyType[] = UNDO_SCOPE.shared.map((key) => docs.shared.getMap(key));
	if (docs.internal) for (const key of UNDO_SCOPE.internal) out.push(docs.internal.getMap(key));
	return out;
}
