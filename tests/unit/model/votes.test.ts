import { describe, expect, it } from 'vitest';
import { ballotError, describeDivergence, divergence, ranksOf, tallyBySide, topItems, withDots, dotsUsed } from '../../../src/lib/board/model/votes.ts';

const rules = { items: ['a', 'b', 'c'], budget: 5, maxPerItem: 3 };

describe('ballot rules', () => {
	it('accepts a ballot within budget and per-item cap', () => {
		expect(ballotError(rules, { a: 3, b: 2 })).toBeNull();
		expect(ballotError(rules, {})).toBeNull();
	});
	it('refuses more dots than the budget', () => {
		expect(ballotError(rules, { a: 3, b: 2, c: 1 })).toMatch(/5 dots in all/);
	});
	it('refuses more than the per-item maximum', () => {
		expect(ballotError(rules, { a: 4 })).toMatch(/At most 3/);
	});
	it('refuses items outside the vote and non-integers', () => {
		expect(ballotError(rules, { z: 1 })).toMatch(/not part/);
		expect(ballotError(rules, { a: 1.5 })).toMatch(/whole/);
		expect(ballotError(rules, { a: -1 })).toMatch(/whole/);
	});
	it('adds and removes dots, dropping zeros', () => {
		expect(withDots({ a: 1 }, 'a', -1)).toEqual({});
		expect(withDots({ a: 1 }, 'b', 2)).toEqual({ a: 1, b: 2 });
		expect(withDots({}, 'a', -1)).toEqual({});
		expect(dotsUsed({ a: 2, b: 3 })).toBe(5);
	});
});

describe('tally by side', () => {
	it('adds each side apart, every item present', () => {
		const t = tallyBySide(['a', 'b', 'c'], [
			{ side: 'client', dots: { a: 3, b: 1 } },
			{ side: 'client', dots: { a: 1 } },
			{ side: 'supplier', dots: { b: 2, c: 2 } },
			{ side: 'supplier', dots: { z: 9 } }
		]);
		expect(t).toEqual({ a: { client: 4, supplier: 0 }, b: { client: 1, supplier: 2 }, c: { client: 0, supplier: 2 } });
	});
});

describe('divergence', () => {
	// Hand-computed: client a=5 b=3 c=1 d=0 e=0 → ranks a1 b2 c3 d4 e4;
	// supplier e=6 d=5 c=4 b=2 a=1 → ranks e1 d2 c3 b4 a5.
	const results = {
		a: { client: 5, supplier: 1 },
		b: { client: 3, supplier: 2 },
		c: { client: 1, supplier: 4 },
		d: { client: 0, supplier: 5 },
		e: { client: 0, supplier: 6 }
	};
	it('ranks with shared ranks for ties', () => {
		expect(ranksOf(results, 'client')).toEqual({ a: 1, b: 2, c: 3, d: 4, e: 4 });
		expect(ranksOf(results, 'supplier')).toEqual({ a: 5, b: 4, c: 3, d: 2, e: 1 });
	});
	it('lists the widest gaps first and leaves out agreement', () => {
		expect(divergence(results)).toEqual([
			{ ref: 'a', clientRank: 1, supplierRank: 5, gap: 4 },
			{ ref: 'e', clientRank: 4, supplierRank: 1, gap: -3 },
			{ ref: 'b', clientRank: 2, supplierRank: 4, gap: 2 },
			{ ref: 'd', clientRank: 4, supplierRank: 2, gap: -2 }
		]);
	});
	it('leaves out items without any dots', () => {
		expect(divergence({ a: { client: 1, supplier: 0 }, b: { client: 0, supplier: 0 } })).toEqual([]);
	});
	it('says it in words', () => {
		expect(describeDivergence({ ref: 'a', clientRank: 1, supplierRank: 5, gap: 4 }, 'Uptime')).toBe('The client side ranks “Uptime” first, the supplier side ranks it fifth.');
	});
	it('picks the top items by total dots', () => {
		// totals a6 b5 c5 d5 e6: the two sixes, ties by ref
		expect(topItems(results, 2)).toEqual(['a', 'e']);
		expect(topItems(results, 3)).toEqual(['a', 'e', 'b']);
		expect(topItems({ a: { client: 0, supplier: 0 } }, 3)).toEqual([]);
	});
});
