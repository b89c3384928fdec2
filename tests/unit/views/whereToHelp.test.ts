import { describe, expect, it } from 'vitest';
import { QUADRANTS, QUADRANT_LABELS, computeWhereToHelp, keepUnchangedPoints, quadrantOf } from '../../../src/lib/board/views/index.ts';
import { TARGET_ORDER, expected, noisyExample, workedExample } from '../../fixtures/worked-example.ts';

describe('where to help — worked example', () => {
	for (const [name, board] of [['clean', workedExample], ['noisy', noisyExample]] as const) {
		it(`places every target as computed by hand (${name})`, () => {
			const view = computeWhereToHelp(board);
			expect(view.points.map((p) => p.targetId)).toEqual(TARGET_ORDER);
			for (const p of view.points) {
				const e = expected.whereToHelp[p.targetId as keyof typeof expected.whereToHelp];
				expect(p.x, p.targetId).toBeCloseTo(e.x, 12);
				expect({ y: p.y, abilityKnown: p.abilityKnown, quadrant: p.quadrant }, p.targetId).toEqual({
					y: e.y,
					abilityKnown: e.abilityKnown,
					quadrant: e.quadrant
				});
			}
			expect(view.byQuadrant).toEqual(expected.byQuadrant);
		});
	}

	it('follows the threshold option', () => {
		// at 0.75 only G1 converges: C1a and G3 (ability 1) fall to park
		const view = computeWhereToHelp(workedExample, { threshold: 0.75 });
		expect(view.byQuadrant['build-or-partner']).toEqual([]);
		expect(view.byQuadrant.park).toEqual(['C1a', 'C2a', 'G3', 'C3b']);
	});
});

describe('where to help — quadrants and labels', () => {
	it('quadrantOf covers the four cases at the boundaries', () => {
		expect(quadrantOf(true, 2)).toBe('help-now');
		expect(quadrantOf(true, 1)).toBe('build-or-partner');
		expect(quadrantOf(false, 2)).toBe('our-agenda');
		expect(quadrantOf(false, 1)).toBe('park');
	});

	it('exports a human label for every quadrant', () => {
		expect(QUADRANT_LABELS).toEqual({
			'help-now': 'Help now',
			'build-or-partner': 'Build or partner',
			'our-agenda': 'Our agenda, not theirs',
			park: 'Park'
		});
		expect(Object.keys(QUADRANT_LABELS).sort()).toEqual([...QUADRANTS].sort());
	});

	it('no internal data: every ability unknown (0), nothing in help-now or our-agenda', () => {
		const { internal: _, ...shared } = workedExample;
		const view = computeWhereToHelp(shared);
		expect(view.points.every((p) => p.y === 0 && !p.abilityKnown)).toBe(true);
		expect(view.byQuadrant['help-now']).toEqual([]);
		expect(view.byQuadrant['our-agenda']).toEqual([]);
	});

	it('no client stakeholders: x = 0 and nothing converges', () => {
		const view = computeWhereToHelp({ ...workedExample, stakeholders: {} }, { threshold: 0 });
		expect(view.points.every((p) => p.x === 0 && !p.converges)).toBe(true);
	});
});

describe('where to help — kept from one change to the next', () => {
	const point = (id: string, x: number, text = id) => ({ targetId: id, kind: 'goal' as const, parentId: null, text, x, y: 0 as const, abilityKnown: false, converges: x >= 0.5, quadrant: quadrantOf(x >= 0.5, 0) });
	const view = (points: ReturnType<typeof point>[], threshold = 0.5) => ({ threshold, points, byQuadrant: { 'help-now': [], 'build-or-partner': points.filter((p) => p.converges).map((p) => p.targetId), 'our-agenda': [], park: points.filter((p) => !p.converges).map((p) => p.targetId) } });

	it('keeps the points that did not change (and the whole view when none did)', () => {
		const before = view([point('G1', 0.2), point('G2', 0.6)]);
		expect(keepUnchangedPoints(null, before)).toBe(before);
		expect(keepUnchangedPoints(before, view([point('G1', 0.2), point('G2', 0.6)]))).toBe(before);
		// G2's text changes: a new G2, the same G1.
		const typed = keepUnchangedPoints(before, view([point('G1', 0.2), point('G2', 0.6, 'G2!')]));
		expect(typed).not.toBe(before);
		expect(typed.points[0]).toBe(before.points[0]);
		expect(typed.points[1].text).toBe('G2!');
		// G1 moves across the threshold: new G1, new quadrant lists.
		const moved = keepUnchangedPoints(typed, view([point('G1', 0.5), point('G2', 0.6, 'G2!')]));
		expect(moved.points[0]).toEqual(point('G1', 0.5));
		expect(moved.points[1]).toBe(typed.points[1]);
		expect(moved.byQuadrant['build-or-partner']).toEqual(['G1', 'G2']);
		// Another threshold is another view, even with the same points.
		expect(keepUnchangedPoints(before, view([point('G1', 0.2), point('G2', 0.6)], 0.6)).threshold).toBe(0.6);
	});
});
