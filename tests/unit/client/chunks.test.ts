import { describe, expect, it } from 'vitest';
import { chunksOf } from '../../../src/lib/board/client/chunks.ts';

describe('chunksOf', () => {
	const a = { id: 'a' };
	const b = { id: 'b' };
	const c = { id: 'c' };
	const d = { id: 'd' };
	const e = { id: 'e' };

	it('cuts the list into runs of the size, the last one shorter', () => {
		expect(chunksOf([a, b, c, d, e], 2)).toEqual([[a, b], [c, d], [e]]);
		expect(chunksOf([a, b], 2)).toEqual([[a, b]]);
		expect(chunksOf([], 3)).toEqual([]);
	});

	it('keeps the runs whose items did not change, and the whole result when none did', () => {
		const first = chunksOf([a, b, c, d, e], 2);
		expect(chunksOf([a, b, c, d, e], 2, first)).toBe(first);
		// One item replaced (a goal's text changed): only its run is new.
		const c2 = { id: 'c' };
		const next = chunksOf([a, b, c2, d, e], 2, first);
		expect(next).not.toBe(first);
		expect(next[0]).toBe(first[0]);
		expect(next[1]).toEqual([c2, d]);
		expect(next[1]).not.toBe(first[1]);
		expect(next[2]).toBe(first[2]);
	});

	it('gives new runs where the items moved, and follows a list that grew or shrank', () => {
		const first = chunksOf([a, b, c, d], 2);
		const moved = chunksOf([b, a, c, d], 2, first);
		expect(moved).toEqual([[b, a], [c, d]]);
		expect(moved[0]).not.toBe(first[0]);
		expect(moved[1]).toBe(first[1]);
		const grown = chunksOf([a, b, c, d, e], 2, first);
		expect(grown).toEqual([[a, b], [c, d], [e]]);
		expect(grown[0]).toBe(first[0]);
		const shrunk = chunksOf([a, b, c], 2, first);
		expect(shrunk).toEqual([[a, b], [c]]);
		expect(shrunk[0]).toBe(first[0]);
	});

	it('refuses a size below 1', () => {
		expect(() => chunksOf([a], 0)).toThrow(RangeError);
	});
});
