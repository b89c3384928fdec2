import { and, desc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './db/index.ts';
import { boards } from './db/schema.ts';
import { docNameOf, loadDoc } from './docStore.ts';
import { initialDocuments } from '../board/doc/templates.ts';
import { carryOver, type CarriedOver } from '../board/doc/carryOver.ts';
import { migrateDocument } from '../board/doc/migrate.ts';
import type { TemplateId } from '../board/doc/schema.ts';

/** Boards that hold a planning model (goals, matrix, actions) a review can start from. */
const PLANNING_TEMPLATES: TemplateId[] = ['joint-planning', 'qbr', 'blank'];

/** The account's newest planning board, or null. Called before the new board's row exists. */
export function previousPlanningBoard(db: Db, accountId: string) {
	return (
		db
			.select({ id: boards.id, name: boards.name, createdAt: boards.createdAt })
			.from(boards)
			.where(and(eq(boards.accountId, accountId), inArray(boards.template, PLANNING_TEMPLATES)))
			.orderBy(desc(boards.createdAt), desc(boards.id))
			.limit(1)
			.get() ?? null
	);
}

function load(db: Db, boardId: string, kind: 'shared' | 'internal'): Y.Doc | null {
	const state = loadDoc(db, docNameOf(boardId, kind));
	if (!state) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	// An old board may predate the current schema: copy from its up-to-date shape.
	migrateDocument(doc, kind);
	return doc;
}

/**
 * The first state of a quarterly business review: a planning board filled with the previous
 * planning board's goals, matrix and open actions (or empty, with a note, when there is none).
 */
export function reviewDocuments(db: Db, accountId: string, now = Date.now()): { shared: Y.Doc; internal: Y.Doc; carriedOver: CarriedOver | null } {
	const docs = initialDocuments('qbr', now);
	const prev = previousPlanningBoard(db, accountId);
	const shared = prev ? load(db, prev.id, 'shared') : null;
	const internal = prev ? load(db, prev.id, 'internal') : null;
	const carriedOver = carryOver(docs, prev && shared ? { boardId: prev.id, name: prev.name, createdAt: prev.createdAt, shared, internal } : null);
	shared?.destroy();
	internal?.destroy();
	return { ...docs, carriedOver };
}
