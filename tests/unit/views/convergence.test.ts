import { describe, expect, it } from 'vitest';
import { computeConvergence, keepUnchangedConvergence, normalizeSnapshot } from '../../../src/lib/board/views/index.ts';
import { weightSums } from '../../../src/lib/board/views/convergence.ts';
import { cleanSnapshot } from '../../../src/lib/board/views/normalize.ts';
import type { BoardSnapshot } from '../../../src/lib/board/views/types.ts';
import { TARGET_ORDER, expected, noisyExample, workedExample } from '../../fixtures/worked-example.ts';

describe('convergence — worked example', () => {
	for (const [name, board] of [['clean', workedExample], ['noisy', noisyExample]] as const) {
		it(`matches the hand-computed shares (${name})`, () => {
			const view = computeConvergence(board);
			expect(view.totalWeight).toBe(expected.totalWeight);
			expect(view.threshold).toBe(0.5);
			expect(view.targets.map((t) => t.targetId)).toEqual(TARGET_ORDER);
			for (const t of view.targets) {
				const e = expected.convergence[t.targetId as keyof typeof expected.convergence];
				expect(t.shared, t.targetId).toBeCloseTo(e.shared, 12);
				expect(t.known, t.targetId).toBeCloseTo(e.known, 12);
				expect(t.converges, t.targetId).toBe(e.converges);
			}
			expect(view.ranked.map((t) => t.targetId)).toEqual(expected.ranked);
			expect(view.convergedCount).toBe(3);
		});
	}

	it('keeps the raw weights for display', () => {
		const g1 = computeConvergence(workedExample).targets[0]!;
		expect([g1.sharedWeight, g1.knownWeight]).toEqual([7, 8]);
	});

	it('uses the board threshold, an option overrides it, and equality converges', () => {
		const ids = (b: unknown, o?: { threshold?: number }) =>
			computeConvergence(b, o)
				.targets.filter((t) => t.converges)
				.map((t) => t.targetId);
		expect(ids(workedExample)).toEqual(expected.convergedAt['0.5']);
		expect(ids(workedExample, { threshold: 2 / 3 })).toEqual(expected.convergedAt.twoThirds);
		expect(ids(workedExample, { threshold: 0.75 })).toEqual(expected.convergedAt['0.75']);
		expect(ids({ ...workedExample, meta: { threshold: 0.75 } })).toEqual(expected.convergedAt['0.75']);
		// invalid overrides / settings fall back
		expect(ids(workedExample, { threshold: Number.NaN })).toEqual(expected.convergedAt['0.5']);
		expect(ids(workedExample, { threshold: 1.5 })).toEqual(expected.convergedAt['0.5']);
		expect(ids({ ...workedExample, meta: { threshold: '0.75' } })).toEqual(expected.convergedAt['0.5']);
	});
});

