// Geometry of the "where to help" chart: where each point and its label go. Pure, so it is tested
// in Node; the component only draws what this returns.
import { ABLE, QUADRANT_LABELS, type HelpPoint, type Quadrant } from '../../board/views/whereToHelp.ts';
import { numberTargets } from '../../board/views/numbering.ts';

export interface Plot {
	/** The whole SVG. */
	width: number;
	height: number;
	/** The plotting area inside it. */
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/**
 * The chart is drawn at its container's size with 1 SVG unit = 1 CSS pixel (the component sets
 * width, height and viewBox to the same numbers), so the fonts below are the fonts on screen: no
 * label is ever scaled down below 14 px on a projector or an iPad.
 */
export const MIN_WIDTH = 420;
export function plotFor(containerWidth: number, points = 0): Plot {
	const width = Math.max(MIN_WIDTH, Math.round(containerWidth));
	// Taller with more points: markers keep their size (their numbers stay 14 px), so a crowd needs room.
	const height = Math.round(Math.min(960, Math.max(400, Math.min(600, width * 0.66), 320 + points * 16)));
	return { width, height, left: 104, top: 12, right: width - 12, bottom: height - 62 };
}

export const DEFAULT_PLOT: Plot = plotFor(790);
/** Room at the top and bottom of the plot for the quadrant titles: no point is drawn there. */
const TITLE_STRIP = 28;
const EDGE = 16;

/** Every text of the chart (labels, marker numbers, axes) is at least this many pixels. */
export const LABEL_FONT = 14;
const GAP = 3;
const FONT = LABEL_FONT;
/** A rough average glyph width for the label font: good enough to keep labels apart. */
const CHAR_W = FONT * 0.56;
const LABEL_H = FONT + 3;
export const LABEL_CHARS = 26;
/** What a marker shows: the number without its "G" ("1.2" for G1.2); the legend and table say "G1.2". */
export const markerText = (number: string) => number.replace(/^G/, '');
/** Marker radius: large enough for the longest marker text on the chart in the 14 px bold font. */
export function markerRadius(numbers: Iterable<string>): number {
	let longest = 1;
	for (const n of numbers) longest = Math.max(longest, markerText(n).length);
	return Math.max(12, Math.ceil((longest * (CHAR_W + 0.6) + 4) / 2));
}

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface PlacedPoint {
	targetId: string;
	/** The board-wide number (G1, G1.1: views/numbering.ts): the marker shows it, the legend repeats it. */
	number: string;
	/** How many points share its spot (a large crowd gets no leader lines: they would only clutter). */
	crowd: number;
	/** Where the data says the point is, and where it is drawn after moving it off its neighbours. */
	ax: number;
	ay: number;
	cx: number;
	cy: number;
	label: { text: string; x: number; y: number; anchor: 'start' | 'end' | 'middle' } | null;
}

export interface QuadrantBox extends Box {
	quadrant: Quadrant;
	label: string;
	labelX: number;
	labelY: number;
	anchor: 'start' | 'end';
}

export interface ChartLayout {
	plot: Plot;
	thresholdX: number;
	/** The horizontal line between "we can help" (ability ≥ ABLE) and not. */
	ableY: number;
	quadrants: QuadrantBox[];
	points: PlacedPoint[];
	/** The points whose label found no room on the chart, in board order: drawn as a numbered legend. */
	legend: { targetId: string; number: string; text: string }[];
	/** Radius of every marker. */
	markerR: number;
	xTicks: { x: number; label: string }[];
	yTicks: { y: number; label: string }[];
}

export const ABILITY_LABELS = ['none', 'low', 'medium', 'high'] as const;

/** The CSS class each quadrant's markers, areas and badges are drawn with. */
export const QUADRANT_CLASS: Readonly<Record<Quadrant, string>> = { 'help-now': 'q-help', 'build-or-partner': 'q-build', 'our-agenda': 'q-ours', park: 'q-park' };

export function shortLabel(text: string, max = LABEL_CHARS): string {
	const t = text.replace(/\s+/g, ' ').trim();
	if (t.length <= max) return t || '(untitled)';
	const cut = t.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, p: Plot) => a.x >= p.left + 2 && a.x + a.w <= p.right - 2 && a.y >= p.top + 2 && a.y + a.h <= p.bottom - 2;
const clamp = (v: number, lo: number, hi: number) => (hi < lo ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));

