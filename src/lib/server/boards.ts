import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { AppDb } from './db/index.ts';
import { alias } from 'drizzle-orm/sqlite-core';
import { docsOf, one, q, transaction } from './db/query.ts';
import { newId } from './ids.ts';
import { initialDocuments } from '../board/doc/templates.ts';
import { reviewDocuments } from './boardTemplates.ts';
import type { TemplateId } from '../board/model/templates.ts';
import { canManageLifecycle, effectiveRole, type BoardPerson, type BoardRole, type Side } from '../board/model/roles.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { docName } from '../board/model/docNames.ts';
import { dropBoardIndex } from './search.ts';

export async function createAccount(db: AppDb, workspaceId: string, name: string, ownerId: string, now = Date.now()) {
	const { orm, t } = q(db);
	const id = newId();
	await orm.insert(t.accounts).values({ id, workspaceId, name, ownerId, createdAt: now });
	return id;
}

export async function getAccount(db: AppDb, workspaceId: string, accountId: string) {
	const { orm, t } = q(db);
	const { accounts } = t;
	return one(orm.select().from(accounts).where(and(eq(accounts.id, accountId), eq(accounts.workspaceId, workspaceId))));
}

/**
 * Accounts of the workspace with the boards `viewer` can open (removed means not listed), newest
 * activity first; archived boards only when asked for. Each board says whether `viewer` may rename,
 * archive or delete it (roles.ts canManageLifecycle).
 */
export async function listAccountsWithBoards(db: AppDb, workspaceId: string, viewer: Principal, opts: { archived?: boolean } = {}) {
	const { orm, t } = q(db);
	const { accounts, boards, users } = t;
	// An alias is a renamed view of the open backend's table (the same code in both dialects).
	const creators = alias(users, 'creators');
	const accs = await orm
		.select({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, ownerName: users.name, createdAt: accounts.createdAt })
		.from(accounts)
		.innerJoin(users, eq(users.id, accounts.ownerId))
		.where(eq(accounts.workspaceId, workspaceId))
		.orderBy(accounts.name);
	const ids = accs.map((a) => a.id);
	const bs = ids.length
		? await orm
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
		: [];
	const ownerOf = new Map(accs.map((a) => [a.id, a.ownerId]));
	const viewerId = viewer.kind === 'user' ? viewer.userId : null;
	const visible: ((typeof bs)[number] & { manage: boolean })[] = [];
	for (const b of bs) {
		const access = await resolveBoardAccess(db, viewer, b.id);
		if (access) visible.push({ ...b, manage: canManageLifecycle(access, viewerId !== null && ownerOf.get(b.accountId) === viewerId) });
	}
	return accs.map((a) => ({ ...a, boards: visible.filter((b) => b.accountId === a.id) }));
}

/** Creates the board row and seeds its documents in one transaction, so no client ever seeds. */
export async function createBoard(
	db: AppDb,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string; sourceId?: string },
	now = Date.now()
): Promise<string> {
	const { orm, t } = q(db);
	const { boardMembers } = t;
	const id = newId();
	// A review copies a board its creator can open (chosen, or the newest with content); read before this board's row exists.
	const creator: Principal = { kind: 'user', userId: input.createdBy, name: '' };
	const review = input.template === 'qbr' ? await reviewDocuments(db, input.accountId, creator, now, input.sourceId) : null;
	const docs = review ?? initialDocuments(input.template, now);
	const source = review?.carriedOver?.boardId ?? null;
	// Whoever was removed from the board a review copies must not read the copy either.
	const removed = source
		? (
				await orm
					.select({ userId: boardMembers.userId, side: boardMembers.side })
					.from(boardMembers)
					.where(and(eq(boardMembers.boardId, source), eq(boardMembers.role, 'removed')))
			).filter((r) => r.userId !== input.createdBy)
		: [];
	await storeBoard(db, id, input, docs, now, async (tx) => {
		const { orm, t } = q(tx);
		for (const r of removed) await orm.insert(t.boardMembers).values({ boardId: id, userId: r.userId, role: 'removed', side: r.side, updatedAt: now });
	});
	return id;
}

