import type { RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db/index.ts';
import { createSession, generateSessionToken, type SessionOwner } from './session.ts';
import { setSessionCookie } from './cookies.ts';

/** Starts a session for a user or a guest and sets the cookie. */
export async function startSession(event: RequestEvent, owner: SessionOwner): Promise<void> {
	const token = generateSessionToken();
	const session = await createSession(getDb(), token, owner);
	setSessionCookie(event, token, session.expiresAt);
}
