import { and, eq, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { AppDb } from './db/index.ts';
import { q } from './db/query.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { currentState, siblingCheckpoint } from './checkpoints.ts';
import { toSnapshot } from '../board/doc/snapshot.ts';
import { readGoals } from '../board/doc/goals.ts';
import { readActions, readPlan } from '../board/doc/actions.ts';
import type { Side } from '../board/model/roles.ts';
import type { ComparableBoard } from '../board/views/compare.ts';
import type { BoardSnapshot } from '../board/views/types.ts';

// Board states as plain data for the History page: from a checkpoint or the live documents.
// The internal document is read only when `side` is supplier.

export interface BoardState {
	board: ComparableBoard;
	snapshot: BoardSnapshot;
	plan: Array<{ id: string; title: string; actions: Array<{ id: string; text: string; status: string; due: string | null; owner: string }> }>;
}

function load(state: Uint8Array | null): Y.Doc | null {
	if (!state) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

export function stateFromDocs(sharedState: Uint8Array, internalState: Uint8Array | null): BoardState {
	const shared = load(sharedState)!;
	const internal = load(internalState);
	try {
		const snapshot = toSnapshot(shared, internal);
		const authors: Record<string, string> = {};
		const { goals, orphans } = readGoals(shared);
		for (const g of [...goals.flatMap((x) => [x, ...x.csfs]), ...orphans]) if (g.author) authors[g.id] = g.author.name;
		const actions = readActions(shared).map((a) => ({ id: a.id, text: a.text, status: a.status, due: a.due, createdBy: a.createdBy?.name ?? null }));
		const p = readPlan(shared);
		const plan = p.initiatives.map((i) => ({
			id: i.id,
			title: i.title,
			actions: i.actions.map((a) => ({ id: a.id, text: a.text, status: a.status, due: a.due, owner: a.owner?.name ?? '' }))
		}));
		return { board: { snapshot, actions, internal: internal !== null, authors }, snapshot, plan };
	} finally {
		shared.destroy();
		internal?.destroy();
	}
}

/** The board now (live room or stored). */
export async function currentBoardState(db: AppDb, boardId: string, side: Side): Promise<BoardState | null> {
	const shared = await currentState(db, boardId, 'shared');
	if (!shared) return null;
	return stateFromDocs(shared, side === 'supplier' ? await currentState(db, boardId, 'internal') : null);
}

/** The board as of a checkpoint; null when it is not this board's or not for this side. */
export async function checkpointBoardState(db: AppDb, boardId: string, id: string, side: Side): Promise<BoardState | null> {
	const shared = await siblingCheckpoint(db, boardId, id, 'shared');
	if (!shared) return null;
	const internal = side === 'supplier' ? await siblingCheckpoint(db, boardId, id, 'internal') : null;
	// A client-side person asking for an internal row's id gets nothing, not its shared sibling.
	if (side !== 'supplier' && shared.id !== id) return null;
	return stateFromDocs(shared.state, internal?.state ?? null);
}

/** The account's other live boards this person can open, oldest first (for "previous board" and the trend). */
export async function accountBoards(db: AppDb, principal: Principal, accountId: string): Promise<Array<{ id: string; name: string; template: string; createdAt: number; side: Side }>> {
	const { orm, t } = q(db);
	const { boards } = t;
	const rows = await orm
		.select({ id: boards.id, name: boards.name, template: boards.template, createdAt: boards.createdAt })
		.from(boards)
		.where(and(eq(boards.accountId, accountId), isNull(boards.archivedAt)))
		.orderBy(boards.createdAt);
	const out: Array<{ id: string; name: string; template: string; createdAt: number; side: Side }> = [];
	for (const r of rows) {
		const access = await resolveBoardAccess(db, principal, r.id);
		if (access) out.push({ ...r, side: access.side });
	}
	return out;
}
