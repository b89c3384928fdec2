import { describe, expect, it } from 'vitest';
import { EXPLAIN, computeAlignment, computeConfidence, computeConvergence, computePositioning, computeScorecard, computeWhereToHelp, normalizeSnapshot } from '../../../src/lib/board/views/index.ts';
import { expected, workedExample } from '../../fixtures/worked-example.ts';

describe('computeScorecard', () => {
	it('equals the individual views', () => {
		const card = computeScorecard(workedExample, { threshold: 0.75, limit: 3 });
		expect(card.snapshot).toEqual(normalizeSnapshot(workedExample));
		expect(card.convergence).toEqual(computeConvergence(workedExample, { threshold: 0.75 }));
		expect(card.alignment).toEqual(computeAlignment(workedExample, { limit: 3 }));
		expect(card.positioning).toEqual(computePositioning(workedExample));
		expect(card.confidence).toEqual(computeConfidence(workedExample));
		expect(card.whereToHelp).toEqual(computeWhereToHelp(workedExample, { threshold: 0.75 }));
	});

	it('gives the worked example headline numbers', () => {
		const card = computeScorecard(workedExample);
		expect(card.convergence.convergedCount).toBe(3);
		expect(card.alignment.board).toBeCloseTo(expected.alignment.board, 12);
		expect(card.positioning.sponsorCoverage).toBe(expected.positioning.sponsorCoverage);
		expect(card.confidence.setShare).toBe(expected.confidence.setShare);
	});

	it('has a one-line explanation for every metric', () => {
		for (const key of ['shared', 'known', 'converges', 'alignment', 'boardAlignment', 'high', 'wide', 'deep', 'sponsorCoverage', 'setShare', 'validatedShare', 'whereToHelp'] as const) {
			expect(EXPLAIN[key]).toMatch(/^\S.*\.$/);
			expect(EXPLAIN[key]).not.toContain('\n');
		}
		expect(EXPLAIN.shared).toContain('executive ×3, senior ×2, manager ×1');
	});
});
