import { describe, expect, it } from 'vitest';
import { computeAlignment, pairAgain, type PairAlignment } from '../../../src/lib/board/views/alignment.ts';
import type { BoardSnapshot, Cell, Priority } from '../../../src/lib/board/views/types.ts';

// A pair whose rows changed at a few targets is its previous result with those targets compared
// again (issue #15): it must be the pair a full pass over every target gives.

const TARGETS = ['t0', 't1', 't2', 't3', 't4'];
const index = new Map(TARGETS.map((t, i) => [t, i]));
type Rows = Map<string, Map<string, Priority>>;
const rows = (r: Record<string, (Priority | null)[]>): Rows =>
	new Map(
		Object.entries(r).map(([id, ps]) => [id, new Map(ps.flatMap((p, i) => (p === null ? [] : [[TARGETS[i], p] as const])))])
	);

function snapshotOf(r: Rows): BoardSnapshot {
	const cells: Cell[] = [];
	for (const [s, row] of r) for (const [t, p] of row) cells.push({ stakeholderId: s, targetId: t, priority: p, validated: false, note: '', provenance: null } as unknown as Cell);
	return {
		stakeholders: [...r.keys()].map((id, i) => ({ id, name: id, side: 'client', level: i ? 'senior' : 'executive', order: `a${i}` })),
		targets: TARGETS.map((id, i) => ({ id, kind: 'goal', parentId: null, text: id, order: `a${i}` })),
		cells,
		internal: { relations: [], ability: [] },
		settings: { threshold: 0.5 }
	} as unknown as BoardSnapshot;
}
/** The pair a and b as a full pass gives it. */
function full(r: Rows): PairAlignment {
	computeAlignment({}); // forget the last result
	return computeAlignment(snapshotOf(r)).pairs[0];
}

describe('pairAgain', () => {
	it('takes the changed targets out and puts them in again: the hand-computed pair', () => {
		// a: 3 2 1 – 0, b: 1 2 2 0 0. Common t0, t1, t2, t4; differences 2, 0, 1, 0: total 3 of 4.
		const before = rows({ a: [3, 2, 1, null, 0], b: [1, 2, 2, 0, 0] });
		const old = full(before);
		expect(old.common).toBe(4);
		expect(old.alignment).toBe(1 - 3 / 12);
		expect(old.disagreements.map((d) => d.targetId)).toEqual(['t0', 't2']);
		// a rates t3 3 (difference 3 with b's 0) and t0 1 (now equal to b's): common 5, total 1 + 3 = 4.
		const now = rows({ a: [1, 2, 1, 3, 0], b: [1, 2, 2, 0, 0] });
		const got = pairAgain(old, ['t3', 't0'], before, now, index);
		expect(got.common).toBe(5);
		expect(got.alignment).toBe(1 - 4 / 15);
		expect(got.disagreements).toEqual([
			{ targetId: 't3', a: 3, b: 0, difference: 3 },
			{ targetId: 't2', a: 1, b: 2, difference: 1 }
		]);
		expect(got).toEqual(full(now));
	});

	it('ties keep board order; a cleared rating leaves common; no common target gives null', () => {
		const before = rows({ a: [2, null, 2, null, null], b: [1, 1, 3, 1, null] });
		const old = full(before); // t0 and t2, both difference 1
		expect(old.disagreements.map((d) => d.targetId)).toEqual(['t0', 't2']);
		// t1 set to 2 (difference 1, between t0 and t2 in board order); t0 cleared.
		const mid = rows({ a: [null, 2, 2, null, null], b: [1, 1, 3, 1, null] });
		const got = pairAgain(old, ['t1', 't0'], before, mid, index);
		expect(got.disagreements.map((d) => d.targetId)).toEqual(['t1', 't2']);
		expect(got.common).toBe(2);
		expect(got).toEqual(full(mid));
		// Both ratings of a cleared: nothing in common.
		const none = rows({ a: [null, null, null, null, null], b: [1, 1, 3, 1, null] });
		const empty = pairAgain(got, ['t1', 't2', 't1'], mid, none, index);
		expect(empty).toEqual({ ...full(none), alignment: null, common: 0, disagreements: [] });
	});

	it('equals a full pass after a seeded sequence of edits to either row or both', () => {
		let seed = 11;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const pick = (): Priority | null => (rnd(5) === 4 ? null : (rnd(4) as Priority));
		let r = rows({ a: TARGETS.map(pick), b: TARGETS.map(pick) });
		let pair = full(r);
		for (let step = 0; step < 300; step++) {
			const next: Rows = new Map([...r].map(([id, row]) => [id, new Map(row)]));
			const edited: string[] = [];
			for (let k = 1 + rnd(3); k > 0; k--) {
				const t = TARGETS[rnd(TARGETS.length)];
				const row = next.get(rnd(2) ? 'a' : 'b')!;
				const p = pick();
				if (p === null) row.delete(t);
				else row.set(t, p);
				edited.push(t);
			}
			pair = pairAgain(pair, edited, r, next, index);
			expect(pair, `step ${step}`).toEqual(full(next));
			r = next;
		}
	});
});

