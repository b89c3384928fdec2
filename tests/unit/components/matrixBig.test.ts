import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { CellLines, cellLines, colWindow, groupsIn, matrixLayout, matrixRows, OVERSCAN_COLS, OVERSCAN_ROWS, RENDER_ALL_COLS, RENDER_ALL_ROWS, rowWindow } from '../../../src/lib/components/board/matrix/grid.ts';
import { LiveSnapshot } from '../../../src/lib/board/doc/liveSnapshot.ts';
import { fillBigBoard } from '../../fixtures/bigBoard.ts';
import { matrixMap, setNote, setPriority, toggleValidated, unsetPriority } from '../../../src/lib/board/doc/matrix.ts';
import { addStakeholder, deleteStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { addGoal, deleteGoal, goalText } from '../../../src/lib/board/doc/goals.ts';
import type { Priority } from '../../../src/lib/board/views/types.ts';

// The matrix on a big board: cell lines kept per row equal a full rebuild, and the rendered
// column window always covers the view and the cursor.

const stamp = { by: { id: 'u', name: 'U' }, sessionId: 's' };
const author = stamp.by;

describe('CellLines', () => {
	it('equals cellLines after any sequence of changes (seeded property)', () => {
		const ROWS = ['cl0', 'cl1', 'cl2', 'cl-new'];
		const COLS = ['g0', 'g0c0', 'g1', 'g1c1', 'g-new'];
		const op = fc.oneof(
			fc.tuple(fc.constantFrom(...ROWS), fc.constantFrom(...COLS), fc.constantFrom<Priority>(0, 1, 2, 3)).map(([s, t, p]) => (d: Y.Doc) => setPriority(d, s, t, p, stamp)),
			fc.tuple(fc.constantFrom(...ROWS), fc.constantFrom(...COLS)).map(([s, t]) => (d: Y.Doc) => unsetPriority(d, s, t, stamp)),
			fc.tuple(fc.constantFrom(...ROWS), fc.constantFrom(...COLS)).map(([s, t]) => (d: Y.Doc) => void toggleValidated(d, s, t, stamp)),
			fc.tuple(fc.constantFrom(...ROWS), fc.constantFrom(...COLS), fc.constantFrom('', 'n')).map(([s, t, n]) => (d: Y.Doc) => setNote(d, s, t, n, stamp)),
			fc.constantFrom(...ROWS).map((s) => (d: Y.Doc) => deleteStakeholder(d, s)),
			fc.constant((d: Y.Doc) => void addStakeholder(d, 'cl-new', { name: 'New', side: 'client' })),
			fc.constantFrom('g1', 'g-new').map((g) => (d: Y.Doc) => deleteGoal(d, g)),
			fc.constant((d: Y.Doc) => void addGoal(d, { id: 'g-new', text: 'New', author })),
			fc.constant((d: Y.Doc) => goalText(d, 'g0')?.insert(0, 'x'))
		);
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
				const doc = new Y.Doc();
				fillBigBoard(doc, { goals: 2, csfsPerGoal: 2, clients: 3, suppliers: 1 });
				const live = new LiveSnapshot(doc, null);
				for (const t of live.sources()) t.observeDeep((e) => live.changed(e));
				const memo = new CellLines();
				for (const change of ops) {
					change(doc);
					const snap = live.snapshot();
					const rows = matrixRows(snap);
					const cols = matrixLayout(snap).cols;
					expect(memo.update(snap.cells, rows, cols)).toEqual(cellLines(snap, rows, cols));
				}
			}),
			{ seed: 154, numRuns: 200 }
		);
	});

	it('re-reads only the row that changed: the other rows keep their lines', () => {
		const doc = new Y.Doc();
		fillBigBoard(doc, { goals: 3, csfsPerGoal: 2, clients: 4, suppliers: 0 });
		const live = new LiveSnapshot(doc, null);
		for (const t of live.sources()) t.observeDeep((e) => live.changed(e));
		const memo = new CellLines();
		const snap = live.snapshot();
		const rows = matrixRows(snap);
		const cols = matrixLayout(snap).cols;
		const a = memo.update(snap.cells, rows, cols);
		setPriority(doc, 'cl2', 'g1', matrixMap(doc).get('cl2|g1') && (matrixMap(doc).get('cl2|g1') as { priority: number }).priority === 3 ? 1 : 3, stamp);
		const b = memo.update(live.snapshot().cells, rows, cols);
		expect(b.get('cl2')).not.toBe(a.get('cl2'));
		for (const r of ['cl0', 'cl1', 'cl3']) expect(b.get(r)).toBe(a.get(r));
	});
});