/** The board row and its two seeded documents, in one transaction (nothing is left if any part fails). */
async function storeBoard(
	db: AppDb,
	id: string,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string },
	docs: { shared: Y.Doc; internal: Y.Doc },
	now: number,
	more?: (tx: AppDb) => Promise<void>
): Promise<void> {
	// The documents live in the same database as the row (either backend): seeded in its transaction,
	// so no moment exists where the board is there without them.
	await transaction(db, async (tx) => {
		const { orm, t } = q(tx);
		await orm.insert(t.boards).values({ id, accountId: input.accountId, name: input.name, template: input.template, createdBy: input.createdBy, createdAt: now, lastActivityAt: now });
		await docsOf(tx).seed(docName(id, 'shared'), Y.encodeStateAsUpdate(docs.shared), tx);
		await docsOf(tx).seed(docName(id, 'internal'), Y.encodeStateAsUpdate(docs.internal), tx);
		await more?.(tx);
	});
}

/** A new board with given documents (an imported board file, server/boardExport.ts). */
export async function createBoardWithDocs(
	db: AppDb,
	input: { accountId: string; name: string; template: TemplateId; createdBy: string },
	docs: { shared: Y.Doc; internal: Y.Doc },
	now = Date.now()
): Promise<string> {
	const id = newId();
	await storeBoard(db, id, input, docs, now);
	return id;
}

export async function getBoard(db: AppDb, boardId: string) {
	const { orm, t } = q(db);
	const { accounts, boards } = t;
	return one(
		orm
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
	);
}

export async function renameBoard(db: AppDb, boardId: string, name: string): Promise<void> {
	const { orm, t } = q(db);
	await orm.update(t.boards).set({ name }).where(eq(t.boards.id, boardId));
}

/** Archives a live board (read-only, hidden from the default lists). Archiving it again changes nothing. */
export async function archiveBoard(db: AppDb, boardId: string, by: { id: string; name: string }, now = Date.now()): Promise<boolean> {
	const { orm, t } = q(db);
	const { boards } = t;
	const hit = await orm
		.update(boards)
		.set({ archivedAt: now, archivedBy: by.id, archivedByName: by.name })
		.where(and(eq(boards.id, boardId), isNull(boards.archivedAt)))
		.returning({ id: boards.id });
	return hit.length === 1;
}

/** Brings an archived board back; restoring a live board changes nothing. */
export async function restoreBoard(db: AppDb, boardId: string): Promise<boolean> {
	const { orm, t } = q(db);
	const { boards } = t;
	const hit = await orm
		.update(boards)
		.set({ archivedAt: null, archivedBy: null, archivedByName: null })
		.where(and(eq(boards.id, boardId), isNotNull(boards.archivedAt)))
		.returning({ id: boards.id });
	return hit.length === 1;
}

/**
 * Deletes the board and everything derived from it, in one transaction: its documents (log,
 * snapshots, quarantined rows), memberships, invite links, guests and their sessions. Open sockets
 * are the live hub's (live.ts notifyBoardDeleted). Returns false if there was no such board.
 */
export async function deleteBoard(db: AppDb, boardId: string): Promise<boolean> {
	return transaction(db, async (store) => {
		const { orm: tx, t } = q(store);
		const { boardInvites, boardMembers, boards, guests, sessions } = t;
		const guestIds = (await tx.select({ id: guests.id }).from(guests).where(eq(guests.boardId, boardId))).map((g) => g.id);
		if (guestIds.length) await tx.delete(sessions).where(inArray(sessions.guestId, guestIds));
		await tx.delete(guests).where(eq(guests.boardId, boardId));
		await tx.delete(boardInvites).where(eq(boardInvites.boardId, boardId));
		await tx.delete(boardMembers).where(eq(boardMembers.boardId, boardId));
		await docsOf(store).deleteBoard(boardId, store);
		await dropBoardIndex(store, boardId);
		return (await tx.delete(boards).where(eq(boards.id, boardId)).returning({ id: boards.id })).length === 1;
	});
}

/**
 * Everyone who can open the board: workspace members (with their board role) and guests, with the
 * side and role access resolution gives them (see roles.ts: workspace members are supplier side,
 * nobody on the client side is a facilitator).
 */
