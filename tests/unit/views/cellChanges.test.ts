import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LiveSnapshot } from '../../../src/lib/board/doc/liveSnapshot.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { goalsMap } from '../../../src/lib/board/doc/schema.ts';
import { stakeholdersMap } from '../../../src/lib/board/doc/stakeholders.ts';
import { matrixMap } from '../../../src/lib/board/doc/matrix.ts';
import { addClient, addGoal, cell, CLIENTS, liveBoard, TARGETS } from '../../fixtures/liveMatrix.ts';
import { cellChanges, noteCellChanges } from '../../../src/lib/board/views/cellChanges.ts';
import { computeAlignment } from '../../../src/lib/board/views/alignment.ts';
import { computeConfidence } from '../../../src/lib/board/views/confidence.ts';
import { computeConvergence, weightSums } from '../../../src/lib/board/views/convergence.ts';
import type { BoardSnapshot, Cell } from '../../../src/lib/board/views/types.ts';

// A live snapshot reports which places of its cells array a change replaced (issue #15), and the
// projections read only those: what they give must equal a full pass over a fresh re-read.

const board = liveBoard;

/** Every projection that reads changed places, as it is from `s` and as a full pass gives it. */
function projections(s: BoardSnapshot) {
	const { W, sums } = weightSums(s);
	return { W, sums: Object.fromEntries(sums), convergence: computeConvergence(s), alignment: computeAlignment(s, { limit: 4 }), confidence: computeConfidence(s) };
}
/**
 * The projections of the live snapshot now equal those of a full re-read; then the live snapshot's
 * results are the last ones again, so the next change is read from its places only.
 */
function expectFullPass(doc: Y.Doc, live: LiveSnapshot, what: string): ReturnType<typeof projections> {
	const s = live.snapshot();
	const got = projections(s);
	// Results for an empty board first: each projection forgets its last result, so what follows is
	// a full pass (else alignment would take the pairs of rows equal to the last ones as they were).
	projections(toSnapshot(new Y.Doc(), null));
	expect(got, what).toEqual(projections(toSnapshot(doc, null)));
	projections(s);
	return got;
}

