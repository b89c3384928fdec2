import { describe, expect, it } from 'vitest';
import { computePositioning } from '../../../src/lib/board/views/index.ts';
import { expected, noisyExample, workedExample } from '../../fixtures/worked-example.ts';

const client = (id: string, level: string, fn: string) => ({ id, side: 'client', level, function: fn });

describe('positioning — worked example', () => {
	for (const [name, board] of [['clean', workedExample], ['noisy', noisyExample]] as const) {
		it(`matches the hand-computed high / wide / deep / sponsors (${name})`, () => {
			expect(computePositioning(board)).toEqual(expected.positioning);
		});
	}

	it('high drops to the next level when the executive relationship cools', () => {
		const board = {
			...workedExample,
			internal: { ...workedExample.internal, relations: { ...workedExample.internal.relations, c1: { relationship: 1 } } }
		};
		const view = computePositioning(board);
		expect(view.high).toBe('senior');
		expect(view.wide).toBe(2 / 4); // operations still covered by c4
		expect(view.deep).toBe(1); // (1 + 1) / 2
		expect(view.sponsorCoverage).toBe(1 / 3); // c1 lost its sponsor
	});
});

describe('positioning — edge cases', () => {
	it('no client stakeholders: high null, wide 0, deep 0, sponsor coverage null', () => {
		expect(computePositioning({})).toEqual({
			high: null,
			wide: 0,
			deep: 0,
			sponsorCoverage: null,
			functions: [],
			sponsored: [],
			unsponsored: []
		});
	});

	it('clients but no internal data: nothing covered, coverage 0 of the seniors', () => {
		const view = computePositioning({ stakeholders: [client('a', 'executive', 'IT'), client('b', 'manager', 'IT')] });
		expect(view).toMatchObject({ high: null, wide: 0, deep: 0, sponsorCoverage: 0, unsponsored: ['a'] });
	});

	it('only managers: sponsor coverage is null (nobody to sponsor)', () => {
		const view = computePositioning({
			stakeholders: [client('a', 'manager', 'IT')],
			internal: { relations: { a: { relationship: 3 } } }
		});
		expect(view).toMatchObject({ high: 'manager', wide: 1, deep: 1, sponsorCoverage: null });
	});

	it('ignores bad relationship values and sponsors that are not existing supplier stakeholders', () => {
		const stakeholders = [
			client('a', 'executive', 'IT'),
			client('b', 'senior', 'finance'),
			{ id: 's', side: 'supplier', level: 'manager', function: 'sales' }
		];
		const relations = [
			{ stakeholderId: 'a', relationship: 7, sponsorId: 'gone' },
			{ stakeholderId: 'b', relationship: Number.NaN, sponsorId: 'a' },
			{ stakeholderId: 's', relationship: 3 },
			{ stakeholderId: 'x', relationship: 3, sponsorId: 's' }
		];
		expect(computePositioning({ stakeholders, internal: { relations } })).toMatchObject({
			high: null,
			wide: 0,
			sponsorCoverage: 0
		});
		const fixed = [{ stakeholderId: 'a', relationship: 2, sponsorId: 's' }];
		expect(computePositioning({ stakeholders, internal: { relations: fixed } })).toMatchObject({
			high: 'executive',
			wide: 1 / 2,
			deep: 1,
			sponsorCoverage: 1 / 2,
			sponsored: ['a'],
			unsponsored: ['b']
		});
	});

	it('a stakeholder without a function counts under "other"', () => {
		const view = computePositioning({ stakeholders: [client('a', 'manager', ''), { id: 'b', side: 'client' }] });
		expect(view.functions).toEqual([{ function: 'other', clients: ['a', 'b'], engaged: [] }]);
	});
});
