import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accounts, boards, guests, sessions, workspaces } from '../../../src/lib/server/db/schema.ts';
import { liveHub, registerLiveHub } from '../../../src/lib/server/live.ts';
import {
	SESSION_LIFETIME_MS,
	SESSION_RENEW_WITHIN_MS,
	createSession,
	generateSessionToken,
	invalidateGuestSessions,
	invalidateSession,
	sessionTokenFromCookieHeader,
	validateSessionToken
} from '../../../src/lib/server/auth/session.ts';
import { hashToken } from '../../../src/lib/server/ids.ts';
import { resolveBoardAccess } from '../../../src/lib/server/access.ts';
import { addUser, tempDb } from '../testDb.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';

const DAY = 86_400_000;
let db: Db;
let cleanup: () => void;
beforeEach(() => {
	({ db, cleanup } = tempDb());
	addUser(db, 'u1');
});
afterEach(() => cleanup());

describe('session tokens', () => {
	it('are random, 32 base32 characters (160 bits)', () => {
		const a = generateSessionToken();
		const b = generateSessionToken();
		expect(a).toMatch(/^[a-z2-7]{32}$/);
		expect(a).not.toBe(b);
	});

	it('are stored only as their SHA-256', async () => {
		const token = generateSessionToken();
		await createSession(db, token, { userId: 'u1' }, 1_000);
		const rows = db.select().from(sessions).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(hashToken(token));
		expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('validate to their user and reject unknown tokens', async () => {
		const token = generateSessionToken();
		await createSession(db, token, { userId: 'u1' }, 1_000);
		expect((await validateSessionToken(db, token, 2_000))?.user?.id).toBe('u1');
		expect(await validateSessionToken(db, generateSessionToken(), 2_000)).toBeNull();
	});
});

describe('expiry and renewal', () => {
	const t0 = 1_700_000_000_000;

	it('expire after 30 days and are deleted', async () => {
		const token = generateSessionToken();
		await createSession(db, token, { userId: 'u1' }, t0);
		expect(await validateSessionToken(db, token, t0 + SESSION_LIFETIME_MS)).toBeNull();
		expect(db.select().from(sessions).all()).toHaveLength(0);
	});

	it('are not extended while more than 15 days remain', async () => {
		const token = generateSessionToken();
		await createSession(db, token, { userId: 'u1' }, t0);
		const v = await validateSessionToken(db, token, t0 + 10 * DAY);
		expect(v?.session.expiresAt).toBe(t0 + 30 * DAY);
	});

	it('slide to a full lifetime when used in their last 15 days', async () => {
		const token = generateSessionToken();
		await createSession(db, token, { userId: 'u1' }, t0);
		const usedAt = t0 + 20 * DAY;
		expect(SESSION_LIFETIME_MS - 20 * DAY).toBeLessThan(SESSION_RENEW_WITHIN_MS);
		const v = await validateSessionToken(db, token, usedAt);
		expect(v?.session.expiresAt).toBe(usedAt + 30 * DAY);
		expect(db.select().from(sessions).get()?.expiresAt).toBe(usedAt + 30 * DAY);
		// Still valid 45 days after creation thanks to the renewal.
		expect((await validateSessionToken(db, token, t0 + 45 * DAY))?.user?.id).toBe('u1');
	});

	it('end on sign-out', async () => {
		const token = generateSessionToken();
		const s = await createSession(db, token, { userId: 'u1' }, t0);
		await invalidateSession(db, s.id);
		expect(await validateSessionToken(db, token, t0 + 1)).toBeNull();
	});
});

describe('ending sessions', () => {
	it('tells the live hub which sessions ended, so their sockets close at once', async () => {
		const ended: string[][] = [];
		const before = liveHub();
		registerLiveHub({ accessChanged() {}, presence: () => [], sessionsEnded: (ids) => void ended.push(ids) });
		try {
			const s = await createSession(db, generateSessionToken(), { userId: 'u1' });
			await invalidateSession(db, s.id);
			db.insert(workspaces).values({ id: 'w1', name: 'W', createdAt: 0 }).run();
			db.insert(accounts).values({ id: 'a1', workspaceId: 'w1', name: 'A', ownerId: 'u1', createdAt: 0 }).run();
			db.insert(boards).values({ id: 'b1', accountId: 'a1', name: 'B', template: 'blank', createdBy: 'u1', createdAt: 0, lastActivityAt: 0 }).run();
			db.insert(guests).values({ id: 'g1', boardId: 'b1', displayName: 'Guest', side: 'client', role: 'participant', createdAt: 0 }).run();
			const g1 = await createSession(db, generateSessionToken(), { guestId: 'g1' });
			const g2 = await createSession(db, generateSessionToken(), { guestId: 'g1' });
			await invalidateGuestSessions(db, 'g1');
			// An expired session found on use is deleted too.
			const token = generateSessionToken();
			await createSession(db, token, { userId: 'u1' }, 0);
			expect(await validateSessionToken(db, token, SESSION_LIFETIME_MS)).toBeNull();
			expect(ended.map((ids) => [...ids].sort())).toEqual([[s.id], [g1.id, g2.id].sort(), [hashToken(token)]]);
		} finally {
			registerLiveHub(before ?? undefined);
		}
	});
});

describe('cookie header parsing (WebSocket upgrade)', () => {
	it('finds the session cookie among others', () => {
		expect(sessionTokenFromCookieHeader('a=1; tandem_session=abc; b=2')).toBe('abc');
		expect(sessionTokenFromCookieHeader('tandem_session=xyz')).toBe('xyz');
	});
	it('returns null when absent, empty or absurdly long', () => {
		expect(sessionTokenFromCookieHeader(undefined)).toBeNull();
		expect(sessionTokenFromCookieHeader('other=1')).toBeNull();
		expect(sessionTokenFromCookieHeader('tandem_session=')).toBeNull();
		expect(sessionTokenFromCookieHeader(`tandem_session=${'a'.repeat(500)}`)).toBeNull();
	});
});

describe('the session and access lookups', () => {
	it('prepare their SQL once per database, not on every call', async () => {
		db.insert(workspaces).values({ id: 'w1', name: 'W', createdAt: 0 }).run();
		db.insert(accounts).values({ id: 'a1', workspaceId: 'w1', name: 'Acme', ownerId: 'u1', createdAt: 0 }).run();
		db.insert(boards).values({ id: 'b1', accountId: 'a1', name: 'B', template: 'blank', createdBy: 'u1', createdAt: 0, lastActivityAt: 0 }).run();
		const token = generateSessionToken();
		await createSession(db, token, { userId: 'u1' }, 1_000);
		const warm = async () => {
			expect((await validateSessionToken(db, token, 2_000))?.user?.id).toBe('u1');
			expect(await resolveBoardAccess(db, { kind: 'user', userId: 'u1', name: 'U1' }, 'b1')).toEqual({ boardId: 'b1', role: 'facilitator', side: 'supplier' });
		};
		await warm();
		const prepare = vi.spyOn(db.$client, 'prepare');
		await warm();
		await warm();
		expect(prepare).not.toHaveBeenCalled();
	});
});
