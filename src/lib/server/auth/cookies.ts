import type { RequestEvent } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { SESSION_COOKIE } from './session.ts';

export function setSessionCookie(event: RequestEvent, token: string, expiresAt: number): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// Secure everywhere but plain-http development and tests on localhost.
		secure: !dev && event.url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(event: RequestEvent): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
}
