import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { matrixMap } from '../../../src/lib/board/doc/matrix.ts';
import { cell, CLIENTS, liveBoard, TARGETS } from '../../fixtures/liveMatrix.ts';
import { computeAlignment, lowest } from '../../../src/lib/board/views/alignment.ts';
import { computeConfidence } from '../../../src/lib/board/views/confidence.ts';

// The scorecard's projections read a live snapshot incrementally (issue #15): after any sequence of
// cell changes they must equal the same projection computed from a full re-read of the document.

const board = liveBoard;
/** Sum of w(a) · w(b) over the 10 pairs of weights 3, 2, 1, 3, 2. */
const totalWeight = () => {
	const w = [3, 2, 1, 3, 2];
	let sum = 0;
	for (let i = 0; i < w.length; i++) for (let j = i + 1; j < w.length; j++) sum += w[i] * w[j];
	return sum;
};

describe('scorecard projections on a live snapshot', () => {
	it('alignment after one changed cell: the hand-computed pair, the other pairs kept as they were', () => {
		const { doc, live } = board();
		const before = computeAlignment(live.snapshot(), { limit: 3 });
		// Everyone rates everything 2: every pair agrees fully.
		expect(before.board).toBe(1);
		expect(before.divergent).toHaveLength(3);
		matrixMap(doc).set('c0|g0', cell(3));
		const after = computeAlignment(live.snapshot(), { limit: 3 });
		// c0 now differs from each other client on 1 of 5 targets by 1: 1 - 1 / (3 · 5) = 14/15.
		for (const p of after.pairs) expect(p.alignment).toBeCloseTo(p.a === 'c0' ? 14 / 15 : 1, 12);
		// Pairs without c0 are the previous results themselves.
		for (const p of after.pairs) if (p.a !== 'c0') expect(p).toBe(before.pairs.find((q) => q.a === p.a && q.b === p.b));
		// The three most divergent: pairs with c0 (executive, weight 3), the heavier pair first, then ids:
		// c3 executive (3 · 3), then c1 and c4 senior (3 · 2); c2 manager (3 · 1) is fourth.
		expect(after.divergent.map((p) => `${p.a}|${p.b}`)).toEqual(['c0|c3', 'c0|c1', 'c0|c4']);
		// Pair-weighted mean: the c0 pairs (weights 9 + 6 + 6 + 3 = 24 of 47) lose 1/15 each.
		expect(totalWeight()).toBe(47);
		expect(after.board).toBeCloseTo(1 - 24 / 15 / 47, 12);
	});

	it('alignment and confidence equal a full re-read after a seeded sequence of cell changes', () => {
		const { doc, live } = board();
		let seed = 15;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let step = 0; step < 80; step++) {
			const key = `${CLIENTS[rnd(CLIENTS.length)]}|${TARGETS[rnd(TARGETS.length)]}`;
			const v = rnd(6);
			if (v === 5) matrixMap(doc).delete(key);
			else matrixMap(doc).set(key, cell(v === 4 ? null : v, rnd(2) === 1));
			const limit = rnd(2) ? 2 : undefined;
			const snapshot = live.snapshot();
			const incremental = computeAlignment(snapshot, { limit });
			const conf = computeConfidence(snapshot);
			computeAlignment({}); // forget the last result
			const full = toSnapshot(doc, null);
			expect(incremental, `step ${step}`).toEqual(computeAlignment(full, { limit }));
			expect(conf, `step ${step}`).toEqual(computeConfidence(full));
			// The live results are the last ones again, so the next step reads only what it changed
			// (without this every step after the first was a full pass and the incremental path untested).
			computeAlignment(snapshot, { limit });
			computeConfidence(snapshot);
		}
	});
});

describe('lowest', () => {
	it('gives the first k of a sort, for any k', () => {
		let seed = 3;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let run = 0; run < 50; run++) {
			const items = Array.from({ length: rnd(60) }, (_, i) => ({ v: rnd(7), i }));
			const order = (a: { v: number; i: number }, b: { v: number; i: number }) => a.v - b.v || a.i - b.i;
			for (const k of [0, 1, 3, 5, items.length, items.length + 2]) expect(lowest(items, k, order)).toEqual([...items].sort(order).slice(0, k));
		}
		expect(lowest([3, 1, 2, 5, 4, 0, 9, 8, 7, 6, 10, 11, 12, 13], 3, (a, b) => a - b)).toEqual([0, 1, 2]);
	});
});
