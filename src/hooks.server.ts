import { isHttpError, isRedirect, json, text, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getDb } from '$lib/server/db/index.ts';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session.ts';
import { principalOf } from '$lib/server/auth/principal.ts';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookies.ts';
import { startApp } from '../server/app.ts';

/**
 * Runs once, before the first request: opens the database and starts the sync server inside this
 * module graph, so the routes and the sync server share one copy of every server module.
 */
export const init: ServerInit = async () => {
	await startApp(process.env);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses any state-changing request whose Origin is not our own (forms, fetches, everything),
 * with a 403 that names the address to use: the common case is a person who opened the app at
 * another address of the same machine (127.0.0.1 for localhost) than ORIGIN.
 */
const handleOrigin: Handle = ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin) return refuseOrigin(event, origin);
	}
	return resolve(event);
};

function refuseOrigin(event: RequestEvent, used: string | null): Response {
	const ours = event.url.origin;
	const message = used
		? `This Tandem is configured for ${ours}; open it there (you used ${used}).`
		: `This Tandem accepts changes only from its own pages: open it at ${ours} (your browser sent no Origin header).`;
	const accept = event.request.headers.get('accept') ?? '';
	// An enhanced form (use:enhance) shows an action result's error on the error page.
	if (event.request.headers.has('x-sveltekit-action')) return json({ type: 'error', status: 403, error: { message } }, { status: 403 });
	if (accept.includes('text/html')) {
		const here = escapeHtml(ours + event.url.pathname);
		const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Wrong address · Tandem</title><main style="font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>Wrong address</h1><p>${escapeHtml(message)}</p><p><a href="${here}">Go to ${here}</a></p></main></html>`;
		return new Response(page, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
	}
	return refuse(event, 403, message);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An error answered by the hooks themselves (returned, not thrown, so handleHeaders still runs). */
function refuse(event: RequestEvent, status: number, message: string): Response {
	const wantsJson = (event.request.headers.get('accept') ?? '').includes('application/json');
	return wantsJson ? json({ message }, { status }) : text(message, { status });
}

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.guest = null;
	event.locals.sessionId = null;
	event.locals.principal = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return resolve(event);
	const result = await validateSessionToken(getDb(), token);
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

/**
 * For responses SvelteKit does not give a policy (endpoints, errors raised before a page renders):
 * nothing may run or load, nothing may frame it. Pages carry kit.csp from svelte.config.js.
 */
const FALLBACK_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The HTML report (/boards/[id]/report/view) ships no JavaScript (csr = false), so its bars keep
 * their server-rendered style="width:…%" attributes: only there they are allowed. Their values are
 * clamped numbers (presence/cssValues.ts); text a person wrote never becomes an attribute.
 */
function relaxForReport(event: RequestEvent, response: Response): void {
	if (event.route.id !== '/boards/[id]/report/view') return;
	const csp = response.headers.get('Content-Security-Policy');
	if (csp) response.headers.set('Content-Security-Policy', csp.replace(/style-src-attr [^;]*/, "style-src-attr 'unsafe-inline'"));
}

function secure(response: Response, event?: RequestEvent): Response {
	if (event) relaxForReport(event, response);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	if (!response.headers.has('Content-Security-Policy')) response.headers.set('Content-Security-Policy', FALLBACK_CSP);
	return response;
}

/** First in the chain, so refusals and failures of the later hooks get the headers too. */
const handleHeaders: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (err) {
		if (isRedirect(err)) throw err;
		if (isHttpError(err)) response = refuse(event, err.status, err.body.message);
		else {
			console.error(`${event.request.method} ${event.url.pathname} failed in a hook`, err);
			response = refuse(event, 500, 'Internal Error');
		}
	}
	return secure(response, event);
};

export const handle = sequence(handleHeaders, handleOrigin, handleSession);
