import { describe, expect, it } from 'vitest';
import { LABEL_FONT, helpChartLayouter, layoutHelpChart, plotFor, shortLabel } from '../../../src/lib/components/board/helpChartLayout.ts';
import { quadrantOf, type HelpPoint } from '../../../src/lib/board/views/whereToHelp.ts';
import type { Ability } from '../../../src/lib/board/views/types.ts';

function point(id: string, x: number, y: Ability, threshold = 0.5, text = `Target ${id}`, parentId: string | null = null): HelpPoint {
	const converges = x >= threshold && x > 0;
	return { targetId: id, kind: id.startsWith('c') ? 'csf' : 'goal', parentId, text, x, y, abilityKnown: true, converges, quadrant: quadrantOf(converges, y) };
}

const box = (l: NonNullable<ReturnType<typeof layoutHelpChart>['points'][number]['label']>) => {
	const w = l.text.length * LABEL_FONT * 0.56 + 2;
	const x = l.anchor === 'start' ? l.x : l.anchor === 'end' ? l.x - w : l.x - w / 2;
	return { x, y: l.y - LABEL_FONT, w, h: LABEL_FONT + 2 };
};
const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

describe('where-to-help chart layout', () => {
	it('keeps markers apart, on the right side of the threshold and in their ability band', () => {
		// A fresh board: everything unrated sits in one corner.
		const points = Array.from({ length: 24 }, (_, i) => point(`g${i}`, 0, 0));
		points.push(point('g-a', 0.5, 3), point('g-b', 0.5, 3), point('c-c', 0.49, 3, 0.5, 'c', 'g-a'), point('c-d', 1, 2, 0.5, 'd', 'g-a'), point('g-e', 1, 2));
		const plot = plotFor(790, points.length);
		const layout = layoutHelpChart(points, 0.5, plot);
		const MARKER_R = layout.markerR;
		for (let a = 0; a < layout.points.length; a++) {
			for (let b = a + 1; b < layout.points.length; b++) {
				const A = layout.points[a];
				const B = layout.points[b];
				expect(Math.hypot(A.cx - B.cx, A.cy - B.cy), `${A.targetId}/${B.targetId}`).toBeGreaterThan(MARKER_R * 2 - 0.5);
			}
		}
		const band = (plot.bottom - plot.top) / 3;
		layout.points.forEach((pt, i) => {
			const p = points[i];
			if (p.converges) expect(pt.cx).toBeGreaterThan(layout.thresholdX);
			else expect(pt.cx).toBeLessThan(layout.thresholdX);
			expect(Math.abs(pt.cy - pt.ay)).toBeLessThan(band / 2);
			expect(pt.cx - MARKER_R).toBeGreaterThanOrEqual(plot.left);
			expect(pt.cy + MARKER_R).toBeLessThanOrEqual(plot.bottom);
		});
	});

	it('never draws two labels over each other, and numbers points in board order', () => {
		const points = [point('g1', 0.75, 3), point('c1', 0.75, 3, 0.5, 'c1', 'g1'), point('c2', 0.75, 3, 0.5, 'c2', 'g1'), point('g2', 0.2, 1), point('g3', 0.2, 1), point('g4', 0, 0)];
		const layout = layoutHelpChart(points, 0.5);
		expect(layout.points.map((p) => p.number)).toEqual(['G1', 'G1.1', 'G1.2', 'G2', 'G3', 'G4']);
		const labels = layout.points.flatMap((p) => (p.label ? [box(p.label)] : []));
		expect(labels.length).toBeGreaterThanOrEqual(5);
		for (let a = 0; a < labels.length; a++) for (let b = a + 1; b < labels.length; b++) expect(overlap(labels[a], labels[b])).toBe(false);
	});

	it('numbers points with the board-wide numbering (G1, G1.1) and sizes markers to hold it', () => {
		const points = [point('g1', 0.75, 3), point('c1', 0.75, 3, 0.5, 'A CSF', 'g1'), point('g2', 0.2, 1), point('c2', 0.2, 1, 0.5, 'Another', 'g2')];
		const layout = layoutHelpChart(points, 0.5);
		expect(layout.points.map((p) => p.number)).toEqual(['G1', 'G1.1', 'G2', 'G2.1']);
		// The marker text ("1.1") in the 14 px font fits inside the circle.
		expect(layout.markerR * 2).toBeGreaterThanOrEqual(3 * LABEL_FONT * 0.56 + 4);
	});

	it('never loses a label: a point whose label does not fit on the chart is in the numbered legend', () => {
		// A fresh workshop: most targets unscored and unassessed, all at the origin.
		const points = Array.from({ length: 18 }, (_, i) => point(`g${i}`, 0, 0, 0.5, `Goal number ${i} with a long name`));
		const layout = layoutHelpChart(points, 0.5);
		const unlabelled = layout.points.filter((p) => !p.label).map((p) => p.targetId);
		expect(unlabelled.length).toBeGreaterThan(0); // the crowd is real: not every label fits
		expect(layout.legend.map((l) => l.targetId)).toEqual(unlabelled);
		for (const l of layout.legend) expect(l.text).toBe(points.find((p) => p.targetId === l.targetId)!.text);
	});

	it('labels are never drawn smaller than 14 px, and the plot is sized to its container at 1 unit = 1 px', () => {
		expect(LABEL_FONT).toBeGreaterThanOrEqual(14);
		for (const width of [420, 600, 790, 1200]) {
			const plot = plotFor(width);
			expect(plot.width).toBe(Math.max(width, 420));
			expect(plot.right).toBeLessThan(plot.width);
			expect(plot.bottom).toBeLessThan(plot.height);
			expect(plot.left).toBeGreaterThanOrEqual(8 * LABEL_FONT * 0.56); // room for "2 medium"
		}
	});

	it('is deterministic', () => {
		const points = Array.from({ length: 10 }, (_, i) => point(`g${i}`, 0.6, 2));
		expect(layoutHelpChart(points, 0.5)).toEqual(layoutHelpChart(points, 0.5));
	});

	it('copes with the extreme thresholds', () => {
		for (const t of [0, 1]) {
			const layout = layoutHelpChart([point('g1', 0, 0, t), point('g2', 1, 3, t)], t);
			for (const p of layout.points) {
				expect(Number.isFinite(p.cx) && Number.isFinite(p.cy)).toBe(true);
			}
		}
	});

	it('shortens long labels at a word', () => {
		expect(shortLabel('Cut time to market by thirty percent across all lines')).toBe('Cut time to market by…');
		expect(shortLabel('  Short  ')).toBe('Short');
		expect(shortLabel('')).toBe('(untitled)');
	});

	// Issue #15: a board at the limits has 300 goals and CSFs. Spread over the chart there is room
	// for every marker (a band of one side holds about 9 rows × 13 markers at 1000 px), so none may
	// overlap another; the all-pairs push of earlier versions left 83 pairs overlapping here.
	it('keeps 300 markers apart when the chart has room for them', () => {
		const points = Array.from({ length: 300 }, (_, i) => point(`g${i}`, ((i * 37) % 101) / 100, (i % 4) as Ability, 0.5, `Goal ${i} with a longer name`));
		const plot = plotFor(1000, points.length);
		const layout = layoutHelpChart(points, 0.5, plot);
		const R = layout.markerR;
		let overlapping = 0;
		for (let a = 0; a < layout.points.length; a++)
			for (let b = a + 1; b < layout.points.length; b++) if (Math.hypot(layout.points[a].cx - layout.points[b].cx, layout.points[a].cy - layout.points[b].cy) < R * 2 - 0.5) overlapping++;
		expect(overlapping).toBe(0);
		const band = (plot.bottom - plot.top) / 3;
		layout.points.forEach((pt, i) => {
			expect(pt.cx > layout.thresholdX).toBe(points[i].converges);
			expect(Math.abs(pt.cy - pt.ay)).toBeLessThan(band / 2);
		});
	});

	it('draws a point that has its spot to itself exactly where its data puts it', () => {
		const layout = layoutHelpChart([point('g1', 0.75, 3), point('g2', 0.2, 1), point('g3', 0.21, 1)], 0.5);
		const [g1, g2, g3] = layout.points;
		expect([g1.cx, g1.cy]).toEqual([g1.ax, g1.ay]);
		// g2 and g3 are closer than two markers: the first keeps its spot, the second moves off it.
		expect([g2.cx, g2.cy]).toEqual([g2.ax, g2.ay]);
		expect(Math.hypot(g3.cx - g2.cx, g3.cy - g2.cy)).toBeGreaterThanOrEqual(layout.markerR * 2);
	});

	it('lays the chart out again only when positions or label sizes change; new texts are filled in', () => {
		const layouts = helpChartLayouter();
		const points = [point('g1', 0.75, 3, 0.5, 'Grow share'), point('g2', 0.2, 1, 0.5, 'Cut cost')];
		const first = layouts(points, 0.5, plotFor(790, 2));
		// The same input: the very same layout (nothing for the chart to redraw).
		expect(layouts([...points], 0.5, plotFor(790, 2))).toBe(first);
		// Someone types in g2: same label length, so the same geometry with the new text.
		const typed = [points[0], { ...points[1], text: 'Cut tax!' }];
		const second = layouts(typed, 0.5, plotFor(790, 2));
		expect(second).not.toBe(first);
		expect(second.points[0]).toBe(first.points[0]);
		expect(second.points[1].label?.text).toBe('Cut tax!');
		expect({ ...second.points[1], label: null }).toEqual({ ...first.points[1], label: null });
		expect(second).toEqual(layoutHelpChart(typed, 0.5, plotFor(790, 2)));
		// A label that grows, a point that moves, another plot: laid out again, as from scratch.
		for (const next of [
			[points[0], { ...points[1], text: 'Cut cost in half' }],
			[points[0], { ...points[1], x: 0.3 }]
		]) expect(layouts(next, 0.5, plotFor(790, 2))).toEqual(layoutHelpChart(next, 0.5, plotFor(790, 2)));
		expect(layouts(points, 0.5, plotFor(900, 2))).toEqual(layoutHelpChart(points, 0.5, plotFor(900, 2)));
		// Laid out again, a point that came out where it was is the same object: only the moved one redraws.
		const base = layouts(points, 0.5, plotFor(790, 2));
		const moved = layouts([points[0], { ...points[1], x: 0.3 }], 0.5, plotFor(790, 2));
		expect(moved.points[0]).toBe(base.points[0]);
		expect(moved.points[1]).not.toBe(base.points[1]);
	});
});

