import { describe, expect, it } from 'vitest';
import { computeAlignment, normalizeSnapshot, pairAlignment } from '../../../src/lib/board/views/index.ts';
import { expected, noisyExample, workedExample } from '../../fixtures/worked-example.ts';

const key = (p: { a: string; b: string }) => `${p.a}|${p.b}`;

describe('alignment — worked example', () => {
	for (const [name, board] of [['clean', workedExample], ['noisy', noisyExample]] as const) {
		it(`matches the hand-computed pairs and board alignment (${name})`, () => {
			const view = computeAlignment(board);
			expect(view.pairs.map(key)).toEqual(Object.keys(expected.alignment.pairs));
			for (const p of view.pairs) {
				const e = expected.alignment.pairs[key(p) as keyof typeof expected.alignment.pairs];
				if (e.alignment === null) expect(p.alignment, key(p)).toBeNull();
				else expect(p.alignment, key(p)).toBeCloseTo(e.alignment, 12);
				expect(p.common, key(p)).toBe(e.common);
				expect(p.weight, key(p)).toBe(e.weight);
			}
			expect(view.board).toBeCloseTo(expected.alignment.board, 12);
			expect(view.divergent.map(key)).toEqual(expected.alignment.divergent);
		});
	}

	it('lists the targets each pair disagrees on most', () => {
		const byKey = new Map(computeAlignment(workedExample).pairs.map((p) => [key(p), p]));
		for (const [k, list] of Object.entries(expected.alignment.disagreements)) {
			expect(byKey.get(k)?.disagreements, k).toEqual(list);
		}
	});

	it('limit keeps only the most divergent pairs', () => {
		expect(computeAlignment(workedExample, { limit: 2 }).divergent.map(key)).toEqual(['c2|c3', 'c2|c5']);
		expect(computeAlignment(workedExample, { limit: 0 }).divergent).toEqual([]);
		expect(computeAlignment(workedExample, { limit: Number.NaN }).divergent).toHaveLength(9);
	});

	it('pairAlignment is symmetric and matches the pair list', () => {
		expect(pairAlignment(workedExample, 'c2', 'c3')).toBeCloseTo(4 / 9, 12);
		expect(pairAlignment(workedExample, 'c3', 'c2')).toBe(pairAlignment(workedExample, 'c2', 'c3'));
		expect(pairAlignment(workedExample, 'c4', 'c5')).toBeNull();
		expect(pairAlignment(workedExample, 'c1', 'c1')).toBe(1);
	});
});

describe('alignment — edge cases', () => {
	it('is null for non-client or unknown stakeholders', () => {
		expect(pairAlignment(workedExample, 'c1', 's1')).toBeNull();
		expect(pairAlignment(workedExample, 'c1', 'gone')).toBeNull();
		expect(pairAlignment(null, 'a', 'b')).toBeNull();
	});

	it('board alignment is null with fewer than two clients or no common ratings', () => {
		expect(computeAlignment({})).toEqual({ board: null, pairs: [], divergent: [] });
		const board = {
			stakeholders: [
				{ id: 'a', side: 'client', level: 'senior' },
				{ id: 'b', side: 'client', level: 'senior' }
			],
			targets: [
				{ id: 'g', kind: 'goal' },
				{ id: 'h', kind: 'goal' }
			],
			cells: [
				{ stakeholderId: 'a', targetId: 'g', priority: 3 },
				{ stakeholderId: 'b', targetId: 'h', priority: 3 },
				{ stakeholderId: 'b', targetId: 'g', priority: 'x' }
			]
		};
		const view = computeAlignment(board);
		expect(view.board).toBeNull();
		expect(view.pairs).toEqual([{ a: 'a', b: 'b', alignment: null, common: 0, weight: 4, disagreements: [] }]);
		expect(view.divergent).toEqual([]);
	});

	it('opposite ratings give 0, equal ratings give 1', () => {
		const board = (pb: number) => ({
			stakeholders: [
				{ id: 'a', side: 'client', level: 'manager' },
				{ id: 'b', side: 'client', level: 'manager' }
			],
			targets: [{ id: 'g', kind: 'goal' }],
			cells: [
				{ stakeholderId: 'a', targetId: 'g', priority: 0 },
				{ stakeholderId: 'b', targetId: 'g', priority: pb }
			]
		});
		expect(computeAlignment(board(3)).board).toBe(0);
		expect(computeAlignment(board(0)).board).toBe(1);
	});
});