describe('convergence — edge cases', () => {
	it('no client stakeholders: W = 0 gives 0, not NaN, and nothing converges even at threshold 0', () => {
		const board = { ...workedExample, stakeholders: { s1: workedExample.stakeholders.s1 } };
		const view = computeConvergence(board, { threshold: 0 });
		expect(view.totalWeight).toBe(0);
		for (const t of view.targets) {
			expect(t.shared).toBe(0);
			expect(t.known).toBe(0);
			expect(t.converges).toBe(false);
		}
	});

	it('empty / garbage input gives an empty view', () => {
		for (const raw of [undefined, null, 42, 'board', [], {}, { stakeholders: 5, goals: 'x', cells: {} }]) {
			expect(computeConvergence(raw)).toEqual({ threshold: 0.5, totalWeight: 0, targets: [], ranked: [], convergedCount: 0 });
		}
	});

	it('ignores priorities 7, "2", null, NaN, 2.5 and cells of deleted or supplier stakeholders', () => {
		const board = {
			stakeholders: [
				{ id: 'a', side: 'client', level: 'executive' },
				{ id: 'b', side: 'client', level: 'manager' },
				{ id: 's', side: 'supplier', level: 'executive' }
			],
			targets: [{ id: 'g', kind: 'goal' }],
			cells: [
				{ stakeholderId: 'a', targetId: 'g', priority: 7 },
				{ stakeholderId: 'b', targetId: 'g', priority: '2' },
				{ stakeholderId: 'gone', targetId: 'g', priority: 3 },
				{ stakeholderId: 's', targetId: 'g', priority: 3 }
			]
		};
		const [g] = computeConvergence(board).targets;
		expect(g).toMatchObject({ shared: 0, known: 0, converges: false });
		for (const bad of [null, Number.NaN, 2.5, -1, undefined, true, [2], { p: 2 }]) {
			const b2 = { ...board, cells: [{ stakeholderId: 'a', targetId: 'g', priority: bad }] };
			expect(computeConvergence(b2).targets[0]).toMatchObject({ shared: 0, known: 0 });
		}
		const ok = { ...board, cells: [{ stakeholderId: 'a', targetId: 'g', priority: 2 }] };
		expect(computeConvergence(ok).targets[0]).toMatchObject({ shared: 3 / 4, known: 3 / 4, converges: true });
	});

	it('priority 0 and 1 are known but not shared', () => {
		const board = {
			stakeholders: [
				{ id: 'a', side: 'client', level: 'senior' },
				{ id: 'b', side: 'client', level: 'senior' }
			],
			targets: [{ id: 'g', kind: 'goal' }],
			cells: [
				{ stakeholderId: 'a', targetId: 'g', priority: 0 },
				{ stakeholderId: 'b', targetId: 'g', priority: 1 }
			]
		};
		expect(computeConvergence(board).targets[0]).toMatchObject({ shared: 0, known: 1 });
	});
});

describe('convergence — kept from one change to the next (issue #15)', () => {
	// Two client managers (weight 1 each), goals G and H. By hand: a rates G 3, b rates G 1 → G shared
	// 1/2, known 1; H unrated → 0 / 0. Then b rates H 2 → H shared 1/2, known 1/2; G unchanged.
	const board = (bH: number | null) =>
		normalizeSnapshot({
			stakeholders: ['a', 'b'].map((id) => ({ id, side: 'client', level: 'manager' })),
			targets: [
				{ id: 'G', kind: 'goal' },
				{ id: 'H', kind: 'goal' }
			],
			cells: [
				{ stakeholderId: 'a', targetId: 'G', priority: 3 },
				{ stakeholderId: 'b', targetId: 'G', priority: 1 },
				...(bH === null ? [] : [{ stakeholderId: 'b', targetId: 'H', priority: bH }])
			]
		});

	it('keeps the targets that did not change, and the whole view when none did', () => {
		const before = keepUnchangedConvergence(null, computeConvergence(board(null)));
		expect(before.targets.map((t) => [t.targetId, t.shared, t.known])).toEqual([
			['G', 0.5, 1],
			['H', 0, 0]
		]);
		expect(keepUnchangedConvergence(before, computeConvergence(board(null)))).toBe(before);
		const after = keepUnchangedConvergence(before, computeConvergence(board(2)));
		expect(after.targets.map((t) => [t.targetId, t.shared, t.known])).toEqual([
			['G', 0.5, 1],
			['H', 0.5, 0.5]
		]);
		expect(after.targets[0]).toBe(before.targets[0]);
		expect(after.targets[1]).not.toBe(before.targets[1]);
		// The ranking holds the same objects: G (known 1) before H (known 0.5) at equal shares.
		expect(after.ranked).toEqual([after.targets[0], after.targets[1]]);
		expect(after.ranked[0]).toBe(after.targets[0]);
		expect(after).toEqual(computeConvergence(board(2)));
	});
});

