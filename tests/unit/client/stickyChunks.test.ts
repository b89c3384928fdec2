import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stickyChunksOf } from '../../../src/lib/board/client/stickyChunks.ts';

type Item = { id: string };
const key = (x: Item) => x.id;
const items = (ids: string) => [...ids].map((id) => ({ id }));

describe('stickyChunksOf', () => {
	const [a, b, c, d, e, f, g, h] = items('abcdefgh');

	it('cuts a list afresh into runs of the size, the last one shorter', () => {
		expect(stickyChunksOf([a, b, c, d, e], 2, key)).toEqual([[a, b], [c, d], [e]]);
		expect(stickyChunksOf([], 3, key)).toEqual([]);
		expect(() => stickyChunksOf([a], 0, key)).toThrow(RangeError);
	});

	it('keeps everything when nothing changed, and the other runs when one item changed in place', () => {
		const first = stickyChunksOf([a, b, c, d, e], 2, key);
		expect(stickyChunksOf([a, b, c, d, e], 2, key, first)).toBe(first);
		const c2 = { id: 'c' };
		const next = stickyChunksOf([a, b, c2, d, e], 2, key, first);
		expect(next).toEqual([[a, b], [c2, d], [e]]);
		expect(next[0]).toBe(first[0]);
		expect(next[1]).not.toBe(first[1]);
		expect(next[2]).toBe(first[2]);
	});

	it('a row moved far down leaves its run and joins another; the runs between are the same arrays', () => {
		const first = stickyChunksOf([a, b, c, d, e, f, g, h], 2, key);
		// b (a new object: its share changed) from rank 2 to rank 7.
		const b2 = { id: 'b' };
		const next = stickyChunksOf([a, c, d, e, f, g, b2, h], 2, key, first);
		expect(next).toEqual([[a], [c, d], [e, f], [g, b2, h]]);
		expect(next[1]).toBe(first[1]);
		expect(next[2]).toBe(first[2]);
		// Moved up again, past the runs between: it joins the run ending at d, and e, f stay as they are.
		const b3 = { id: 'b' };
		const back = stickyChunksOf([a, b3, c, d, e, f, g, h], 2, key, next);
		expect(back).toEqual([[a], [b3, c, d], [e, f], [g, h]]);
		expect(back[0]).toBe(next[0]);
		expect(back[2]).toBe(first[2]);
	});

	it('a run whose last item went ends at its last but one; a grown list fills the last run, then new ones', () => {
		const first = stickyChunksOf([a, b, c, d, e, f], 2, key);
		expect(stickyChunksOf([a, b, c, e, f], 2, key, first)).toEqual([[a, b], [c], [e, f]]);
		const five = stickyChunksOf([a, b, c, d, e], 2, key);
		expect(stickyChunksOf([a, b, c, d, e, f, g], 2, key, five)).toEqual([[a, b], [c, d], [e, f, g]]);
		// Past 2 × size the rest is cut afresh.
		expect(stickyChunksOf([a, b, c, d, e, f, g, h], 2, key, five)).toEqual([[a, b], [c, d], [e, f, g, h]]);
		expect(stickyChunksOf([...items('abcdefghij')], 2, key, five).map((r) => r.map(key).join(''))).toEqual(['ab', 'cd', 'e', 'fg', 'hi', 'j']);
	});

	it('reversed: runs whose ends are out of reach go, one end (f) is kept, the rest is cut afresh', () => {
		const first = stickyChunksOf([a, b, c, d, e, f, g, h], 2, key);
		expect(stickyChunksOf([h, g, f, e, d, c, b, a], 2, key, first)).toEqual([[h, g, f], [e, d], [c, b], [a]]);
	});

	it('after any edits the runs hold exactly the items, each 1 to 2 × size long; one moved item changes at most three runs of 3 or more', () => {
		const op = fc.oneof(
			fc.tuple(fc.constant('move' as const), fc.nat(), fc.nat()),
			fc.tuple(fc.constant('add' as const), fc.nat(), fc.nat()),
			fc.tuple(fc.constant('delete' as const), fc.nat(), fc.nat())
		);
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 60 }), fc.array(op, { maxLength: 40 }), (size, n, steps) => {
				let list: Item[] = Array.from({ length: n }, (_, i) => ({ id: `t${i}` }));
				let next = n;
				let runs = stickyChunksOf(list, size, key);
				for (const [kind, x, y] of steps) {
					list = [...list];
					const moved = kind === 'move' && list.length > 0;
					if (moved) {
						const [item] = list.splice(x % list.length, 1);
						list.splice(y % (list.length + 1), 0, { id: item.id });
					}
					if (kind === 'add') list.splice(x % (list.length + 1), 0, { id: `t${next++}` });
					if (kind === 'delete' && list.length) list.splice(x % list.length, 1);
					const before = runs;
					runs = stickyChunksOf(list, size, key, runs);
					expect(runs.flat()).toEqual(list);
					runs.flat().forEach((item, i) => expect(item).toBe(list[i]));
					for (const run of runs) expect(run.length).toBeGreaterThanOrEqual(1);
					for (const run of runs) expect(run.length).toBeLessThanOrEqual(2 * size);
					if (moved && size >= 3 && before.length <= 2 * Math.ceil(list.length / size)) expect(runs.filter((r) => !before.includes(r)).length).toBeLessThanOrEqual(3);
				}
			}),
			{ numRuns: 300 }
		);
	});
});
