import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { boardInvites, guests, sessions } from '../../../src/lib/server/db/schema.ts';
import { createAccount, createBoard } from '../../../src/lib/server/boards.ts';
import { checkBoardInvite, createBoardInvite, redeemBoardInvite, revokeBoardInvite } from '../../../src/lib/server/boardInvites.ts';
import { createSession, generateSessionToken } from '../../../src/lib/server/auth/session.ts';
import { hashToken } from '../../../src/lib/server/ids.ts';
import { addUser, tempDb } from '../testDb.ts';

let db: Db;
let cleanup: () => void;
let boardId: string;
beforeEach(async () => {
	({ db, cleanup } = tempDb());
	addUser(db, 'alice', 'w1');
	const accountId = await createAccount(db, 'w1', 'ACME', 'alice');
	boardId = await createBoard(db, { accountId, name: 'Plan', template: 'blank', createdBy: 'alice' });
});
afterEach(() => cleanup());

const person = { displayName: 'Clara', title: 'COO', function: 'Operations' };
const base = { side: 'client' as const, role: 'participant' as const, label: null, createdBy: 'alice' };

describe('board invite links', () => {
	it('are stored hashed', async () => {
		const token = await createBoardInvite(db, { boardId, ...base, expiresAt: null, maxUses: null });
		const row = db.select().from(boardInvites).get()!;
		expect(row.tokenHash).toBe(hashToken(token));
		expect(JSON.stringify(row)).not.toContain(token);
	});

	it("create a guest with the link's side and role, scoped to the board", async () => {
		const token = await createBoardInvite(db, { boardId, ...base, expiresAt: null, maxUses: null });
		const r = await redeemBoardInvite(db, token, person);
		expect(r.ok).toBe(true);
		const g = db.select().from(guests).get()!;
		expect(g).toMatchObject({ boardId, side: 'client', role: 'participant', displayName: 'Clara' });
	});

	it('stop at their number of uses', async () => {
		const token = await createBoardInvite(db, { boardId, ...base, expiresAt: null, maxUses: 2 });
		expect((await redeemBoardInvite(db, token, person)).ok).toBe(true);
		expect((await redeemBoardInvite(db, token, person)).ok).toBe(true);
		const third = await redeemBoardInvite(db, token, person);
		expect(third.ok).toBe(false);
		expect(db.select().from(guests).all()).toHaveLength(2);
	});

	it('expire', async () => {
		const token = await createBoardInvite(db, { boardId, ...base, expiresAt: 5_000, maxUses: null }, 1_000);
		expect((await checkBoardInvite(db, token, 4_999)).ok).toBe(true);
		const late = await checkBoardInvite(db, token, 5_000);
		expect(late.ok).toBe(false);
		expect(!late.ok && late.reason).toMatch(/expired/);
	});

	it('reject unknown tokens with a clear reason', async () => {
		const r = await checkBoardInvite(db, 'nope');
		expect(r.ok).toBe(false);
		expect(!r.ok && r.reason).toMatch(/not valid/);
	});

	it('when revoked, remove the people who joined through them and end their sessions', async () => {
		const token = await createBoardInvite(db, { boardId, ...base, expiresAt: null, maxUses: null });
		const r = await redeemBoardInvite(db, token, person);
		if (!r.ok) throw new Error(r.reason);
		await createSession(db, generateSessionToken(), { guestId: r.guestId });
		const inviteId = db.select().from(boardInvites).get()!.id;
		await revokeBoardInvite(db, boardId, inviteId);
		expect(db.select().from(guests).where(eq(guests.id, r.guestId)).get()?.removedAt).not.toBeNull();
		expect(db.select().from(sessions).where(eq(sessions.guestId, r.guestId)).all()).toHaveLength(0);
		expect((await checkBoardInvite(db, token)).ok).toBe(false);
	});
});
