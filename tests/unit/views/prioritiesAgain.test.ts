import { describe, expect, it } from 'vitest';
import { changedRows, prioritiesAgain } from '../../../src/lib/board/views/alignment.ts';
import { prioritiesOf } from '../../../src/lib/board/views/normalize.ts';
import type { BoardSnapshot, Cell, Priority } from '../../../src/lib/board/views/types.ts';

// The scorecard's alignment reads the client rows again after a cell change (issue #15): only the
// changed places of the cells array, never all of them. It must give what a full pass gives.

const cellOf = (stakeholderId: string, targetId: string, priority: Priority | null): Cell => ({ stakeholderId, targetId, priority, validated: false }) as Cell;
const rowsOf = (cells: readonly Cell[]) => prioritiesOf({ cells } as BoardSnapshot);
const plain = (m: Map<string, Map<string, Priority>>) => Object.fromEntries([...m].map(([id, row]) => [id, Object.fromEntries([...row].sort())]));

describe('prioritiesAgain', () => {
	it('takes the old rating out and puts the new one in, on the changed rows only', () => {
		const before = Object.freeze([cellOf('a', 'g1', 2), cellOf('a', 'g2', null), cellOf('b', 'g1', 3), cellOf('b', 'g2', 1)]);
		const rows = rowsOf(before);
		// a: g2 gets a 0, g1 loses its rating; b unchanged.
		const now = Object.freeze([cellOf('a', 'g1', null), cellOf('a', 'g2', 0), before[2], before[3]]);
		const changed = changedRows(before, now)!;
		expect(changed.at).toEqual([0, 1]);
		expect([...changed.ids]).toEqual(['a']);
		const out = prioritiesAgain(before, now, rows, changed);
		expect(plain(out)).toEqual({ a: { g2: 0 }, b: { g1: 3, g2: 1 } });
		expect(out.get('b')).toBe(rows.get('b'));
		// The last rating of a row goes: the row goes, as a full pass leaves it out.
		const empty = Object.freeze([cellOf('a', 'g1', null), cellOf('a', 'g2', null), before[2], before[3]]);
		expect([...prioritiesAgain(now, empty, out, changedRows(now, empty)!).keys()]).toEqual(['b']);
	});

	it('equals a full pass after a seeded sequence of random cell edits', () => {
		const ids = ['a', 'b', 'c', 'd'];
		const targets = ['g1', 'k1', 'k2', 'g2', 'k3'];
		let cells: readonly Cell[] = Object.freeze(ids.flatMap((s) => targets.map((t) => cellOf(s, t, null))));
		let rows = rowsOf(cells);
		let seed = 7;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let step = 0; step < 300; step++) {
			const next = cells.slice();
			for (let k = 1 + rnd(3); k > 0; k--) {
				const i = rnd(next.length);
				const v = rnd(5);
				next[i] = cellOf(next[i].stakeholderId, next[i].targetId, v === 4 ? null : (v as Priority));
			}
			const now = Object.freeze(next);
			rows = prioritiesAgain(cells, now, rows, changedRows(cells, now)!);
			expect(plain(rows), `step ${step}`).toEqual(plain(rowsOf(now)));
			cells = now;
		}
	});
});
