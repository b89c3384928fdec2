import { randomToken } from './ids.ts';
import { claimKey, seal, unseal, type PgFormClaims } from './formClaims.ts';

/**
 * Create forms carry a random token (a hidden `formToken` input, new each time the page loads):
 * a double click, a retried request or a resubmitted page posts the same token again, and gets
 * the first result instead of a second account, board or link. Remembered in memory per session
 * for a while (a restart forgets them: the window they guard is seconds long); with several nodes
 * in PostgreSQL (formClaims.ts), since the two posts of a double click may reach two nodes.
 */
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;
const TOKEN = /^[a-z0-9]{16,64}$/i;

/** A repeat waits this long for the first post's result (on another node) before giving up. */
const WAIT_MS = 15_000;
const POLL_MS = 50;

const seen = new Map<string, { at: number; result: unknown }>();
let shared: PgFormClaims | null = null;

/** Several nodes: claims are taken in PostgreSQL (server/app.ts). */
export function shareFormClaims(through: PgFormClaims | null): void {
	shared = through;
}

export const newFormToken = (): string => randomToken();

/**
 * Runs `create` once per (session, action, token); a repeat returns what the first run returned.
 * Only what `create` returns is remembered: a refused form (it returns or throws before creating)
 * can be corrected and posted again with the same token. Without a well-formed token it just runs.
 * The claim is taken synchronously, before `create` awaits anything: a repeat arriving while the
 * first run is still storing gets the first run's promise, and a run that rejects is forgotten.
 */
export function once<T>(scope: { sessionId: string | null; action: string }, form: FormData, create: () => T, now = Date.now()): T {
	const token = form.get('formToken');
	if (!scope.sessionId || typeof token !== 'string' || !TOKEN.test(token)) return create();
	const key = `${scope.sessionId}\u0000${scope.action}\u0000${token}`;
	if (shared) return onceShared(shared, claimKey(key), token, create) as T;
	const hit = seen.get(key);
	if (hit && now - hit.at < TTL_MS) return hit.result as T;
	const result = create();
	seen.set(key, { at: now, result });
	if (result instanceof Promise)
		result.catch(() => {
			if (seen.get(key)?.result === result) seen.delete(key);
		});
	prune(now);
	return result;
}

function prune(now: number): void {
	for (const [key, entry] of seen) {
		// Insertion order is age order: stop at the first one still fresh, unless over the cap.
		if (now - entry.at < TTL_MS && seen.size <= MAX_ENTRIES) break;
		seen.delete(key);
	}
}

export class FormStillRunningError extends Error {}

async function onceShared<T>(claims: PgFormClaims, key: string, token: string, create: () => T): Promise<Awaited<T>> {
	for (;;) {
		if (await claims.claim(key, TTL_MS)) {
			let result: Awaited<T>;
			try {
				result = await create();
			} catch (err) {
				await claims.release(key).catch(() => {});
				throw err;
			}
			await claims.settle(key, seal(token, result));
			return result;
		}
		// The first post runs (here or on another node): its result, once stored, is the answer.
		const deadline = Date.now() + WAIT_MS;
		let sealed: Buffer | null | undefined = null;
		while (sealed === null && Date.now() < deadline) {
			sealed = await claims.result(key);
			if (sealed === null) await new Promise((r) => setTimeout(r, POLL_MS));
		}
		if (sealed) return unseal(token, sealed) as Awaited<T>;
		// The first one failed and let go: this one may try.
		if (sealed === undefined) continue;
		throw new FormStillRunningError('This form is still being sent: reload the page in a moment.');
	}
}
