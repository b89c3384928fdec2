import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { AppDb } from '../db/index.ts';
import { one, q } from '../db/query.ts';

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

async function countOf(db: AppDb, key: string, policy: Backoff, now: number): Promise<{ count: number; last: number }> {
	const { orm, t } = q(db);
	const row = await one(orm.select().from(t.rateLimits).where(eq(t.rateLimits.key, key)));
	if (!row || now - row.windowStart >= policy.forgetAfterMs) return { count: 0, last: 0 };
	return { count: row.count, last: row.windowStart };
}

/** How long one more attempt on `key` must wait (0: go ahead). */
export async function waitMs(db: AppDb, key: string, policy: Backoff, now = Date.now()): Promise<number> {
	const { count, last } = await countOf(db, key, policy, now);
	if (count < policy.free) return 0;
	const delay = Math.min(policy.baseMs * 2 ** Math.min(count - policy.free, 30), policy.maxMs);
	return Math.max(0, last + delay - now);
}

/** Counts one attempt. Called before the slow part (argon2), so parallel guesses count too. */
export async function record(db: AppDb, key: string, policy: Backoff, now = Date.now()): Promise<void> {
	const { orm, t } = q(db);
	const count = (await countOf(db, key, policy, now)).count + 1;
	await orm
		.insert(t.rateLimits)
		.values({ key, count, windowStart: now })
		.onConflictDoUpdate({ target: t.rateLimits.key, set: { count, windowStart: now } });
	await maybePrune(db, now);
}

/** Takes back one attempt that turned out fine (a correct password counts for nothing). */
export async function forgive(db: AppDb, key: string): Promise<void> {
	const { orm, t } = q(db);
	const { rateLimits } = t;
	// CASE rather than SQLite's two-argument max(): the same SQL on both backends.
	await orm
		.update(rateLimits)
		.set({ count: sql`CASE WHEN ${rateLimits.count} > 0 THEN ${rateLimits.count} - 1 ELSE 0 END` })
		.where(eq(rateLimits.key, key));
}

export async function reset(db: AppDb, key: string): Promise<void> {
	const { orm, t } = q(db);
	await orm.delete(t.rateLimits).where(eq(t.rateLimits.key, key));
}

/** Deletes rows nobody touched for PRUNE_AFTER_MS. */
export async function prune(db: AppDb, now = Date.now()): Promise<void> {
	const { orm, t } = q(db);
	await orm.delete(t.rateLimits).where(and(lt(t.rateLimits.windowStart, now - PRUNE_AFTER_MS), ne(t.rateLimits.key, PRUNED_KEY)));
}

async function maybePrune(db: AppDb, now: number): Promise<void> {
	const { orm, t } = q(db);
	const row = await one(orm.select().from(t.rateLimits).where(eq(t.rateLimits.key, PRUNED_KEY)));
	if (row && now - row.windowStart < PRUNE_EVERY_MS) return;
	await prune(db, now);
	await orm
		.insert(t.rateLimits)
		.values({ key: PRUNED_KEY, count: 0, windowStart: now })
		.onConflictDoUpdate({ target: t.rateLimits.key, set: { windowStart: now } });
}
