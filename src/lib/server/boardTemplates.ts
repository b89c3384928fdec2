import { and, desc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './db/index.ts';
import { boards } from './db/schema.ts';
import { loadDoc } from './docStore.ts';
import { docName, type DocName } from '../board/model/docNames.ts';
import { initialDocuments } from '../board/doc/templates.ts';
import { carryOver, type CarriedOver } from '../board/doc/carryOver.ts';
import { migrateDocument } from '../board/doc/migrate.ts';
import { canReadDoc } from '../board/model/roles.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { PLANNING_TEMPLATES } from '../board/model/templates.ts';

/**
 * The account's newest planning board that `viewer` can open, with what they may read of it, or
 * null. Boards they cannot open are passed over, so a review never carries anything from them.
 * Called before the new board's row exists.
 */
export function previousPlanningBoard(db: Db, accountId: string, viewer: Principal) {
	const candidates = db
		.select({ id: boards.id, name: boards.name, createdAt: boards.createdAt })
		.from(boards)
		.where(and(eq(boards.accountId, accountId), inArray(boards.template, [...PLANNING_TEMPLATES])))
		.orderBy(desc(boards.createdAt), desc(boards.id))
		.all();
	for (const board of candidates) {
		const access = resolveBoardAccess(db, viewer, board.id);
		if (access) return { ...board, access };
	}
	return null;
}

function load(db: Db, boardId: string, kind: DocName): Y.Doc | null {
	const state = loadDoc(db, docName(boardId, kind));
	if (!state) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	// An old board may predate the current schema: copy from its up-to-date shape.
	migrateDocument(doc, kind);
	return doc;
}

/**
 * The first state of a quarterly business review created by `creator`: a planning board filled
 * with the goals, matrix and open actions of the previous planning board they can open (the
 * supplier team's internal relations and ability only if they may read that board's internal
 * document), or empty, with a note, when there is none.
 */
export function reviewDocuments(
	db: Db,
	accountId: string,
	creator: Principal,
	now = Date.now()
): { shared: Y.Doc; internal: Y.Doc; carriedOver: CarriedOver | null } {
	const docs = initialDocuments('qbr', now);
	const prev = previousPlanningBoard(db, accountId, creator);
	const shared = prev ? load(db, prev.id, 'shared') : null;
	const internal = prev && canReadDoc(prev.access, 'internal') ? load(db, prev.id, 'internal') : null;
	const carriedOver = carryOver(docs, prev && shared ? { boardId: prev.id, name: prev.name, createdAt: prev.createdAt, shared, internal } : null);
	shared?.destroy();
	internal?.destroy();
	return { ...docs, carriedOver };
}
