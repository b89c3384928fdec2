import { describe, expect, it } from 'vitest';
import { colSlots, matrixLayout } from '../../../src/lib/components/board/matrix/grid.ts';
import type { Target } from '../../../src/lib/board/views/types.ts';

// What the matrix rows read of the columns (issue #15): their ids and group starts only, the very
// same array while those stay, so typing in a goal re-renders the header and no row.

const target = (id: string, kind: 'goal' | 'csf', parentId: string | null, text: string) => ({ id, kind, parentId, text }) as Target;

describe('colSlots', () => {
	const targets = [target('g1', 'goal', null, 'Grow'), target('c1', 'csf', 'g1', 'Win'), target('g2', 'goal', null, 'Cut')];

	it('lists each column id and whether it starts a group', () => {
		expect(colSlots(matrixLayout({ targets }).cols)).toEqual([
			{ id: 'g1', first: true },
			{ id: 'c1', first: false },
			{ id: 'g2', first: true }
		]);
	});

	it('hands back the previous array when only texts changed, a new one when ids or groups did', () => {
		const before = colSlots(matrixLayout({ targets }).cols);
		const typed = matrixLayout({ targets: [target('g1', 'goal', null, 'Grow share'), targets[1], targets[2]] }).cols;
		expect(typed[0].text).toBe('Grow share');
		expect(colSlots(typed, before)).toBe(before);
		const moved = colSlots(matrixLayout({ targets: [targets[0], targets[2], target('c1', 'csf', 'g2', 'Win')] }).cols, before);
		expect(moved).not.toBe(before);
		expect(moved).toEqual([
			{ id: 'g1', first: true },
			{ id: 'g2', first: true },
			{ id: 'c1', first: false }
		]);
		expect(colSlots(matrixLayout({ targets: targets.slice(0, 2) }).cols, before)).toHaveLength(2);
	});
});
