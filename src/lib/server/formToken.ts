import { randomToken } from './ids.ts';

/**
 * Create forms carry a random token (a hidden `formToken` input, new each time the page loads):
 * a double click, a retried request or a resubmitted page posts the same token again, and gets
 * the first result instead of a second account, board or link. Remembered in memory per session
 * for a while (a restart forgets them: the window they guard is seconds long).
 */
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;
const TOKEN = /^[a-z0-9]{16,64}$/i;

const seen = new Map<string, { at: number; result: unknown }>();

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