export async function listBoardPeople(db: AppDb, boardId: string) {
	const { orm, t } = q(db);
	const { boardMembers, guests, users, workspaceMembers } = t;
	const board = await getBoard(db, boardId);
	if (!board) return { members: [], guests: [] };
	const ws = await orm
		.select({ id: users.id, name: users.name, email: users.email })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(eq(workspaceMembers.workspaceId, board.workspaceId));
	const rows = await orm
		.select({ userId: boardMembers.userId, role: boardMembers.role, side: boardMembers.side, name: users.name, email: users.email })
		.from(boardMembers)
		.innerJoin(users, eq(users.id, boardMembers.userId))
		.where(eq(boardMembers.boardId, boardId));
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
	const gs = (await orm.select().from(guests).where(and(eq(guests.boardId, boardId), isNull(guests.removedAt))).orderBy(guests.createdAt)).map((g) => ({ ...g, role: effectiveRole(g.role, g.side) }));
	return { members, guests: gs };
}

/**
 * personId → side for everyone who may have written on this board: workspace members (supplier),
 * signed-in people from outside who joined by a link and guests (the side of their link). Removed
 * people are kept: what they contributed still counts for their side in the session summary.
 * Ids and sides only (they already appear as authors in the shared document): no names, no emails.
 */
export async function boardPeopleSides(db: AppDb, boardId: string): Promise<Record<string, Side>> {
	const { orm, t } = q(db);
	const out: Record<string, Side> = {};
	for (const m of (await listBoardPeople(db, boardId)).members) out[m.id] = m.side;
	for (const g of await orm.select({ id: t.guests.id, side: t.guests.side }).from(t.guests).where(eq(t.guests.boardId, boardId))) out[g.id] = g.side;
	return out;
}

/**
 * A person of this board named by id in a request, or null: people of other boards and
 * workspaces are never acted upon, whatever id is posted.
 */
export async function findBoardPerson(db: AppDb, boardId: string, kind: 'member' | 'guest', id: string): Promise<(BoardPerson & { role: BoardRole | 'removed' }) | null> {
	const people = await listBoardPeople(db, boardId);
	if (kind === 'guest') {
		const g = people.guests.find((x) => x.id === id);
		return g ? { side: g.side, role: g.role, creator: false } : null;
	}
	const m = people.members.find((x) => x.id === id);
	return m ? { side: m.side, role: m.role, creator: m.creator } : null;
}

export async function setMemberRole(db: AppDb, boardId: string, userId: string, role: BoardRole | 'removed', side: Side, now = Date.now()): Promise<void> {
	const { orm, t } = q(db);
	const { boardMembers } = t;
	await orm
		.insert(boardMembers)
		.values({ boardId, userId, role, side, updatedAt: now })
		.onConflictDoUpdate({ target: [boardMembers.boardId, boardMembers.userId], set: { role, side, updatedAt: now } });
}

/** Returns false (and changes nothing) unless the guest is on this board. */
export async function setGuestRole(db: AppDb, boardId: string, guestId: string, role: BoardRole): Promise<boolean> {
	const { orm, t } = q(db);
	const { guests } = t;
	const hit = await orm
		.update(guests)
		.set({ role })
		.where(and(eq(guests.id, guestId), eq(guests.boardId, boardId), isNull(guests.removedAt)))
		.returning({ id: guests.id });
	return hit.length === 1;
}

/**
 * Removing a guest ends their sessions too; the sync server closes their sockets on its next check.
 * Returns false (and changes nothing) unless the guest is on this board.
 */
export async function removeGuest(db: AppDb, boardId: string, guestId: string, now = Date.now()): Promise<boolean> {
	return transaction(db, async (store) => {
		const { orm: tx, t } = q(store);
		const { guests, sessions } = t;
		const hit = await tx
			.update(guests)
			.set({ removedAt: now })
			.where(and(eq(guests.id, guestId), eq(guests.boardId, boardId), isNull(guests.removedAt)))
			.returning({ id: guests.id });
		if (hit.length !== 1) return false;
		await tx.delete(sessions).where(eq(sessions.guestId, guestId));
		return true;
	});
}
