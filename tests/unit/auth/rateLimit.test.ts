import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateLimits } from '../../../src/lib/server/db/schema.ts';
import { PRUNE_AFTER_MS, PRUNE_EVERY_MS, forgive, prune, record, reset, waitMs, type Backoff } from '../../../src/lib/server/auth/rateLimit.ts';
import { tempDb } from '../testDb.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';

const S = 1000;
const MIN = 60 * S;
const policy: Backoff = { free: 3, baseMs: MIN, maxMs: 5 * MIN, forgetAfterMs: 15 * MIN };
let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe('the attempt limiter (injected clock)', () => {
	it('lets the free attempts through, then backs off exponentially up to the cap', async () => {
		let now = 1_000_000;
		const waits: number[] = [];
		for (let i = 0; i < 8; i++) {
			waits.push(await waitMs(db, 'k', policy, now));
			now += waits.at(-1)!; // the caller waits exactly as long as told
			await record(db, 'k', policy, now);
		}
		expect(waits).toEqual([0, 0, 0, MIN, 2 * MIN, 4 * MIN, 5 * MIN, 5 * MIN]);
	});

	it('measures the wait from the latest attempt', async () => {
		for (let i = 0; i < 3; i++) await record(db, 'k', policy, 0);
		expect(await waitMs(db, 'k', policy, 0)).toBe(MIN);
		expect(await waitMs(db, 'k', policy, 40 * S)).toBe(20 * S);
		expect(await waitMs(db, 'k', policy, MIN)).toBe(0);
	});

	it('forgets a key left alone for forgetAfterMs', async () => {
		for (let i = 0; i < 6; i++) await record(db, 'k', policy, 0);
		expect(await waitMs(db, 'k', policy, 0)).toBe(5 * MIN);
		expect(await waitMs(db, 'k', policy, 15 * MIN)).toBe(0);
		await record(db, 'k', policy, 15 * MIN);
		expect(db.select().from(rateLimits).all().find((r) => r.key === 'k')?.count).toBe(1);
	});

	it('keeps keys apart, and forgive/reset take attempts back', async () => {
		for (let i = 0; i < 3; i++) await record(db, 'a', policy, 0);
		expect(await waitMs(db, 'a', policy, 0)).toBe(MIN);
		expect(await waitMs(db, 'b', policy, 0)).toBe(0);
		await forgive(db, 'a');
		expect(await waitMs(db, 'a', policy, 0)).toBe(0);
		await record(db, 'a', policy, 0);
		await reset(db, 'a');
		expect(await waitMs(db, 'a', policy, 0)).toBe(0);
		await forgive(db, 'nothing'); // no row: nothing happens
	});

	it('prunes rows nobody touched for a day, on its own from record at most every PRUNE_EVERY_MS', async () => {
		await record(db, 'old', policy, 0);
		await record(db, 'recent', policy, PRUNE_AFTER_MS - MIN);
		const keys = () => db.select().from(rateLimits).all().map((r) => r.key).filter((k) => !k.startsWith('~')).sort();
		expect(keys()).toEqual(['old', 'recent']);
		await prune(db, PRUNE_AFTER_MS + 1);
		expect(keys()).toEqual(['recent']);

		await record(db, 'old', policy, PRUNE_AFTER_MS + 2); // just pruned: no prune pass yet
		const later = 2 * PRUNE_AFTER_MS + PRUNE_EVERY_MS;
		await record(db, 'new', policy, later);
		expect(keys()).toEqual(['new']);
	});
});