describe('alignment — after one cell changes (issue #15)', () => {
	// Three client managers (weight 1 each), two goals. By hand:
	//   a: T1 3, T2 0 · b: T1 3, T2 3 · c: T1 0, T2 3
	//   a|b: gaps 0, 3 → 1 − 1.5/3 = 0.5 · a|c: 3, 3 → 0 · b|c: 3, 0 → 0.5 · board (0.5 + 0 + 0.5) / 3 = 1/3
	// c sets T1 to 3: a|c: 0, 3 → 0.5 · b|c: 0, 0 → 1 · a|b unchanged 0.5 · board 2/3.
	const board = (cT1: number) =>
		normalizeSnapshot({
			stakeholders: ['a', 'b', 'c'].map((id) => ({ id, side: 'client', level: 'manager' })),
			targets: [
				{ id: 'T1', kind: 'goal' },
				{ id: 'T2', kind: 'goal' }
			],
			cells: [
				['a', 'T1', 3],
				['a', 'T2', 0],
				['b', 'T1', 3],
				['b', 'T2', 3],
				['c', 'T1', cT1],
				['c', 'T2', 3]
			].map(([stakeholderId, targetId, priority]) => ({ stakeholderId, targetId, priority }))
		});

	it('recomputes only the pairs of the changed row, with the hand-computed results', () => {
		const before = computeAlignment(board(0));
		expect(before.pairs.map((p) => [key(p), p.alignment])).toEqual([
			['a|b', 0.5],
			['a|c', 0],
			['b|c', 0.5]
		]);
		expect(before.board).toBeCloseTo(1 / 3, 12);
		const after = computeAlignment(board(3));
		expect(after.pairs.map((p) => [key(p), p.alignment])).toEqual([
			['a|b', 0.5],
			['a|c', 0.5],
			['b|c', 1]
		]);
		expect(after.board).toBeCloseTo(2 / 3, 12);
		expect(after.divergent.map(key)).toEqual(['a|b', 'a|c', 'b|c']);
		// a|b did not change: the very same result, not computed again.
		expect(after.pairs[0]).toBe(before.pairs[0]);
		expect(after.pairs[1]).not.toBe(before.pairs[1]);
		// And back: the same as computed from scratch.
		expect(computeAlignment(board(0))).toEqual(before);
	});

	it('equals a computation from scratch after any sequence of changes', () => {
		const ids = ['a', 'b', 'c', 'd'];
		const targets = ['T1', 'T2', 'T3'];
		const cells = new Map<string, number | null>();
		let seed = 7;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const snap = () =>
			normalizeSnapshot({
				stakeholders: ids.map((id, i) => ({ id, side: 'client', level: ['manager', 'senior', 'executive', 'manager'][i] })),
				targets: targets.map((id) => ({ id, kind: 'goal' })),
				cells: [...cells].map(([k, priority]) => ({ stakeholderId: k.split('|')[0], targetId: k.split('|')[1], priority }))
			});
		for (let step = 0; step < 60; step++) {
			const k = `${ids[rnd(ids.length)]}|${targets[rnd(targets.length)]}`;
			const v = rnd(5);
			if (v === 4) cells.delete(k);
			else cells.set(k, v);
			const incremental = computeAlignment(snap());
			computeAlignment({}); // forget the last result
			expect(computeAlignment(snap()), `step ${step}`).toEqual(incremental);
		}
	});
});
