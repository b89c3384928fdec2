import { describe, expect, it } from 'vitest';
import { computeConfidence } from '../../../src/lib/board/views/index.ts';
import { expected, noisyExample, workedExample } from '../../fixtures/worked-example.ts';

describe('confidence', () => {
	for (const [name, board] of [['clean', workedExample], ['noisy', noisyExample]] as const) {
		it(`matches the hand-computed shares (${name})`, () => {
			expect(computeConfidence(board)).toEqual(expected.confidence);
		});
	}

	it('empty board: setShare 0, validatedShare null', () => {
		expect(computeConfidence({})).toEqual({ cells: 0, set: 0, validated: 0, setShare: 0, validatedShare: null });
	});

	it('an unset cell marked validated counts for nothing', () => {
		const board = {
			stakeholders: [{ id: 'a', side: 'client', level: 'manager' }],
			targets: [{ id: 'g', kind: 'goal' }],
			cells: [{ stakeholderId: 'a', targetId: 'g', priority: null, validated: true }]
		};
		expect(computeConfidence(board)).toEqual({ cells: 1, set: 0, validated: 0, setShare: 0, validatedShare: null });
	});

	it('validated must be exactly true', () => {
		const board = {
			stakeholders: [{ id: 'a', side: 'client', level: 'manager' }],
			targets: [
				{ id: 'g', kind: 'goal' },
				{ id: 'h', kind: 'goal' }
			],
			cells: [
				{ stakeholderId: 'a', targetId: 'g', priority: 1, validated: 'true' },
				{ stakeholderId: 'a', targetId: 'h', priority: 2, validated: true }
			]
		};
		expect(computeConfidence(board)).toEqual({ cells: 2, set: 2, validated: 1, setShare: 1, validatedShare: 1 / 2 });
	});
});