describe('cellChanges', () => {
	it('gives the places a live snapshot replaced: two cells set in one transaction', () => {
		const { doc, live } = board();
		const before = live.snapshot().cells;
		doc.transact(() => {
			matrixMap(doc).set('c2|k1', cell(1));
			matrixMap(doc).set('c0|g0', cell(3));
			matrixMap(doc).set('c2|k1', cell(0)); // the same cell twice: one place
		});
		const now = live.snapshot().cells;
		// c0|g0 is the first cell; c2|k1 is row 2 (× 5), then k1 after g0, g1, k0: 10 + 3.
		expect(cellChanges(before, now)).toEqual([0, 13]);
		expect(now[13]).toMatchObject({ stakeholderId: 'c2', targetId: 'k1', priority: 0 });
		expect(Object.isFrozen(now)).toBe(true);
	});

	it('reads the record, not the arrays, when there is one', () => {
		const a = Object.freeze([{ stakeholderId: 's', targetId: 't' } as Cell, { stakeholderId: 's', targetId: 'u' } as Cell]);
		const b = Object.freeze([a[0], { ...a[1] }]);
		const record = [1];
		noteCellChanges(a, b, record);
		expect(cellChanges(a, b)).toBe(record);
		// Against any other array it compares: here every place differs from a fresh copy.
		const c = Object.freeze([{ ...a[0] }, { ...a[1] }]);
		expect(cellChanges(c, b)).toEqual([0, 1]);
		// Arrays that may still change, or of another length, cannot be told apart that way.
		expect(cellChanges(a, [a[0], a[1]])).toBeNull();
		expect(cellChanges(a, Object.freeze([a[0]]))).toBeNull();
	});

	it('a cell cleared in place: the hand-computed sums, and a full pass agrees', () => {
		const { doc, live } = board();
		projections(live.snapshot());
		doc.transact(() => {
			matrixMap(doc).set('c0|g0', cell(1)); // c0 (weight 3) no longer shares g0
			matrixMap(doc).set('c2|k1', cell(null)); // c2 (weight 1) clears k1
		});
		const got = expectFullPass(doc, live, 'cleared in place');
		expect(got.W).toBe(11);
		expect(got.sums.g0).toEqual({ shared: 8, known: 11 });
		expect(got.sums.k1).toEqual({ shared: 10, known: 10 });
		expect(got.sums.g1).toEqual({ shared: 11, known: 11 });
	});

	it('every rating of a target cleared: the target leaves the sums, as in a full pass', () => {
		const { doc, live } = board();
		projections(live.snapshot());
		doc.transact(() => {
			for (const c of CLIENTS) matrixMap(doc).set(`${c}|k2`, cell(null));
		});
		const got = expectFullPass(doc, live, 'column cleared');
		expect(got.sums.k2).toBeUndefined();
		expect(got.convergence.targets.find((t) => t.targetId === 'k2')).toMatchObject({ sharedWeight: 0, knownWeight: 0 });
	});

	it('a cell deleted, a stakeholder or a goal added or removed while cells change: a full pass', () => {
		const { doc, live } = board();
		const steps: [string, () => void][] = [
			['cell deleted', () => matrixMap(doc).delete('c1|g1')],
			['client added with a cell', () => {
				addClient(doc, 'c5', 5); // manager, weight 1
				matrixMap(doc).set('c5|g0', cell(3));
				matrixMap(doc).set('c0|k0', cell(0));
			}],
			['goal added with a cell', () => {
				addGoal(doc, 'g2', 6);
				matrixMap(doc).set('c3|g2', cell(2));
				matrixMap(doc).set('c3|g0', cell(1));
			}],
			['client removed while a cell changes', () => {
				stakeholdersMap(doc).delete('c4');
				matrixMap(doc).set('c1|k0', cell(3));
			}],
			['goal removed while a cell changes', () => {
				goalsMap(doc).delete('k2');
				matrixMap(doc).set('c2|g1', cell(0));
			}]
		];
		projections(live.snapshot());
		for (const [what, step] of steps) {
			const before = live.snapshot().cells;
			doc.transact(step);
			if (what !== 'cell deleted') expect(live.snapshot().cells.length, what).not.toBe(before.length);
			expectFullPass(doc, live, what);
		}
		// After those: c5 rates g0 3 (weight 1), c0 (3) rates g0 2, c3 (3) rates it 1, c1 (2) and c2 (1) 2:
		// shared 1 + 3 + 2 + 1 = 7 of known 10, W = 3 + 2 + 1 + 3 + 1 = 10 (c4 gone).
		const { W, sums } = weightSums(live.snapshot());
		expect(W).toBe(10);
		expect(sums.get('g0')).toEqual({ shared: 7, known: 10 });
	});

	it('a projection that missed a snapshot in between compares the arrays, and agrees with a full pass', () => {
		const { doc, live } = board();
		projections(live.snapshot());
		matrixMap(doc).set('c0|g0', cell(0));
		const skipped = live.snapshot(); // nobody reads this one
		matrixMap(doc).set('c1|g1', cell(3));
		const now = live.snapshot();
		expect(cellChanges(skipped.cells, now.cells)).toEqual([6]); // row 1, g1: 5 + 1
		const got = expectFullPass(doc, live, 'skipped a snapshot');
		// g0: c0 (3) now rates it 0: shared 11 - 3 = 8, known 11.
		expect(got.sums.g0).toEqual({ shared: 8, known: 11 });
	});

	it('equals a full pass after a seeded sequence of transactions of one to four cells', () => {
		const { doc, live } = board();
		let seed = 7;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		let recorded = 0;
		for (let step = 0; step < 120; step++) {
			const before = live.snapshot().cells;
			doc.transact(() => {
				for (let k = 1 + rnd(4); k > 0; k--) {
					const key = `${CLIENTS[rnd(CLIENTS.length)]}|${TARGETS[rnd(TARGETS.length)]}`;
					const v = rnd(7);
					if (v === 6) matrixMap(doc).delete(key);
					else matrixMap(doc).set(key, cell(v >= 4 ? null : v, rnd(2) === 1));
				}
			});
			const now = live.snapshot().cells;
			// A recorded change gives the same array each time; comparing gives a new one.
			if (cellChanges(before, now) === cellChanges(before, now)) recorded++;
			expectFullPass(doc, live, `step ${step}`);
		}
		// Most transactions only replace cells (a deletion, or a null where nothing was, changes the shape).
		expect(recorded).toBeGreaterThan(60);
	});
});
