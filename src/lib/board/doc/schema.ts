import * as Y from 'yjs';

/**
 * The board's Yjs documents. `shared` is readable by everyone on the board; `internal` only by the
 * supplier side (the server never sends it to client-side people). Each key has its own module:
 *
 * shared:   meta (schemaVersion, template, threshold, note, carriedOver) · goals (goals.ts) · stakeholders, lists
 *           (stakeholders.ts) · matrix (matrix.ts) · initiatives, actions (initiatives.ts) ·
 *           itemLists (lists.ts)
 * internal: meta (schemaVersion) · relations, ability (internal.ts)
 */
export const SCHEMA_VERSION = 1;

export type DocKind = 'shared' | 'internal';

export const TEMPLATES = ['joint-planning', 'advisory', 'qbr', 'soar', 'blank'] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export const LIMITS = { goalText: 300, note: 2000, name: 120 } as const;

export const meta = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const goalsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('goals');

export function schemaVersionOf(doc: Y.Doc): number {
	const v = meta(doc).get('schemaVersion');
	return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Who wrote something, kept with the item so attribution survives people leaving the board. */
export interface Author {
	id: string;
	name: string;
}

/** Every write carries one of these origins; the per-person undo manager tracks only `LocalOrigin`. */
export const ORIGIN = {
	local: 'tandem:local',
	seed: 'tandem:seed',
	migration: 'tandem:migration'
} as const;
