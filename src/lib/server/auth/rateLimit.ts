import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';

/**
 * Attempts counted per key (an address, an email+address pair) in SQLite, so limits survive
 * restarts. The first `free` attempts cost nothing; from then on each one must wait `baseMs`,
 * doubling per further attempt up to `maxMs`. A key left alone for `forgetAfterMs` starts over.
 * A row holds the count and the time of the latest attempt (the `window_start` column).
 */
export interface Backoff {
	free: number;
	baseMs: number;
	maxMs: number;
	forgetAfterMs: number;
}

/** Rows untouched for this long are deleted (longer than any policy's forgetAfterMs). */
export const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Pruning runs from `record`, at most this often; the last run is kept in a row of its own. */
export const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNED_KEY = '~pruned';

function countOf(db: Db, key: string, policy: Backoff, now: number): { count: number; last: number } {
	const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
	if (!row || now - row.windowStart >= policy.forgetAfterMs) return { count: 0, last: 0 };
	return { count: row.count, last: row.windowStart };
}

/** How long one more attempt on `key` must wait (0: go ahead). */
export function waitMs(db: Db, key: string, policy: Backoff, now = Date.now()): number {
	const { count, last } = countOf(db, key, policy, now);
	if (count < policy.free) return 0;
	const delay = Math.min(policy.baseMs * 2 ** Math.min(count - policy.free, 30), policy.maxMs);
	return Math.max(0, last + delay - now);
}

/** Counts one attempt. Called before the slow part (argon2), so parallel guesses count too. */
export function record(db: Db, key: string, policy: Backoff, now = Date.now()): void {
	const count = countOf(db, key, policy, now).count + 1;
	db.insert(rateLimits)
		.values({ key, count, windowStart: now })
		.onConflictDoUpdate({ target: rateLimits.key, set: { count, windowStart: now } })
		.run();
	maybePrune(db, now);
}

/** Takes back one attempt that turned out fine (a correct password counts for nothing). */
export function forgive(db: Db, key: string): void {
	db.update(rateLimits)
		.set({ count: sql`max(${rateLimits.count} - 1, 0)` })
		.where(eq(rateLimits.key, key))
		.run();
}

export function reset(db: Db, key: string): void {
	db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

/** Deletes rows nobody touched for PRUNE_AFTER_MS. */
export function prune(db: Db, now = Date.now()): void {
	db.delete(rateLimits)
		.where(and(lt(rateLimits.windowStart, now - PRUNE_AFTER_MS), ne(rateLimits.key, PRUNED_KEY)))
		.run();
}

function maybePrune(db: Db, now: number): void {
	const row = db.select().from(rateLimits).where(eq(rateLimits.key, PRUNED_KEY)).get();
	if (row && now - row.windowStart < PRUNE_EVERY_MS) return;
	prune(db, now);
	db.insert(rateLimits)
		.values({ key: PRUNED_KEY, count: 0, windowStart: now })
		.onConflictDoUpdate({ target: rateLimits.key, set: { windowStart: now } })
		.run();
}
