import { error, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getDb } from '$lib/server/db/index.ts';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session.ts';
import { principalOf } from '$lib/server/auth/principal.ts';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookies.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses any state-changing request whose Origin is not our own (forms, fetches, everything). */
const handleOrigin: Handle = ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin) error(403, 'Cross-site request refused: the Origin header does not match this site.');
	}
	return resolve(event);
};

const handleSession: Handle = ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.guest = null;
	event.locals.sessionId = null;
	event.locals.principal = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return resolve(event);
	const result = validateSessionToken(getDb(), token);
	if (!result) {
		clearSessionCookie(event);
		return resolve(event);
	}
	setSessionCookie(event, token, result.session.expiresAt);
	event.locals.user = result.user;
	event.locals.guest = result.guest;
	event.locals.sessionId = result.session.id;
	event.locals.principal = principalOf(result);
	return resolve(event);
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handle = sequence(handleOrigin, handleSession, handleHeaders);
