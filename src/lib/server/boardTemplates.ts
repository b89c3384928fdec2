import { and, desc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { AppDb } from './db/index.ts';
import { docsOf, q } from './db/query.ts';
import { docName, type DocName } from '../board/model/docNames.ts';
import { initialDocuments } from '../board/doc/templates.ts';
import { carryOver, type CarriedOver } from '../board/doc/carryOver.ts';
import { migrateDocument } from '../board/doc/migrate.ts';
import { canReadDoc } from '../board/model/roles.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { PLANNING_TEMPLATES } from '../board/model/templates.ts';
import { goalsMap } from '../board/doc/schema.ts';
import { stakeholdersMap } from '../board/doc/stakeholders.ts';
import { initiativesMap } from '../board/doc/schema.ts';

/**
 * The account's planning boards that `viewer` can open, newest first, each with whether its shared
 * document has content (at least one goal, stakeholder or initiative). Boards they cannot open are
 * never listed, so a review never carries anything from them. Called before the new board's row exists.
 */
export async function reviewSources(db: AppDb, accountId: string, viewer: Principal) {
	const { orm, t } = q(db);
	const { boards } = t;
	const candidates = await orm
		.select({ id: boards.id, name: boards.name, createdAt: boards.createdAt })
		.from(boards)
		.where(and(eq(boards.accountId, accountId), inArray(boards.template, [...PLANNING_TEMPLATES])))
		.orderBy(desc(boards.createdAt), desc(boards.id));
	const out = [];
	for (const board of candidates) {
		const access = await resolveBoardAccess(db, viewer, board.id);
		if (access) out.push({ ...board, access, hasContent: await hasContent(db, board.id) });
	}
	return out;
}

/** The source a review starts from unless its creator picks another: the newest one with content. */
export function defaultReviewSource<T extends { hasContent: boolean }>(sources: T[]): T | null {
	return sources.find((s) => s.hasContent) ?? null;
}

/**
 * The board a review created by `viewer` copies: `sourceId` if it is one of reviewSources (else
 * null: nothing is copied from a board they did not get to choose), by default the newest with content.
 */
export async function previousPlanningBoard(db: AppDb, accountId: string, viewer: Principal, sourceId?: string) {
	const sources = await reviewSources(db, accountId, viewer);
	return sourceId === undefined ? defaultReviewSource(sources) : (sources.find((s) => s.id === sourceId) ?? null);
}

async function hasContent(db: AppDb, boardId: string): Promise<boolean> {
	const doc = await load(db, boardId, 'shared');
	if (!doc) return false;
	try {
		return goalsMap(doc).size + stakeholdersMap(doc).size + initiativesMap(doc).size > 0;
	} finally {
		doc.destroy();
	}
}

async function load(db: AppDb, boardId: string, kind: DocName): Promise<Y.Doc | null> {
	const state = await docsOf(db).load(docName(boardId, kind));
	if (!state) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	// An old board may predate the current schema: copy from its up-to-date shape.
	migrateDocument(doc, kind);
	return doc;
}

/**
 * The first state of a quarterly business review created by `creator`: a planning board filled
 * with the goals, matrix and open actions of the planning board they chose or, by default, the
 * newest one with content they can open (the
 * supplier team's internal relations and ability only if they may read that board's internal
 * document), or empty, with a note, when there is none.
 */
export async function reviewDocuments(
	db: AppDb,
	accountId: string,
	creator: Principal,
	now = Date.now(),
	sourceId?: string
): Promise<{ shared: Y.Doc; internal: Y.Doc; carriedOver: CarriedOver | null }> {
	const docs = initialDocuments('qbr', now);
	const prev = await previousPlanningBoard(db, accountId, creator, sourceId);
	const shared = prev ? await load(db, prev.id, 'shared') : null;
	const internal = prev && canReadDoc(prev.access, 'internal') ? await load(db, prev.id, 'internal') : null;
	const carriedOver = carryOver(docs, prev && shared ? { boardId: prev.id, name: prev.name, createdAt: prev.createdAt, shared, internal } : null);
	shared?.destroy();
	internal?.destroy();
	return { ...docs, carriedOver };
}