describe('column window', () => {
	it('renders every column up to the limit for small boards', () => {
		expect(colWindow(RENDER_ALL_COLS, { scrollLeft: 5000, width: 800, colPx: 120 }, 0)).toEqual({ from: 0, to: RENDER_ALL_COLS });
	});

	it('covers the view with a margin, and the cursor column wherever it is', () => {
		fc.assert(
			fc.property(fc.integer({ min: RENDER_ALL_COLS + 1, max: 400 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 200, max: 2000 }), fc.integer({ min: -1, max: 400 }), (count, scrollLeft, width, cursor) => {
				const colPx = 120;
				const { from, to } = colWindow(count, { scrollLeft, width, colPx }, cursor);
				const first = Math.min(count - 1, Math.floor(scrollLeft / colPx));
				const last = Math.min(count - 1, Math.floor((scrollLeft + width) / colPx));
				expect(from).toBeGreaterThanOrEqual(0);
				expect(to).toBeLessThanOrEqual(count);
				expect(from).toBeLessThanOrEqual(Math.max(0, first - OVERSCAN_COLS));
				expect(to).toBeGreaterThanOrEqual(Math.min(count, last + 1));
				if (cursor >= 0 && cursor < count) expect(cursor >= from && cursor < to).toBe(true);
			}),
			{ seed: 15 }
		);
	});

	it('renders at the limits about as many columns as a 1440-pixel screen shows, not three times as many (paint cost per key)', () => {
		// 1400 px of grid at 120 px a column: 12 columns in view (the first 10 to 11 visible beside the name column).
		const view = { width: 1400, colPx: 120 };
		// At the left edge: columns 0..11 in view, 2 past the right edge (14), snapped up to a step of 4.
		expect(colWindow(300, { ...view, scrollLeft: 0 }, 0)).toEqual({ from: 0, to: 16 });
		// Scrolled to column 10: 10..21 in view, 2 either side (8..23), snapped to steps of 4.
		expect(colWindow(300, { ...view, scrollLeft: 1200 }, 10)).toEqual({ from: 8, to: 24 });
	});

	it('cuts goal groups to the window', () => {
		const groups = [
			{ id: 'a', text: 'A', span: 3, ref: 'G1' },
			{ id: 'b', text: 'B', span: 2, ref: 'G2' },
			{ id: 'c', text: 'C', span: 4, ref: 'G3' }
		];
		expect(groupsIn(groups, 2, 6).map((g) => [g.id, g.span, g.cut ?? false])).toEqual([['a', 1, true], ['b', 2, false], ['c', 1, true]]);
		expect(groupsIn(groups, 0, 9)[1]).toBe(groups[1]);
		expect(groupsIn(groups, 3, 5).map((g) => g.id)).toEqual(['b']);
	});
});

describe('row window', () => {
	it('renders every row up to the limit for small boards', () => {
		expect(rowWindow(RENDER_ALL_ROWS, { scrollTop: 5000, height: 400, rowPx: 39 }, 0)).toEqual({ from: 0, to: RENDER_ALL_ROWS });
		expect(rowWindow(40, { scrollTop: 0, height: 400, rowPx: 0 }, 0)).toEqual({ from: 0, to: 40 }); // not measured yet
	});

	it('renders at the limits the rows in the scroll box and two past each edge, not all 40', () => {
		// 458 px below the sticky header at 39 px a row: 12 rows in view (11.7, the last one cut).
		const view = { height: 458, rowPx: 39 };
		// At the top: rows 0..11 in view, 2 past the bottom edge (14), snapped up to a step of 4.
		expect(rowWindow(40, { ...view, scrollTop: 0 }, 0)).toEqual({ from: 0, to: 16 });
		// Scrolled by 10 rows: 10..21 in view, 2 either side (8..23), snapped to steps of 4.
		expect(rowWindow(40, { ...view, scrollTop: 390 }, 10)).toEqual({ from: 8, to: 24 });
		// At the bottom (1560 − 458 = 1102 px, row 28.3 at the top): 26..39, the start snapped down to 24.
		expect(rowWindow(40, { ...view, scrollTop: 1102 }, 39)).toEqual({ from: 24, to: 40 });
		// The cursor's row is rendered wherever it is: above the window, or below it.
		expect(rowWindow(40, { ...view, scrollTop: 390 }, 0)).toEqual({ from: 0, to: 24 });
		expect(rowWindow(40, { ...view, scrollTop: 390 }, 30)).toEqual({ from: 8, to: 31 });
	});

	it('covers the scroll box with a margin, and the cursor row wherever it is', () => {
		fc.assert(
			fc.property(fc.integer({ min: RENDER_ALL_ROWS + 1, max: 200 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 50, max: 1500 }), fc.integer({ min: -1, max: 200 }), (count, scrollTop, height, cursor) => {
				const rowPx = 39;
				const { from, to } = rowWindow(count, { scrollTop, height, rowPx }, cursor);
				const first = Math.min(count - 1, Math.floor(scrollTop / rowPx));
				const last = Math.min(count - 1, Math.floor((scrollTop + height) / rowPx));
				expect(from).toBeGreaterThanOrEqual(0);
				expect(to).toBeLessThanOrEqual(count);
				expect(from).toBeLessThanOrEqual(Math.max(0, first - OVERSCAN_ROWS));
				expect(to).toBeGreaterThanOrEqual(Math.min(count, last + 1));
				if (cursor >= 0 && cursor < count) expect(cursor >= from && cursor < to).toBe(true);
			}),
			{ seed: 15 }
		);
	});
});
