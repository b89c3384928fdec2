import { describe, expect, it } from 'vitest';
import { computeAlignment, pairAlignment } from '../../../src/lib/board/views/index.ts';
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
