import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './db/index.ts';
import { accounts, boardMembers, boards, guests, sessions, users, workspaceMembers } from './db/schema.ts';
import { newId } from './ids.ts';
import { seedDoc } from './docStore.ts';
import { initialDocuments } from '../board/doc/templates.ts';
import { reviewDocuments } from './boardTemplates.ts';
import type { TemplateId } from '../board/doc/schema.ts';
import type { BoardRole, Side } from '../board/roles.ts';

export function createAccount(db: Db, workspaceId: string, name: string, ownerId: string, now = Date.now()) {
	const id = newId();
	db.insert(accounts).values({ id, workspaceId, name, ownerId, createdAt: now }).run();
	return id;
}

export function getAccount(db: Db, workspaceId: string, accountId: string) {
	return db.select().from(accounts).where(and(eq(accounts.id, accountId), eq(accounts.workspaceId, workspaceId))).get() ?? null;
}

/** Accounts of the workspace with their boards, newest activity first. */
export function listAccountsWithBoards(db: Db, workspaceId: string) {
	const accs = db
		.select({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, ownerName: users.name, createdAt: accounts.createdAt })
		.from(accounts)
		.innerJoin(users, eq(users.id, accounts.ownerId))
		.where(eq(accounts.workspaceId, workspaceId))
		.orderBy(accounts.name)
		.all();
	const ids = accs.map((a) => a.id);
	const bs = ids.length
		? db.select().from(boards).where(inArray(boards.accountId, ids)).orderBy(desc(boards.lastActivityAt)).all()
		: [];
	return accs.map((a) => ({ ...a, boards: bs.filter((b) => b.accountId === a.id) }));
}

/** Creates the board row and seeds its documents in one transaction, so no client ever seeds. */
export function createBoard(
	db: Db,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string },
	now = Date.now()
) {
	const id = newId();
	// A review copies the account's previous board; read before this board's row exists.
	const docs = input.template === 'qbr' ? reviewDocuments(db, input.accountId, now) : initialDocuments(input.template, now);
	db.transaction((tx) => {
		tx.insert(boards).values({ id, accountId: input.accountId, name: input.name, template: input.template, createdBy: input.createdBy, createdAt: now, lastActivityAt: now }).run();
		seedDoc(tx as unknown as Db, `${id}/shared`, Y.encodeStateAsUpdate(docs.shared));
		seedDoc(tx as unknown as Db, `${id}/internal`, Y.encodeStateAsUpdate(docs.internal));
	});
	return id;
}

export function getBoard(db: Db, boardId: string) {
	return (
		db
			.select({
				id: boards.id,
				name: boards.name,
				template: boards.template,
				createdBy: boards.createdBy,
				createdAt: boards.createdAt,
				lastActivityAt: boards.lastActivityAt,
				accountId: accounts.id,
				accountName: accounts.name,
				workspaceId: accounts.workspaceId
			})
			.from(boards)
			.innerJoin(accounts, eq(accounts.id, boards.accountId))
			.where(eq(boards.id, boardId))
			.get() ?? null
	);
}

export function renameBoard(db: Db, boardId: string, name: string) {
	db.update(boards).set({ name }).where(eq(boards.id, boardId)).run();
}

/** Everyone who can open the board: workspace members (with their board role) and guests. */
export function listBoardPeople(db: Db, boardId: string) {
	const board = getBoard(db, boardId);
	if (!board) return { members: [], guests: [] };
	const ws = db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(eq(workspaceMembers.workspaceId, board.workspaceId))
		.all();
	const rows = db
		.select({ userId: boardMembers.userId, role: boardMembers.role, side: boardMembers.side, name: users.name, email: users.email })
		.from(boardMembers)
		.innerJoin(users, eq(users.id, boardMembers.userId))
		.where(eq(boardMembers.boardId, boardId))
		.all();
	const byUser = new Map(rows.map((r) => [r.userId, r]));
	const members: { id: string; name: string; email: string; role: BoardRole | 'removed'; side: Side; creator: boolean }[] = [];
	for (const u of ws) {
		const r = byUser.get(u.id);
		const creator = u.id === board.createdBy;
		members.push({ ...u, role: creator ? 'facilitator' : (r?.role ?? 'participant'), side: r?.side ?? 'supplier', creator });
		byUser.delete(u.id);
	}
	// Signed-in people from outside the workspace who joined through a link.
	for (const r of byUser.values()) members.push({ id: r.userId, name: r.name, email: r.email, role: r.role, side: r.side, creator: false });
	const gs = db
		.select()
		.from(guests)
		.where(and(eq(guests.boardId, boardId), isNull(guests.removedAt)))
		.orderBy(guests.createdAt)
		.all();
	return { members, guests: gs };
}

export function setMemberRole(db: Db, boardId: string, userId: string, role: BoardRole | 'removed', side: Side, now = Date.now()) {
	db.insert(boardMembers)
		.values({ boardId, userId, role, side, updatedAt: now })
		.onConflictDoUpdate({ target: [boardMembers.boardId, boardMembers.userId], set: { role, side, updatedAt: now } })
		.run();
}

export function setGuestRole(db: Db, boardId: string, guestId: string, role: BoardRole) {
	db.update(guests).set({ role }).where(and(eq(guests.id, guestId), eq(guests.boardId, boardId))).run();
}

/** Removing a guest ends their sessions too; the sync server closes their sockets on its next check. */
export function removeGuest(db: Db, boardId: string, guestId: string, now = Date.now()) {
	db.transaction((tx) => {
		tx.update(guests).set({ removedAt: now }).where(and(eq(guests.id, guestId), eq(guests.boardId, boardId))).run();
		tx.delete(sessions).where(eq(sessions.guestId, guestId)).run();
	});
}
