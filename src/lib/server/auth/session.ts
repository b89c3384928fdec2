import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../db/index.ts';
import { one, prepared, q, type Q } from '../db/query.ts';
import { hashToken, randomToken } from '../ids.ts';
import { notifySessionsEnded } from '../live.ts';

// Per the Lucia session guide: the cookie holds a random token, the database only its SHA-256.
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** A session used in its last 15 days is pushed out to a full lifetime again (sliding expiry). */
export const SESSION_RENEW_WITHIN_MS = 15 * DAY;
export const SESSION_COOKIE = 'tandem_session';

export function generateSessionToken(): string {
	return randomToken(20);
}

export type SessionOwner = { userId: string } | { guestId: string };

/** The stored row of a new session (also what test fixtures write straight into a database). */
export function sessionRow(token: string, owner: SessionOwner, now = Date.now()) {
	return {
		id: hashToken(token),
		userId: 'userId' in owner ? owner.userId : null,
		guestId: 'guestId' in owner ? owner.guestId : null,
		expiresAt: now + SESSION_LIFETIME_MS,
		createdAt: now
	};
}

export async function createSession(db: AppDb, token: string, owner: SessionOwner, now = Date.now()) {
	const { orm, t } = q(db);
	const session = sessionRow(token, owner, now);
	await orm.insert(t.sessions).values(session);
	return session;
}

// The lookups of every request and every socket (validateSessionToken), prepared once per database.
const sessionById = ({ orm, t }: Q) => orm.select().from(t.sessions).where(eq(t.sessions.id, sql.placeholder('id')));
const userById = ({ orm, t }: Q) =>
	orm.select({ id: t.users.id, email: t.users.email, name: t.users.name }).from(t.users).where(eq(t.users.id, sql.placeholder('id')));
const guestById = ({ orm, t }: Q) => orm.select().from(t.guests).where(eq(t.guests.id, sql.placeholder('id')));

export async function validateSessionToken(db: AppDb, token: string, now = Date.now()) {
	const id = hashToken(token);
	const row = await one(prepared(db, 'session_by_id', sessionById, { id }));
	if (!row) return null;
	if (now >= row.expiresAt) {
		await invalidateSession(db, id);
		return null;
	}
	const user = row.userId ? await one(prepared(db, 'user_by_id', userById, { id: row.userId })) : null;
	const guest = row.guestId ? await one(prepared(db, 'session_guest', guestById, { id: row.guestId })) : null;
	if (!user && (!guest || guest.removedAt !== null)) return null;
	let expiresAt = row.expiresAt;
	if (row.expiresAt - now < SESSION_RENEW_WITHIN_MS) {
		expiresAt = now + SESSION_LIFETIME_MS;
		const { orm, t } = q(db);
		await orm.update(t.sessions).set({ expiresAt }).where(eq(t.sessions.id, id));
	}
	return { session: { ...row, expiresAt }, user, guest };
}

export type SessionValidation = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>;
export type SessionUser = NonNullable<SessionValidation['user']>;
export type SessionGuest = NonNullable<SessionValidation['guest']>;

// Every deletion of a session goes through these two, so its open sockets close at once (4401).
export async function invalidateSession(db: AppDb, sessionId: string): Promise<void> {
	const { orm, t } = q(db);
	await orm.delete(t.sessions).where(eq(t.sessions.id, sessionId));
	notifySessionsEnded([sessionId]);
}

export async function invalidateGuestSessions(db: AppDb, guestId: string): Promise<void> {
	const { orm, t } = q(db);
	const ended = await orm.delete(t.sessions).where(eq(t.sessions.guestId, guestId)).returning({ id: t.sessions.id });
	notifySessionsEnded(ended.map((s) => s.id));
}

/** Reads the session token out of a raw Cookie header (for the WebSocket upgrade, outside SvelteKit). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eqAt = part.indexOf('=');
		if (eqAt < 0) continue;
		if (part.slice(0, eqAt).trim() === SESSION_COOKIE) {
			const value = part.slice(eqAt + 1).trim();
			return value.length > 0 && value.length < 200 ? value : null;
		}
	}
	return null;
}
