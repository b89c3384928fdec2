import { describe, expect, it } from 'vitest';
import { keepNumbers, numberTargets } from '../../../src/lib/board/views/numbering.ts';
import { normalizeSnapshot } from '../../../src/lib/board/views/index.ts';
import { workedExample } from '../../fixtures/worked-example.ts';

describe('numberTargets', () => {
	it('numbers goals G1… in board order and CSFs G1.1… under their goal', () => {
		const { targets } = normalizeSnapshot(workedExample);
		const n = numberTargets(targets);
		expect(Object.fromEntries(n)).toEqual({ G1: 'G1', C1a: 'G1.1', C1b: 'G1.2', G2: 'G2', C2a: 'G2.1', G3: 'G3', C3a: 'G3.1', C3b: 'G3.2' });
	});

	it('does not depend on the order CSFs and goals are listed in, only on board order within each', () => {
		const n = numberTargets([
			{ id: 'c', kind: 'csf', parentId: 'b' },
			{ id: 'a', kind: 'goal', parentId: null },
			{ id: 'b', kind: 'goal', parentId: null },
			{ id: 'd', kind: 'csf', parentId: 'b' }
		]);
		expect([...n]).toEqual([
			['a', 'G1'],
			['b', 'G2'],
			['c', 'G2.1'],
			['d', 'G2.2']
		]);
	});

	it('gives orphaned CSFs distinct numbers of their own, never one of a real CSF', () => {
		const n = numberTargets([
			{ id: 'g', kind: 'goal', parentId: null },
			{ id: 'x', kind: 'csf', parentId: 'gone' },
			{ id: 'y', kind: 'csf', parentId: null },
			{ id: 'c', kind: 'csf', parentId: 'g' }
		]);
		expect(Object.fromEntries(n)).toEqual({ g: 'G1', x: 'G?.1', y: 'G?.2', c: 'G1.1' });
		expect(new Set(n.values()).size).toBe(n.size);
	});
});

describe('numbering — kept while it does not change (issue #15)', () => {
	it('hands back the previous numbers when every target keeps its number', () => {
		const a = numberTargets([{ id: 'g', kind: 'goal', parentId: null }, { id: 'c', kind: 'csf', parentId: 'g' }]);
		const b = numberTargets([{ id: 'g', kind: 'goal', parentId: null }, { id: 'c', kind: 'csf', parentId: 'g' }]);
		expect(keepNumbers(null, a)).toBe(a);
		expect(keepNumbers(a, b)).toBe(a);
		const moved = numberTargets([{ id: 'h', kind: 'goal', parentId: null }, { id: 'g', kind: 'goal', parentId: null }, { id: 'c', kind: 'csf', parentId: 'g' }]);
		expect(keepNumbers(a, moved)).toBe(moved);
		expect([...keepNumbers(a, moved)]).toEqual([['h', 'G1'], ['g', 'G2'], ['c', 'G2.1']]);
	});
});
