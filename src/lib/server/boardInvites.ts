import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from './db/index.ts';
import { boardInvites, boards, guests, sessions } from './db/schema.ts';
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
export function createBoardInvite(db: Db, input: NewInvite, now = Date.now()): string {
	const token = randomToken(20);
	db.insert(boardInvites)
		.values({ id: newId(), tokenHash: hashToken(token), uses: 0, createdAt: now, ...input })
		.run();
	return token;
}

export function listBoardInvites(db: Db, boardId: string, now = Date.now()) {
	return db
		.select()
		.from(boardInvites)
		.where(and(eq(boardInvites.boardId, boardId), isNull(boardInvites.revokedAt)))
		.orderBy(desc(boardInvites.createdAt))
		.all()
		.map(({ tokenHash: _hash, ...i }) => ({
			...i,
			expired: i.expiresAt !== null && i.expiresAt <= now,
			usedUp: i.maxUses !== null && i.uses >= i.maxUses
		}));
}

/**
 * Revoking a link also removes everyone who joined through it and ends their sessions. Returns
 * false (and changes nothing) unless the link belongs to this board.
 */
export function revokeBoardInvite(db: Db, boardId: string, inviteId: string, now = Date.now()): boolean {
	return db.transaction((tx) => {
		const invite = tx
			.select({ id: boardInvites.id })
			.from(boardInvites)
			.where(and(eq(boardInvites.id, inviteId), eq(boardInvites.boardId, boardId)))
			.get();
		if (!invite) return false;
		tx.update(boardInvites).set({ revokedAt: now }).where(and(eq(boardInvites.id, invite.id), isNull(boardInvites.revokedAt))).run();
		const joined = tx
			.select({ id: guests.id })
			.from(guests)
			.where(and(eq(guests.inviteId, invite.id), eq(guests.boardId, boardId), isNull(guests.removedAt)))
			.all()
			.map((g) => g.id);
		if (joined.length) {
			tx.update(guests).set({ removedAt: now }).where(inArray(guests.id, joined)).run();
			tx.delete(sessions).where(inArray(sessions.guestId, joined)).run();
		}
		return true;
	});
}

export type InviteCheck =
	| { ok: true; invite: typeof boardInvites.$inferSelect; boardName: string }
	| { ok: false; reason: string };

export function checkBoardInvite(db: Db, token: string, now = Date.now()): InviteCheck {
	if (!token || token.length > 200) return { ok: false, reason: 'This invite link is not valid.' };
	const row = db
		.select({ invite: boardInvites, boardName: boards.name })
		.from(boardInvites)
		.innerJoin(boards, eq(boards.id, boardInvites.boardId))
		.where(eq(boardInvites.tokenHash, hashToken(token)))
		.get();
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
export function redeemBoardInvite(
	db: Db,
	token: string,
	person: { displayName: string; title: string | null; function: string | null },
	now = Date.now()
): { ok: true; guestId: string; boardId: string } | { ok: false; reason: string } {
	return db.transaction((tx) => {
		const check = checkBoardInvite(tx as unknown as Db, token, now);
		if (!check.ok) return check;
		const spent = tx
			.update(boardInvites)
			.set({ uses: sql`${boardInvites.uses} + 1` })
			.where(
				and(
					eq(boardInvites.id, check.invite.id),
					sql`(${boardInvites.maxUses} IS NULL OR ${boardInvites.uses} < ${boardInvites.maxUses})`
				)
			)
			.run();
		if (spent.changes !== 1) return { ok: false as const, reason: 'This invite link has just been used up.' };
		const guestId = newId();
		tx.insert(guests)
			.values({
				id: guestId,
				boardId: check.invite.boardId,
				inviteId: check.invite.id,
				displayName: person.displayName,
				title: person.title,
				function: person.function,
				side: check.invite.side,
				role: check.invite.role,
				createdAt: now
			})
			.run();
		return { ok: true as const, guestId, boardId: check.invite.boardId };
	});
}

/** A signed-in user opening a link joins with the link's role and side, as a board member. */
export function spendInviteUse(db: Db, inviteId: string) {
	db.update(boardInvites).set({ uses: sql`${boardInvites.uses} + 1` }).where(eq(boardInvites.id, inviteId)).run();
}