// Issue #15, part 4: laid out again after a change, markers that did not change keep their place
// (greedy placement from scratch moved 228–257 of 300 markers when one share changed).
describe('where-to-help chart layout: stable placement', () => {
	const plot = plotFor(1000, 3);

	it('a marker that moved off a crowd stays where it is when the crowd moves away', () => {
		// g1 and g2 share a spot: g1 keeps it, g2 takes the nearest free place of the hex grid, one
		// marker spacing (2R + 3) to the left (offsets nearest first; at equal distance the lower y, then the lower x).
		const first = layoutHelpChart([point('g1', 0.25, 1), point('g2', 0.25, 1), point('g3', 0.75, 3)], 0.5, plot);
		const [g1, g2, g3] = first.points;
		const s = first.markerR * 2 + 3;
		expect([g1.cx, g1.cy]).toEqual([g1.ax, g1.ay]);
		expect([g2.cx, g2.cy]).toEqual([g2.ax - s, g2.ay]);
		// g1's share changes: only g1 moves. From scratch g2 would take its own spot back.
		const next = [point('g1', 0.1, 1), point('g2', 0.25, 1), point('g3', 0.75, 3)];
		const fresh = layoutHelpChart(next, 0.5, plot);
		expect([fresh.points[1].cx, fresh.points[1].cy]).toEqual([fresh.points[1].ax, fresh.points[1].ay]);
		const stable = layoutHelpChart(next, 0.5, plot, first);
		expect([stable.points[0].cx, stable.points[0].cy]).toEqual([stable.points[0].ax, stable.points[0].ay]);
		expect([stable.points[1].cx, stable.points[1].cy]).toEqual([g2.cx, g2.cy]);
		expect([stable.points[2].cx, stable.points[2].cy]).toEqual([g3.cx, g3.cy]);
	});

	it('a marker that moves onto a taken place goes to the nearest free one; nobody else moves', () => {
		const first = layoutHelpChart([point('g1', 0.25, 1), point('g2', 0.1, 1), point('g3', 0.75, 3)], 0.5, plot);
		const s = first.markerR * 2 + 3;
		// g2 moves onto g1's spot: g1 stays, g2 goes one spacing left of it.
		const stable = layoutHelpChart([point('g1', 0.25, 1), point('g2', 0.25, 1), point('g3', 0.75, 3)], 0.5, plot, first);
		const at = (p: { cx: number; cy: number }) => [p.cx, p.cy];
		expect(at(stable.points[0])).toEqual(at(first.points[0]));
		expect(at(stable.points[1])).toEqual([first.points[0].cx - s, first.points[0].cy]);
		expect(stable.points[2]).toEqual(first.points[2]);
	});

	it('at the limits (300 points), changing one share moves that marker only, and still no two overlap', () => {
		const points = Array.from({ length: 300 }, (_, i) => point(`g${i}`, ((i * 37) % 101) / 100, (i % 4) as Ability, 0.5, `Goal ${i} with a longer name`));
		const big = plotFor(1000, points.length);
		const layouts = helpChartLayouter();
		let before = layouts(points, 0.5, big);
		for (const [i, x] of [[17, 0.33], [150, 0.9], [299, 0.02], [17, 0.34]] as const) {
			points[i] = point(`g${i}`, x, (i % 4) as Ability, 0.5, `Goal ${i} with a longer name`);
			const after = layouts(points, 0.5, big);
			const moved = after.points.filter((p, k) => p.cx !== before.points[k].cx || p.cy !== before.points[k].cy).map((p) => p.targetId);
			expect(moved).toEqual([`g${i}`]);
			const R = after.markerR;
			const overlapping: string[] = [];
			for (let a = 0; a < after.points.length; a++)
				for (let b = a + 1; b < after.points.length; b++)
					if (Math.hypot(after.points[a].cx - after.points[b].cx, after.points[a].cy - after.points[b].cy) < R * 2 - 0.5) overlapping.push(`${after.points[a].targetId}/${after.points[b].targetId}`);
			expect(overlapping).toEqual([]);
			before = after;
		}
	});

	it('at the limits, labels growing and shrinking as people type come out as a full stable layout would place them', () => {
		// A crowded board: many labels find no room (legend), so a changed label can free or take another's place.
		const text = (i: number, n: number) => `${'x'.repeat(n)} goal ${i}`;
		const lengths = Array.from({ length: 300 }, (_, i) => (i * 7) % 20);
		const points = Array.from({ length: 300 }, (_, i) => point(i % 3 ? `c${i}` : `g${i}`, ((i * 37) % 41) / 40, (i % 4) as Ability, 0.5, text(i, lengths[i]), i % 3 ? `g${i - (i % 3)}` : null));
		const big = plotFor(1000, points.length);
		const layouts = helpChartLayouter();
		let before = layouts(points, 0.5, big);
		expect(before.legend.length).toBeGreaterThan(20);
		expect(before.points.filter((p) => p.label).length).toBeGreaterThan(20);
		// Each step: some texts grow or shrink (labels of other lengths), others change at the same length.
		for (let step = 0; step < 40; step++) {
			for (const i of [(step * 53) % 300, (step * 101 + 7) % 300, (step * 13) % 300]) {
				lengths[i] = (lengths[i] + (step % 2 ? 9 : 23)) % 40;
				points[i] = { ...points[i], text: step % 5 === 4 ? '' : text(i, lengths[i]) };
			}
			const j = (step * 29 + 3) % 300;
			points[j] = { ...points[j], text: points[j].text.replace(/goal/, 'GOAL') };
			const after = layouts([...points], 0.5, big);
			expect(after).toEqual(layoutHelpChart(points, 0.5, big, before));
			// What did not change is the same object: only the changed markers and labels redraw.
			after.points.forEach((p, k) => {
				if (JSON.stringify(p) === JSON.stringify(before.points[k])) expect(p).toBe(before.points[k]);
			});
			before = after;
		}
	});

	it('at the limits, texts changing at the same length between labels that grow still come out as a full stable layout would place them', () => {
		// The relabel keeps its grids from one change to the next: a same-length change in between must not leave them stale.
		const text = (i: number, n: number, c = 'x') => `${c.repeat(n)} goal ${i}`;
		const lengths = Array.from({ length: 300 }, (_, i) => (i * 11) % 25);
		const points = Array.from({ length: 300 }, (_, i) => point(`g${i}`, ((i * 37) % 41) / 40, (i % 4) as Ability, 0.5, text(i, lengths[i])));
		const big = plotFor(1000, points.length);
		const layouts = helpChartLayouter();
		let before = layouts(points, 0.5, big);
		for (let step = 0; step < 30; step++) {
			const i = (step * 71 + 5) % 300;
			if (step % 2) points[i] = { ...points[i], text: text(i, lengths[i], 'y') };
			else {
				lengths[i] = (lengths[i] + 17) % 40;
				points[i] = { ...points[i], text: text(i, lengths[i]) };
			}
			const after = layouts([...points], 0.5, big);
			expect(after).toEqual(layoutHelpChart(points, 0.5, big, before));
			before = after;
		}
	});

	it('lays out from scratch when the plot, the threshold or the marker size changes', () => {
		const pts = [point('g1', 0.25, 1), point('g2', 0.25, 1)];
		const first = layoutHelpChart(pts, 0.5, plot);
		const wider = plotFor(1200, 3);
		expect(layoutHelpChart(pts, 0.5, wider, first)).toEqual(layoutHelpChart(pts, 0.5, wider));
		expect(layoutHelpChart(pts, 0.4, plot, first)).toEqual(layoutHelpChart(pts, 0.4, plot));
	});
});