// Issue #15, part 4: a keystroke in a goal keeps the snapshot's cells and stakeholders arrays, so
// the 12,000 cells of a board at the limits are not added up again for it.
describe('convergence: weight sums per cells and stakeholders', () => {
	const clean = (over: Partial<BoardSnapshot> = {}) => normalizeSnapshot({ ...workedExample, ...over });
	it('adds the cells up once per cells and stakeholders arrays, again when either changes', () => {
		const a = clean();
		const typed = cleanSnapshot({ ...a, targets: a.targets.map((t, i) => (i === 0 ? { ...t, text: `${t.text}!` } : t)) });
		expect(weightSums(typed)).toBe(weightSums(a));
		expect(computeConvergence(typed).targets[0].text).toBe(`${a.targets[0].text}!`);
		expect(computeConvergence(typed).targets.map((t) => t.shared)).toEqual(computeConvergence(a).targets.map((t) => t.shared));
		// Another cells array or stakeholders array: added up again, with the new result.
		const cells = cleanSnapshot({ ...a, cells: a.cells.map((c, i) => (i === 0 ? { ...c, priority: c.priority === 3 ? 0 : 3 } : c)) });
		expect(weightSums(cells)).not.toBe(weightSums(a));
		expect(computeConvergence(cells)).toEqual(computeConvergence(normalizeSnapshot(JSON.parse(JSON.stringify(cells)))));
		const people = cleanSnapshot({ ...a, stakeholders: [...a.stakeholders] });
		expect(weightSums(people)).not.toBe(weightSums(a));
		expect(weightSums(people)).toEqual(weightSums(a));
	});
});

describe('convergence: weight sums after cells changed in place', () => {
	it("re-adds only the changed cells' targets, equal to a full pass (random changes)", () => {
		// 12 client rows (every level) × 30 targets, every cell set.
		const levels = ['executive', 'senior', 'manager', 'staff'];
		const stakeholders = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, side: 'client', name: `S${i}`, level: levels[i % 4] }));
		const targets = Array.from({ length: 30 }, (_, i) => ({ id: `t${String(i).padStart(2, '0')}`, kind: 'goal', text: `T${i}`, order: `a${String(i).padStart(2, '0')}` }));
		const cells = stakeholders.flatMap((s, i) => targets.map((t, j) => ({ stakeholderId: s.id, targetId: t.id, priority: (i * j) % 4 })));
		let snap = normalizeSnapshot({ stakeholders, targets, cells });
		let before = weightSums(snap);
		let seed = 7;
		const rnd = (n: number) => ((seed = (seed * 16807) % 2147483647) % n);
		for (let k = 0; k < 20; k++) {
			const next = snap.cells.slice();
			for (let m = 0; m <= k % 3; m++) {
				const i = rnd(next.length);
				next[i] = Object.freeze({ ...next[i], priority: k % 5 === 4 ? null : (rnd(4) as 0 | 1 | 2 | 3) });
			}
			snap = cleanSnapshot({ ...snap, cells: Object.freeze(next) as typeof next });
			const sums = weightSums(snap);
			expect(sums).not.toBe(before);
			// A full pass over a copy (not the same arrays, so nothing is reused).
			expect(sums).toEqual(weightSums(normalizeSnapshot(JSON.parse(JSON.stringify(snap)))));
			expect(computeConvergence(snap)).toEqual(computeConvergence(JSON.parse(JSON.stringify(snap))));
			before = sums;
		}
	});
});

/** Two client stakeholders (s0 executive, weight 3; s1 manager, weight 1) and two goals. */
const twoByTwo = {
	stakeholders: [
		{ id: 's0', side: 'client', name: 'S0', level: 'executive' },
		{ id: 's1', side: 'client', name: 'S1', level: 'manager' }
	],
	targets: [
		{ id: 't0', kind: 'goal', text: 'T0', order: 'a0' },
		{ id: 't1', kind: 'goal', text: 'T1', order: 'a1' }
	]
};

