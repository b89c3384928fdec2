import { and, eq, sql } from 'drizzle-orm';
import type { AppDb } from './db/index.ts';
import { one, prepared, type Q } from './db/query.ts';
import { effectiveRole, sideOf, type BoardAccess, type BoardRole, type Side } from '../board/model/roles.ts';

/** Who is asking: a signed-in user or a board-scoped guest. */
export type Principal =
	| { kind: 'user'; userId: string; name: string }
	| { kind: 'guest'; guestId: string; name: string; boardId: string; role: BoardRole; side: Side; removed: boolean };

export interface BoardFacts {
	boardId: string;
	createdBy: string;
	workspaceId: string;
	/** The user's workspace, if any. */
	userWorkspaceId: string | null;
	/** An explicit board_members row for the user, if any. */
	member: { role: BoardRole | 'removed'; side: Side } | null;
	/** The board is archived (read-only for everyone). */
	archived?: boolean;
}

/**
 * The board access rules, pure so they can be tested without a database:
 * - a guest reaches only the board its link was for, with the link's role and side, until removed;
 * - the board's creator is always a facilitator;
 * - an explicit membership row decides the role (a 'removed' row shuts the user out);
 * - otherwise any member of the owning workspace is a supplier-side participant;
 * - whatever the rows say, the side rules of roles.ts hold: a workspace member is on the
 *   supplier side, and nobody on the client side is a facilitator;
 * - an archived board is read-only for everyone who can open it.
 */
export function decideBoardAccess(principal: Principal, facts: BoardFacts): BoardAccess | null {
	const access = decideRole(principal, facts);
	// An archived board is read-only for everyone: canWrite() says no, so the sync server refuses writes.
	return access && facts.archived ? { ...access, archived: true } : access;
}

function decideRole(principal: Principal, facts: BoardFacts): BoardAccess | null {
	if (principal.kind === 'guest') {
		if (principal.removed || principal.boardId !== facts.boardId) return null;
		return { boardId: facts.boardId, role: effectiveRole(principal.role, principal.side), side: principal.side };
	}
	if (facts.createdBy === principal.userId) return { boardId: facts.boardId, role: 'facilitator', side: 'supplier' };
	const workspaceMember = facts.userWorkspaceId === facts.workspaceId;
	if (facts.member) {
		if (facts.member.role === 'removed') return null;
		const side = sideOf({ workspaceMember, linkSide: facts.member.side });
		return { boardId: facts.boardId, role: effectiveRole(facts.member.role, side), side };
	}
	if (workspaceMember) return { boardId: facts.boardId, role: 'participant', side: 'supplier' };
	return null;
}

// The lookups of every access decision (each socket that joins, each re-check), prepared once per database.
const guestById = ({ orm, t }: Q) => orm.select().from(t.guests).where(eq(t.guests.id, sql.placeholder('id')));
const boardFacts = ({ orm, t: { accounts, boards } }: Q) =>
	orm
		.select({ id: boards.id, createdBy: boards.createdBy, archivedAt: boards.archivedAt, workspaceId: accounts.workspaceId })
		.from(boards)
		.innerJoin(accounts, eq(accounts.id, boards.accountId))
		.where(eq(boards.id, sql.placeholder('boardId')));
const workspaceOfUser = ({ orm, t: { workspaceMembers } }: Q) =>
	orm.select({ workspaceId: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, sql.placeholder('userId')));
const membership = ({ orm, t: { boardMembers } }: Q) =>
	orm
		.select({ role: boardMembers.role, side: boardMembers.side })
		.from(boardMembers)
		.where(and(eq(boardMembers.boardId, sql.placeholder('boardId')), eq(boardMembers.userId, sql.placeholder('userId'))));
const boardById = ({ orm, t }: Q) => orm.select({ id: t.boards.id }).from(t.boards).where(eq(t.boards.id, sql.placeholder('boardId')));

export async function loadPrincipalGuest(db: AppDb, guestId: string): Promise<Principal | null> {
	const g = await one(prepared(db, 'access_guest', guestById, { id: guestId }));
	if (!g) return null;
	return { kind: 'guest', guestId: g.id, name: g.displayName, boardId: g.boardId, role: g.role, side: g.side, removed: g.removedAt !== null };
}

/** Looks up the facts for `boardId` and applies the rules. Returns null for "no such board" too. */
export async function resolveBoardAccess(db: AppDb, principal: Principal, boardId: string): Promise<BoardAccess | null> {
	const board = await one(prepared(db, 'board_facts', boardFacts, { boardId }));
	if (!board) return null;
	const archived = board.archivedAt !== null;
	if (principal.kind === 'guest') {
		// Re-read the guest row: removal must take effect even for a principal loaded earlier.
		const fresh = await loadPrincipalGuest(db, principal.guestId);
		if (!fresh) return null;
		return decideBoardAccess(fresh, { boardId, createdBy: board.createdBy, workspaceId: board.workspaceId, userWorkspaceId: null, member: null, archived });
	}
	const ws = await one(prepared(db, 'workspace_of_user', workspaceOfUser, { userId: principal.userId }));
	const member = await one(prepared(db, 'board_membership', membership, { boardId, userId: principal.userId }));
	return decideBoardAccess(principal, {
		boardId,
		createdBy: board.createdBy,
		workspaceId: board.workspaceId,
		userWorkspaceId: ws?.workspaceId ?? null,
		member: member ?? null,
		archived
	});
}

export async function boardExists(db: AppDb, boardId: string): Promise<boolean> {
	return !!(await one(prepared(db, 'board_exists', boardById, { boardId })));
}