export function layoutHelpChart(points: readonly HelpPoint[], threshold: number, plot: Plot = DEFAULT_PLOT): ChartLayout {
	const numbers = numberTargets(points.map((p) => ({ id: p.targetId, kind: p.kind, parentId: p.parentId })));
	const MARKER_R = markerRadius(numbers.values());
	// Values map to an inner area, leaving the title strips and a little edge free.
	const inner = { left: plot.left + EDGE, right: plot.right - EDGE, top: plot.top + TITLE_STRIP + MARKER_R + 2, bottom: plot.bottom - TITLE_STRIP - MARKER_R - 2 };
	const pw = inner.right - inner.left;
	const ph = inner.bottom - inner.top;
	const xOf = (shared: number) => inner.left + clamp(shared, 0, 1) * pw;
	const yOf = (ability: number) => inner.bottom - (clamp(ability, 0, 3) / 3) * ph;
	const thresholdX = xOf(threshold);
	const ableY = yOf(ABLE - 0.5);
	const band = ph / 3;

	const quadrantBox = (q: Quadrant, x0: number, x1: number, y0: number, y1: number, top: boolean, right: boolean): QuadrantBox => ({
		quadrant: q,
		label: QUADRANT_LABELS[q],
		x: x0,
		y: y0,
		w: Math.max(0, x1 - x0),
		h: y1 - y0,
		labelX: right ? x1 - 8 : x0 + 8,
		labelY: top ? y0 + 20 : y1 - 8,
		anchor: right ? 'end' : 'start'
	});
	const quadrants = [
		quadrantBox('our-agenda', plot.left, thresholdX, plot.top, ableY, true, false),
		quadrantBox('help-now', thresholdX, plot.right, plot.top, ableY, true, true),
		quadrantBox('park', plot.left, thresholdX, ableY, plot.bottom, false, false),
		quadrantBox('build-or-partner', thresholdX, plot.right, ableY, plot.bottom, false, true)
	];
	// Space the quadrant titles take, so neither points' labels nor markers are drawn over them.
	const titleBoxes: Box[] = quadrants
		.filter((q) => q.w > 0)
		.map((q) => {
			const w = q.label.length * (CHAR_W + 0.6) + 4;
			return { x: q.anchor === 'end' ? q.labelX - w : q.labelX, y: q.labelY - LABEL_H, w, h: LABEL_H + 2 };
		});

	// Each point may move within its quadrant's side of the threshold and its ability band, so the
	// picture never lies about which quadrant a point is in.
	const placed = points.map((p, i) => {
		const ax = xOf(p.x);
		const ay = yOf(p.y);
		const xMin = p.converges ? Math.max(thresholdX, plot.left) + MARKER_R + 1 : plot.left + MARKER_R;
		const xMax = p.converges ? plot.right - MARKER_R : Math.min(thresholdX, plot.right) - MARKER_R - 1;
		const yMin = Math.max(plot.top + TITLE_STRIP + MARKER_R, ay - band / 2 + MARKER_R);
		const yMax = Math.min(plot.bottom - TITLE_STRIP - MARKER_R, ay + band / 2 - MARKER_R);
		return { p, i, ax, ay, cx: clamp(ax, xMin, xMax), cy: clamp(ay, yMin, yMax), xMin, xMax, yMin, yMax };
	});

	// Points at the same spot (common: a fresh board has every target at 0% / ability 0) are packed
	// on a hexagonal grid around it, nearest places first, inside their allowed area. The order is
	// fixed, so every browser draws the same picture.
	const s = MARKER_R * 2 + GAP;
	const groups = new Map<string, typeof placed>();
	for (const q of placed) {
		const key = `${Math.round(q.cx)}:${Math.round(q.cy)}:${q.p.converges}`;
		const g = groups.get(key);
		if (g) g.push(q);
		else groups.set(key, [q]);
	}
	for (const g of groups.values()) {
		if (g.length < 2) continue;
		const { cx, cy, xMin, xMax, yMin, yMax } = g[0];
		const rows = Math.ceil(Math.sqrt(g.length)) + 3;
		const cols = g.length + 2;
		const spots: { x: number; y: number; d: number }[] = [];
		for (let j = -rows; j <= rows; j++) {
			for (let i = -cols; i <= cols; i++) {
				const x = cx + i * s + (Math.abs(j) % 2 ? s / 2 : 0);
				const y = cy + j * s * 0.87;
				if (x < xMin - 0.01 || x > xMax + 0.01 || y < yMin - 0.01 || y > yMax + 0.01) continue;
				spots.push({ x, y, d: Math.hypot(x - cx, (y - cy) * 1.15) });
			}
		}
		spots.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x);
		g.forEach((q, k) => {
			const spot = spots[k];
			if (spot) {
				q.cx = spot.x;
				q.cy = spot.y;
			}
		});
	}
	const crowdOf = new Map<(typeof placed)[number], number>();
	for (const g of groups.values()) for (const q of g) crowdOf.set(q, g.length);
	// Then markers of different spots that still overlap push each other apart.
	const minD = s;
	for (let iter = 0; iter < 200; iter++) {
		let moved = false;
		for (let a = 0; a < placed.length; a++) {
			for (let b = a + 1; b < placed.length; b++) {
				const A = placed[a];
				const B = placed[b];
				let dx = B.cx - A.cx;
				let dy = B.cy - A.cy;
				let d = Math.hypot(dx, dy);
				if (d >= minD - 0.01) continue;
				if (d < 0.01) {
					dx = Math.cos(b);
					dy = Math.sin(b);
					d = 1;
				}
				const push = (minD - d) / 2 + 0.05;
				const ux = dx / d;
				const uy = dy / d;
				A.cx = clamp(A.cx - ux * push, A.xMin, A.xMax);
				A.cy = clamp(A.cy - uy * push, A.yMin, A.yMax);
				B.cx = clamp(B.cx + ux * push, B.xMin, B.xMax);
				B.cy = clamp(B.cy + uy * push, B.yMin, B.yMax);
				moved = true;
			}
		}
		if (!moved) break;
	}

	// Labels, greedily: goals before CSFs, then board order. A label that fits nowhere goes to the
	// numbered legend under the chart; the marker's number links the two.
	const markers: Box[] = placed.map((q) => ({ x: q.cx - MARKER_R, y: q.cy - MARKER_R, w: MARKER_R * 2, h: MARKER_R * 2 }));
	const taken: Box[] = [...titleBoxes];
	const labels = new Map<number, PlacedPoint['label']>();
	const order = [...placed].sort((a, b) => (a.p.kind === b.p.kind ? a.i - b.i : a.p.kind === 'goal' ? -1 : 1));
	for (const q of order) {
		const text = shortLabel(q.p.text);
		const w = text.length * CHAR_W + 2;
		const off = MARKER_R + 4;
		const candidates = [
			{ box: { x: q.cx + off, y: q.cy - LABEL_H / 2, w, h: LABEL_H }, x: q.cx + off, y: q.cy + FONT / 2 - 1.5, anchor: 'start' as const },
			{ box: { x: q.cx - off - w, y: q.cy - LABEL_H / 2, w, h: LABEL_H }, x: q.cx - off, y: q.cy + FONT / 2 - 1.5, anchor: 'end' as const },
			{ box: { x: q.cx - w / 2, y: q.cy - off - LABEL_H, w, h: LABEL_H }, x: q.cx, y: q.cy - off - 3, anchor: 'middle' as const },
			{ box: { x: q.cx - w / 2, y: q.cy + off, w, h: LABEL_H }, x: q.cx, y: q.cy + off + FONT - 1, anchor: 'middle' as const }
		];
		const fit = candidates.find(
			(c) => inside(c.box, plot) && !taken.some((t) => overlaps(t, c.box)) && !markers.some((m, j) => j !== q.i && overlaps(m, c.box))
		);
		if (fit) {
			taken.push(fit.box);
			labels.set(q.i, { text, x: fit.x, y: fit.y, anchor: fit.anchor });
		} else labels.set(q.i, null);
	}

	return {
		plot,
		thresholdX,
		ableY,
		quadrants,
		markerR: MARKER_R,
		legend: placed.filter((q) => !labels.get(q.i)).map((q) => ({ targetId: q.p.targetId, number: numbers.get(q.p.targetId) ?? '', text: q.p.text })),
		points: placed.map((q) => ({
			targetId: q.p.targetId,
			number: numbers.get(q.p.targetId) ?? '',
			crowd: crowdOf.get(q) ?? 1,
			ax: q.ax,
			ay: q.ay,
			cx: q.cx,
			cy: q.cy,
			label: labels.get(q.i) ?? null
		})),
		xTicks: (plot.width < 560 ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1]).map((v) => ({ x: xOf(v), label: `${Math.round(v * 100)}%` })),
		yTicks: [0, 1, 2, 3].map((v) => ({ y: yOf(v), label: `${v} ${ABILITY_LABELS[v]}` }))
	};
}