describe('convergence: weight sums after cells changed in place, by hand', () => {
	it("takes a changed cell's old weight off its target and adds the new one; a target left without a rating is left out", () => {
		// s0 executive (weight 3), s1 manager (weight 1); shared is a rating of 2 or 3.
		const { stakeholders, targets } = twoByTwo;
		const cell = (s: string, t: string, priority: number | null) => ({ stakeholderId: s, targetId: t, priority });
		const first = normalizeSnapshot({ stakeholders, targets, cells: [cell('s0', 't0', 3), cell('s1', 't0', 1), cell('s0', 't1', 2), cell('s1', 't1', 0)] });
		const plain = (s: ReturnType<typeof weightSums>) => ({ W: s.W, sums: Object.fromEntries(s.sums) });
		expect(plain(weightSums(first))).toEqual({ W: 4, sums: { t0: { shared: 3, known: 4 }, t1: { shared: 3, known: 4 } } });
		// In place, as doc/liveSnapshot.ts does: same length, the changed cells replaced.
		const at = (snap: BoardSnapshot, changes: Record<string, number | null>) =>
			cleanSnapshot({ ...snap, cells: Object.freeze(snap.cells.map((c) => (`${c.stakeholderId}/${c.targetId}` in changes ? Object.freeze({ ...c, priority: changes[`${c.stakeholderId}/${c.targetId}`] }) : c))) as BoardSnapshot['cells'] });
		// s0/t0 3 → 1 (no longer shared): t0 shared 3 − 3 = 0, known 4; t1 untouched.
		const second = at(first, { 's0/t0': 1 });
		const t1Before = weightSums(first).sums.get('t1');
		expect(plain(weightSums(second))).toEqual({ W: 4, sums: { t0: { shared: 0, known: 4 }, t1: { shared: 3, known: 4 } } });
		expect(weightSums(second).sums.get('t1')).toBe(t1Before);
		// Both t1 ratings cleared: t1 has no rated cell, so it is not listed (as in a full pass).
		const third = at(second, { 's0/t1': null, 's1/t1': null });
		expect(plain(weightSums(third))).toEqual({ W: 4, sums: { t0: { shared: 0, known: 4 } } });
		// s1/t1 rated 2 again: t1 shared 1, known 1.
		const fourth = at(third, { 's1/t1': 2 });
		expect(plain(weightSums(fourth))).toEqual({ W: 4, sums: { t0: { shared: 0, known: 4 }, t1: { shared: 1, known: 1 } } });
		// The earlier results are not changed by the later ones (they stay cached per cells array).
		expect(plain(weightSums(first))).toEqual({ W: 4, sums: { t0: { shared: 3, known: 4 }, t1: { shared: 3, known: 4 } } });
	});
});

describe('convergence: unchanged targets keep their result objects', () => {
	it('a changed cell makes a new result for its target only; the others are the same objects', () => {
		// s0 executive (3), s1 manager (1): W = 4, threshold 0.5.
		const { stakeholders, targets } = twoByTwo;
		const cell = (s: string, t: string, priority: number) => ({ stakeholderId: s, targetId: t, priority });
		const first = normalizeSnapshot({ stakeholders, targets, cells: [cell('s0', 't0', 3), cell('s1', 't0', 1), cell('s0', 't1', 1), cell('s1', 't1', 2)], settings: { threshold: 0.5 } });
		const a = computeConvergence(first);
		// t0: shared 3/4, known 4/4, converges; t1: shared 1/4, known 4/4.
		expect(a.targets.map((t) => [t.targetId, t.shared, t.known, t.converges])).toEqual([
			['t0', 0.75, 1, true],
			['t1', 0.25, 1, false]
		]);
		// s0/t1 1 → 3, in place: t1 shared (3 + 1)/4 = 1, and ranks first (shared 1 > 0.75).
		const second = cleanSnapshot({ ...first, cells: Object.freeze(first.cells.map((c) => (c.stakeholderId === 's0' && c.targetId === 't1' ? Object.freeze({ ...c, priority: 3 as const }) : c))) as BoardSnapshot['cells'] });
		const b = computeConvergence(second);
		expect(b.targets[0]).toBe(a.targets[0]);
		expect(b.targets[1]).not.toBe(a.targets[1]);
		expect([b.targets[1].shared, b.targets[1].known, b.targets[1].converges]).toEqual([1, 1, true]);
		expect(b.ranked.map((t) => t.targetId)).toEqual(['t1', 't0']);
		expect(b.convergedCount).toBe(2);
		// A new threshold (0.8) is another result for every target: t0 no longer converges.
		const third = cleanSnapshot({ ...second, settings: Object.freeze({ threshold: 0.8 }) });
		const c = computeConvergence(third);
		expect(c.targets[0]).not.toBe(b.targets[0]);
		expect(c.targets.map((t) => t.converges)).toEqual([false, true]);
		// keepUnchangedConvergence hands back the same view when nothing changed.
		expect(keepUnchangedConvergence(c, computeConvergence(third))).toBe(c);
	});
});
