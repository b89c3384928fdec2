import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';

/**
 * Fixed-window limiter kept in SQLite, so it survives restarts. `hit` counts one attempt and
 * reports how long to wait when the window's budget is spent.
 */
export function hit(db: Db, key: string, limit: number, windowMs: number, now = Date.now()) {
	const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
	if (!row || now - row.windowStart >= windowMs) {
		db.insert(rateLimits)
			.values({ key, count: 1, windowStart: now })
			.onConflictDoUpdate({ target: rateLimits.key, set: { count: 1, windowStart: now } })
			.run();
		return { allowed: true, retryAfterMs: 0 };
	}
	if (row.count >= limit) return { allowed: false, retryAfterMs: row.windowStart + windowMs - now };
	db.update(rateLimits).set({ count: row.count + 1 }).where(eq(rateLimits.key, key)).run();
	return { allowed: true, retryAfterMs: 0 };
}

export function reset(db: Db, key: string): void {
	db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}
