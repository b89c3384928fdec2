import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppDb } from './db/index.ts';
import type { boardInvites } from './db/schema.ts';
import { one, q, transaction } from './db/query.ts';
import { hashToken, newId, randomToken } from './ids.ts';
import type { BoardRole, Side } from '../board/model/roles.ts';

export interface NewInvite {
	boardId: string;
	side: Side;
	role: BoardRole;
	label: string | null;
	expiresAt: number | null;
	maxUses: number | null;
	createdBy: string;
}

/** Returns the clear-text token once; only its hash is stored. */
export async function createBoardInvite(db: AppDb, input: NewInvite, now = Date.now()): Promise<string> {
	const { orm, t } = q(db);
	const token = randomToken(20);
	await orm.insert(t.boardInvites).values({ id: newId(), tokenHash: hashToken(token), uses: 0, createdAt: now, ...input });
	return token;
}

export async function listBoardInvites(db: AppDb, boardId: string, now = Date.now()) {
	const { orm, t } = q(db);
	const { boardInvites } = t;
	const rows = await orm
		.select()
		.from(boardInvites)
		.where(and(eq(boardInvites.boardId, boardId), isNull(boardInvites.revokedAt)))
		.orderBy(desc(boardInvites.createdAt));
	return rows.map(({ tokenHash: _hash, ...i }) => ({
			...i,
			expired: i.expiresAt !== null && i.expiresAt <= now,
			usedUp: i.maxUses !== null && i.uses >= i.maxUses
		}));
}

/**
 * Revoking a link also removes everyone who joined through it and ends their sessions. Returns
 * false (and changes nothing) unless the link belongs to this board.
 */
export async function revokeBoardInvite(db: AppDb, boardId: string, inviteId: string, now = Date.now()): Promise<boolean> {
	return transaction(db, async (store) => {
		const { orm: tx, t } = q(store);
		const { boardInvites, guests, sessions } = t;
		const invite = await one(tx.select({ id: boardInvites.id }).from(boardInvites).where(and(eq(boardInvites.id, inviteId), eq(boardInvites.boardId, boardId))));
		if (!invite) return false;
		await tx.update(boardInvites).set({ revokedAt: now }).where(and(eq(boardInvites.id, invite.id), isNull(boardInvites.revokedAt)));
		const joined = (
			await tx
				.select({ id: guests.id })
				.from(guests)
				.where(and(eq(guests.inviteId, invite.id), eq(guests.boardId, boardId), isNull(guests.removedAt)))
		).map((g) => g.id);
		if (joined.length) {
			await tx.update(guests).set({ removedAt: now }).where(inArray(guests.id, joined));
			await tx.delete(sessions).where(inArray(sessions.guestId, joined));
		}
		return true;
	});
}

export type InviteCheck =
	| { ok: true; invite: typeof boardInvites.$inferSelect; boardName: string }
	| { ok: false; reason: string };

export async function checkBoardInvite(db: AppDb, token: string, now = Date.now()): Promise<InviteCheck> {
	if (!token || token.length > 200) return { ok: false, reason: 'This invite link is not valid.' };
	const { orm, t } = q(db);
	const { boardInvites, boards } = t;
	const row = await one(
		orm
			.select({ invite: boardInvites, boardName: boards.name })
			.from(boardInvites)
			.innerJoin(boards, eq(boards.id, boardInvites.boardId))
			.where(eq(boardInvites.tokenHash, hashToken(token)))
	);
	if (!row) return { ok: false, reason: 'This invite link is not valid. Ask the facilitator for a new one.' };
	if (row.invite.revokedAt !== null) return { ok: false, reason: 'This invite link was revoked by the facilitator.' };
	if (row.invite.expiresAt !== null && row.invite.expiresAt <= now) return { ok: false, reason: 'This invite link has expired.' };
	if (row.invite.maxUses !== null && row.invite.uses >= row.invite.maxUses)
		return { ok: false, reason: 'This invite link has been used as many times as the facilitator allowed.' };
	return { ok: true, invite: row.invite, boardName: row.boardName };
}

/**
 * Spends one use of the link and creates the guest, atomically: two people racing for the last
 * use cannot both get in.
 */
export async function redeemBoardInvite(
	db: AppDb,
	token: string,
	person: { displayName: string; title: string | null; function: string | null },
	now = Date.now()
): Promise<{ ok: true; guestId: string; boardId: string } | { ok: false; reason: string }> {
	return transaction(db, async (store) => {
		const { orm: tx, t } = q(store);
		const { boardInvites, guests } = t;
		const check = await checkBoardInvite(store, token, now);
		if (!check.ok) return check;
		const spent = await tx
			.update(boardInvites)
			.set({ uses: sql`${boardInvites.uses} + 1` })
			.where(
				and(
					eq(boardInvites.id, check.invite.id),
					sql`(${boardInvites.maxUses} IS NULL OR ${boardInvites.uses} < ${boardInvites.maxUses})`
				)
			)
			.returning({ id: boardInvites.id });
		if (spent.length !== 1) return { ok: false as const, reason: 'This invite link has just been used up.' };
		const guestId = newId();
		await tx.insert(guests).values({
				id: guestId,
				boardId: check.invite.boardId,
				inviteId: check.invite.id,
				displayName: person.displayName,
				title: person.title,
				function: person.function,
				side: check.invite.side,
				role: check.invite.role,
				createdAt: now
			});
		return { ok: true as const, guestId, boardId: check.invite.boardId };
	});
}

/** A signed-in user opening a link joins with the link's role and side, as a board member. */
export async function spendInviteUse(db: AppDb, inviteId: string): Promise<void> {
	const { orm, t } = q(db);
	await orm.update(t.boardInvites).set({ uses: sql`${t.boardInvites.uses} + 1` }).where(eq(t.boardInvites.id, inviteId));
}
