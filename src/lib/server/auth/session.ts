import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { sessions, users, guests } from '../db/schema.ts';
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

export function createSession(db: Db, token: string, owner: SessionOwner, now = Date.now()) {
	const session = {
		id: hashToken(token),
		userId: 'userId' in owner ? owner.userId : null,
		guestId: 'guestId' in owner ? owner.guestId : null,
		expiresAt: now + SESSION_LIFETIME_MS,
		createdAt: now
	};
	db.insert(sessions).values(session).run();
	return session;
}

export function validateSessionToken(db: Db, token: string, now = Date.now()) {
	const id = hashToken(token);
	const row = db.select().from(sessions).where(eq(sessions.id, id)).get();
	if (!row) return null;
	if (now >= row.expiresAt) {
		invalidateSession(db, id);
		return null;
	}
	const user = row.userId
		? (db
				.select({ id: users.id, email: users.email, name: users.name })
				.from(users)
				.where(eq(users.id, row.userId))
				.get() ?? null)
		: null;
	const guest = row.guestId ? (db.select().from(guests).where(eq(guests.id, row.guestId)).get() ?? null) : null;
	if (!user && (!guest || guest.removedAt !== null)) return null;
	let expiresAt = row.expiresAt;
	if (row.expiresAt - now < SESSION_RENEW_WITHIN_MS) {
		expiresAt = now + SESSION_LIFETIME_MS;
		db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id)).run();
	}
	return { session: { ...row, expiresAt }, user, guest };
}

export type SessionValidation = NonNullable<ReturnType<typeof validateSessionToken>>;
export type SessionUser = NonNullable<SessionValidation['user']>;
export type SessionGuest = NonNullable<SessionValidation['guest']>;

// Every deletion of a session goes through these two, so its open sockets close at once (4401).
export function invalidateSession(db: Db, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
	notifySessionsEnded([sessionId]);
}

export function invalidateGuestSessions(db: Db, guestId: string): void {
	const ended = db.delete(sessions).where(eq(sessions.guestId, guestId)).returning({ id: sessions.id }).all();
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
