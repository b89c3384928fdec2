import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './db/index.ts';
import { alias } from 'drizzle-orm/sqlite-core';
import { accounts, boardInvites, boardMembers, boards, guests, sessions, users, workspaceMembers } from './db/schema.ts';
import { newId } from './ids.ts';
import { deleteDocs, seedDoc } from './docStore.ts';
import { initialDocuments } from '../board/doc/templates.ts';
import { reviewDocuments } from './boardTemplates.ts';
import type { TemplateId } from '../board/model/templates.ts';
import { canManageLifecycle, effectiveRole, type BoardPerson, type BoardRole, type Side } from '../board/model/roles.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { docName } from '../board/model/docNames.ts';
import { dropBoardIndex } from './search.ts';

export function createAccount(db: Db, workspaceId: string, name: string, ownerId: string, now = Date.now()) {
	const id = newId();
	db.insert(accounts).values({ id, workspaceId, name, ownerId, createdAt: now }).run();
	return id;
}

export function getAccount(db: Db, workspaceId: string, accountId: string) {
	return db.select().from(accounts).where(and(eq(accounts.id, accountId), eq(accounts.workspaceId, workspaceId))).get() ?? null;
}

const creators = alias(users, 'creators');

/**
 * Accounts of the workspace with the boards `viewer` can open (removed means not listed), newest
 * activity first; archived boards only when asked for. Each board says whether `viewer` may rename,
 * archive or delete it (roles.ts canManageLifecycle).
 */
export function listAccountsWithBoards(db: Db, workspaceId: string, viewer: Principal, opts: { archived?: boolean } = {}) {
	const accs = db
		.select({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, ownerName: users.name, createdAt: accounts.createdAt })
		.from(accounts)
		.innerJoin(users, eq(users.id, accounts.ownerId))
		.where(eq(accounts.workspaceId, workspaceId))
		.orderBy(accounts.name)
		.all();
	const ids = accs.map((a) => a.id);
	const bs = ids.length
		? db
				.select({
					id: boards.id,
					accountId: boards.accountId,
					name: boards.name,
					template: boards.template,
					createdBy: boards.createdBy,
					creatorName: creators.name,
					createdAt: boards.createdAt,
					lastActivityAt: boards.lastActivityAt,
					archivedAt: boards.archivedAt
				})
				.from(boards)
				.innerJoin(creators, eq(creators.id, boards.createdBy))
				.where(opts.archived ? inArray(boards.accountId, ids) : and(inArray(boards.accountId, ids), isNull(boards.archivedAt)))
				.orderBy(desc(boards.lastActivityAt), desc(boards.id))
				.all()
		: [];
	const ownerOf = new Map(accs.map((a) => [a.id, a.ownerId]));
	const viewerId = viewer.kind === 'user' ? viewer.userId : null;
	const visible = bs.flatMap((b) => {
		const access = resolveBoardAccess(db, viewer, b.id);
		return access ? [{ ...b, manage: canManageLifecycle(access, viewerId !== null && ownerOf.get(b.accountId) === viewerId) }] : [];
	});
	return accs.map((a) => ({ ...a, boards: visible.filter((b) => b.accountId === a.id) }));
}

/** Creates the board row and seeds its documents in one transaction, so no client ever seeds. */
export function createBoard(
	db: Db,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string; sourceId?: string },
	now = Date.now()
) {
	const id = newId();
	// A review copies a board its creator can open (chosen, or the newest with content); read before this board's row exists.
	const creator: Principal = { kind: 'user', userId: input.createdBy, name: '' };
	const review = input.template === 'qbr' ? reviewDocuments(db, input.accountId, creator, now, input.sourceId) : null;
	const docs = review ?? initialDocuments(input.template, now);
	const source = review?.carriedOver?.boardId ?? null;
	// Whoever was removed from the board a review copies must not read the copy either.
	const removed = source
		? db
				.select({ userId: boardMembers.userId, side: boardMembers.side })
				.from(boardMembers)
				.where(and(eq(boardMembers.boardId, source), eq(boardMembers.role, 'removed')))
				.all()
				.filter((r) => r.userId !== input.createdBy)
		: [];
	storeBoard(db, id, input, docs, now, (tx) => {
		for (const r of removed) tx.insert(boardMembers).values({ boardId: id, userId: r.userId, role: 'removed', side: r.side, updatedAt: now }).run();
	});
	return id;
}

/** The board row and its two seeded documents, in one transaction (nothing is left if any part fails). */
function storeBoard(
	db: Db,
	id: string,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string },
	docs: { shared: Y.Doc; internal: Y.Doc },
	now: number,
	more?: (tx: Db) => void
): void {
	db.transaction((tx) => {
		tx.insert(boards).values({ id, accountId: input.accountId, name: input.name, template: input.template, createdBy: input.createdBy, createdAt: now, lastActivityAt: now }).run();
		seedDoc(tx as unknown as Db, docName(id, 'shared'), Y.encodeStateAsUpdate(docs.shared));
		seedDoc(tx as unknown as Db, docName(id, 'internal'), Y.encodeStateAsUpdate(docs.internal));
		more?.(tx as unknown as Db);
	});
}

