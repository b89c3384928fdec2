import { describe, expect, it } from 'vitest';
import { checkpointsToKeep, RETENTION } from '../../../src/lib/board/history/retention.ts';

const DAY = 86_400_000;
// now = day 1000 at 12:00 UTC
const now = 1000 * DAY + DAY / 2;
const auto = (id: string, at: number) => ({ id, kind: 'auto' as const, createdAt: at });

describe('checkpointsToKeep', () => {
	it('keeps every automatic checkpoint of the last 7 days', () => {
		const list = [auto('a', now - 1000), auto('b', now - 2000), auto('c', now - 6 * DAY)];
		expect(checkpointsToKeep(list, now)).toEqual(new Set(['a', 'b', 'c']));
	});
	it('keeps the newest of each day from 7 to 90 days', () => {
		// Day 990 (10 days ago): three checkpoints, 08:00, 09:00, 20:00 → keep the 20:00 one.
		const d = 990 * DAY;
		const list = [auto('m', d + 8 * 3600e3), auto('n', d + 9 * 3600e3), auto('o', d + 20 * 3600e3), auto('p', 989 * DAY + 1)];
		expect(checkpointsToKeep(list, now)).toEqual(new Set(['o', 'p']));
	});
	it('keeps the newest of each week beyond 90 days', () => {
		// Days 700..706 are week 100 (700/7); 707 starts week 101.
		const list = [auto('w1', 700 * DAY), auto('w2', 703 * DAY), auto('w3', 706 * DAY + 5), auto('w4', 707 * DAY)];
		expect(checkpointsToKeep(list, now)).toEqual(new Set(['w3', 'w4']));
	});
	it('keeps the newest 200 manual checkpoints whatever their age', () => {
		const list = Array.from({ length: RETENTION.manualMax + 3 }, (_, i) => ({ id: `m${i}`, kind: 'manual' as const, createdAt: now - i * 400 * DAY }));
		const keep = checkpointsToKeep(list, now);
		expect(keep.size).toBe(200);
		expect(keep.has('m0')).toBe(true);
		expect(keep.has('m199')).toBe(true);
		expect(keep.has('m200')).toBe(false);
	});
	it('counts manual and automatic separately', () => {
		const list = [{ id: 'm', kind: 'manual' as const, createdAt: 990 * DAY + 1 }, auto('a', 990 * DAY + 2)];
		expect(checkpointsToKeep(list, now)).toEqual(new Set(['m', 'a']));
	});
});