/** A new board with given documents (an imported board file, server/boardExport.ts). */
export function createBoardWithDocs(
	db: Db,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string },
	docs: { shared: Y.Doc; internal: Y.Doc },
	now = Date.now()
): string {
	const id = newId();
	storeBoard(db, id, input, docs, now);
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
				archivedAt: boards.archivedAt,
				archivedByName: boards.archivedByName,
				accountId: accounts.id,
				accountName: accounts.name,
				accountOwnerId: accounts.ownerId,
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

/** Archives a live board (read-only, hidden from the default lists). Archiving it again changes nothing. */
export function archiveBoard(db: Db, boardId: string, by: { id: string; name: string }, now = Date.now()): boolean {
	return db.update(boards).set({ archivedAt: now, archivedBy: by.id, archivedByName: by.name }).where(and(eq(boards.id, boardId), isNull(boards.archivedAt))).run().changes === 1;
}

/** Brings an archived board back; restoring a live board changes nothing. */
export function restoreBoard(db: Db, boardId: string): boolean {
	return db.update(boards).set({ archivedAt: null, archivedBy: null, archivedByName: null }).where(and(eq(boards.id, boardId), isNotNull(boards.archivedAt))).run().changes === 1;
}

/**
 * Deletes the board and everything derived from it, in one transaction: its documents (log,
 * snapshots, quarantined rows), memberships, invite links, guests and their sessions. Open sockets
 * are the live hub's (live.ts notifyBoardDeleted). Returns false if there was no such board.
 */
export function deleteBoard(db: Db, boardId: string): boolean {
	return db.transaction((tx) => {
		const t = tx as unknown as Db;
		const guestIds = t.select({ id: guests.id }).from(guests).where(eq(guests.boardId, boardId)).all().map((g) => g.id);
		if (guestIds.length) t.delete(sessions).where(inArray(sessions.guestId, guestIds)).run();
		t.delete(guests).where(eq(guests.boardId, boardId)).run();
		t.delete(boardInvites).where(eq(boardInvites.boardId, boardId)).run();
		t.delete(boardMembers).where(eq(boardMembers.boardId, boardId)).run();
		deleteDocs(t, boardId);
		dropBoardIndex(t, boardId);
		return t.delete(boards).where(eq(boards.id, boardId)).run().changes === 1;
	});
}

/**
 * Everyone who can open the board: workspace members (with their board role) and guests, with the
 * side and role access resolution gives them (see roles.ts: workspace members are supplier side,
 * nobody on the client side is a facilitator).
 */
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
		members.push({ ...u, role: creator ? 'facilitator' : (r?.role ?? 'participant'), side: 'supplier', creator });
		byUser.delete(u.id);
	}
	// Signed-in people from outside the workspace who joined through a link.
	for (const r of byUser.values())
		members.push({ id: r.userId, name: r.name, email: r.email, role: r.role === 'removed' ? r.role : effectiveRole(r.role, r.side), side: r.side, creator: false });
	const gs = db
		.select()
		.from(guests)
		.where(and(eq(guests.boardId, boardId), isNull(guests.removedAt)))
		.orderBy(guests.createdAt)
		.all()
		.map((g) => ({ ...g, role: effectiveRole(g.role, g.side) }));
	return { members, guests: gs };
}

/**
 * personId → side for everyone who may have written on this board: workspace members (supplier),
 * signed-in people from outside who joined by a link and guests (the side of their link). Removed
 * people are kept: what they contributed still counts for their side in the session summary.
 * Ids and sides only (they already appear as authors in the shared document): no names, no emails.
 */
export function boardPeopleSides(db: Db, boardId: string): Record<string, Side> {
	const out: Record<string, Side> = {};
	for (const m of listBoardPeople(db, boardId).members) out[m.id] = m.side;
	for (const g of db.select({ id: guests.id, side: guests.side }).from(guests).where(eq(guests.boardId, boardId)).all()) out[g.id] = g.side;
	return out;
}

/**
 * A person of this board named by id in a request, or null: people of other boards and
 * workspaces are never acted upon, whatever id is posted.
 */
export function findBoardPerson(db: Db, boardId: string, kind: 'member' | 'guest', id: string): (BoardPerson & { role: BoardRole | 'removed' }) | null {
	const people = listBoardPeople(db, boardId);
	if (kind === 'guest') {
		const g = people.guests.find((x) => x.id === id);
		return g ? { side: g.side, role: g.role, creator: false } : null;
	}
	const m = people.members.find((x) => x.id === id);
	return m ? { side: m.side, role: m.role, creator: m.creator } : null;
}

export function setMemberRole(db: Db, boardId: string, userId: string, role: BoardRole | 'removed', side: Side, now = Date.now()) {
	db.insert(boardMembers)
		.values({ boardId, userId, role, side, updatedAt: now })
		.onConflictDoUpdate({ target: [boardMembers.boardId, boardMembers.userId], set: { role, side, updatedAt: now } })
		.run();
}

/** Returns false (and changes nothing) unless the guest is on this board. */
export function setGuestRole(db: Db, boardId: string, guestId: string, role: BoardRole): boolean {
	return db.update(guests).set({ role }).where(and(eq(guests.id, guestId), eq(guests.boardId, boardId), isNull(guests.removedAt))).run().changes === 1;
}

/**
 * Removing a guest ends their sessions too; the sync server closes their sockets on its next check.
 * Returns false (and changes nothing) unless the guest is on this board.
 */
export function removeGuest(db: Db, boardId: string, guestId: string, now = Date.now()): boolean {
	return db.transaction((tx) => {
		const hit = tx.update(guests).set({ removedAt: now }).where(and(eq(guests.id, guestId), eq(guests.boardId, boardId), isNull(guests.removedAt))).run();
		if (hit.changes !== 1) return false;
		tx.delete(sessions).where(eq(sessions.guestId, guestId)).run();
		return true;
	});
}
