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
	if (max !== LABEL_CHARS) return cutLabel(text, max);
	let label = labels.get(text);
	if (label === undefined) {
		if (labels.size > 2000) labels.clear();
		labels.set(text, (label = cutLabel(text, max)));
	}
	return label;
}
/** Labels by text: the chart asks for each point's label on every change (a few hundred points). */
const labels = new Map<string, string>();

function cutLabel(text: string, max: number): string {
	const t = text.replace(/\s+/g, ' ').trim();
	if (t.length <= max) return t || '(untitled)';
	const cut = t.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, p: Plot) => a.x >= p.left + 2 && a.x + a.w <= p.right - 2 && a.y >= p.top + 2 && a.y + a.h <= p.bottom - 2;
const clamp = (v: number, lo: number, hi: number) => (hi < lo ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));
/** Cell size of the grids that label boxes are looked up in (about two glyph rows). */
const LABEL_CELL = 40;
/** Marker pairs the push may look at in all: a few milliseconds of work at most. */
const MAX_PUSH_CHECKS = 30_000;
/** A grid cell's key: chart coordinates are a few thousand pixels at most, and may be slightly negative. */
const cellKey = (i: number, j: number) => (i + 1024) * 4096 + (j + 1024);

/**
 * The places of a hexagonal grid of spacing `s` around a spot, nearest first (rows count a little
 * more, so a crowd spreads sideways), as far as a point may move: the plot's width, its ability band.
 */
const offsetCache = new Map<string, readonly { x: number; y: number }[]>();
function hexOffsets(s: number, width: number, band: number): readonly { x: number; y: number }[] {
	const cols = Math.ceil(width / s) + 1;
	const rows = Math.ceil(band / (s * 0.87)) + 1;
	const key = `${s}:${cols}:${rows}`;
	const known = offsetCache.get(key);
	if (known) return known;
	const out: { x: number; y: number; d: number }[] = [];
	for (let j = -rows; j <= rows; j++) {
		for (let i = -cols; i <= cols; i++) {
			const x = i * s + (Math.abs(j) % 2 ? s / 2 : 0);
			const y = j * s * 0.87;
			out.push({ x, y, d: Math.hypot(x, y * 1.15) });
		}
	}
	out.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x);
	const offsets = out.map(({ x, y }) => ({ x, y }));
	if (offsetCache.size > 16) offsetCache.clear();
	offsetCache.set(key, offsets);
	return offsets;
}

/** Point indices by grid cell (cells as large as the distance asked about): who is within `size` of a spot. */
class PointGrid {
	readonly #size: number;
	readonly #cells = new Map<number, number[]>();
	constructor(size: number) {
		this.#size = size;
	}
	#key(x: number, y: number): number {
		return cellKey(Math.floor(x / this.#size), Math.floor(y / this.#size));
	}
	add(i: number, x: number, y: number): void {
		const k = this.#key(x, y);
		const list = this.#cells.get(k);
		if (list) list.push(i);
		else this.#cells.set(k, [i]);
	}
	move(i: number, x0: number, y0: number, x1: number, y1: number): void {
		const from = this.#key(x0, y0);
		if (from === this.#key(x1, y1)) return;
		const list = this.#cells.get(from)!;
		list.splice(list.indexOf(i), 1);
		this.add(i, x1, y1);
	}
	/** Every point in the 3 × 3 cells around (x, y): a superset of those within `size` of it. */
	around(x: number, y: number, visit: (i: number) => void): void {
		const ci = Math.floor(x / this.#size);
		const cj = Math.floor(y / this.#size);
		for (let i = ci - 1; i <= ci + 1; i++) for (let j = cj - 1; j <= cj + 1; j++) this.#cells.get(cellKey(i, j))?.forEach(visit);
	}
}

/** Boxes by the grid cells they cover, numbered in the order added: does a box overlap any of them. */
class BoxGrid {
	readonly #size: number;
	readonly #boxes: (Box | null)[] = [];
	readonly #cells = new Map<number, number[]>();
	constructor(size: number) {
		this.#size = size;
	}
	#span(b: Box, visit: (key: number) => boolean | void): boolean {
		const s = this.#size;
		for (let i = Math.floor(b.x / s); i <= Math.floor((b.x + b.w) / s); i++) for (let j = Math.floor(b.y / s); j <= Math.floor((b.y + b.h) / s); j++) if (visit(cellKey(i, j))) return true;
		return false;
	}
	/** Adds `b`; its number (for `remove`). */
	add(b: Box): number {
		const n = this.#boxes.push(b) - 1;
		this.#span(b, (k) => {
			const list = this.#cells.get(k);
			if (list) list.push(n);
			else this.#cells.set(k, [n]);
		});
		return n;
	}
	remove(n: number): void {
		const b = this.#boxes[n];
		if (!b) return;
		this.#span(b, (k) => {
			const list = this.#cells.get(k);
			const at = list ? list.indexOf(n) : -1;
			if (at >= 0) list!.splice(at, 1);
		});
		this.#boxes[n] = null;
	}
	/** Whether `b` overlaps a box added before, other than the one numbered `except`. */
	overlapsAny(b: Box, except = -1): boolean {
		return this.#span(b, (k) => this.#cells.get(k)?.some((n) => n !== except && overlaps(this.#boxes[n]!, b)));
	}
}

// Space the quadrant titles take, so neither points' labels nor markers are drawn over them.
function titleBoxesOf(quadrants: readonly QuadrantBox[]): Box[] {
	return quadrants
		.filter((q) => q.w > 0)
		.map((q) => {
			const w = q.label.length * (CHAR_W + 0.6) + 4;
			return { x: q.anchor === 'end' ? q.labelX - w : q.labelX, y: q.labelY - LABEL_H, w, h: LABEL_H + 2 };
		});
}

type LabelPlace = { box: Box; x: number; y: number; anchor: 'start' | 'end' | 'middle' };
/** The four places a label of `length` characters may take beside its marker, in the order tried. */
function labelPlaces(cx: number, cy: number, length: number, markerR: number): LabelPlace[] {
	const w = length * CHAR_W + 2;
	const off = markerR + 4;
	return [
		{ box: { x: cx + off, y: cy - LABEL_H / 2, w, h: LABEL_H }, x: cx + off, y: cy + FONT / 2 - 1.5, anchor: 'start' },
		{ box: { x: cx - off - w, y: cy - LABEL_H / 2, w, h: LABEL_H }, x: cx - off, y: cy + FONT / 2 - 1.5, anchor: 'end' },
		{ box: { x: cx - w / 2, y: cy - off - LABEL_H, w, h: LABEL_H }, x: cx, y: cy - off - 3, anchor: 'middle' },
		{ box: { x: cx - w / 2, y: cy + off, w, h: LABEL_H }, x: cx, y: cy + off + FONT - 1, anchor: 'middle' }
	];
}

/**
 * Where each point and its label go. With `prev` (the layout before this change, on the same plot,
 * threshold and marker size) placement is stable: a marker whose spot did not change keeps the
 * place it had when that place is still free, and only the others are placed around them (issue
 * #15: laid out from scratch, one changed share moved most markers of a crowded chart). Labels
 * likewise keep their side when it still fits. Without `prev`, or when it does not apply, the chart
 * is laid out from scratch.
 */
export function layoutHelpChart(points: readonly HelpPoint[], threshold: number, plot: Plot = DEFAULT_PLOT, prev: ChartLayout | null = null): ChartLayout {
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
	const stable = prev !== null && prev.markerR === MARKER_R && prev.thresholdX === thresholdX && samePlot(prev.plot, plot);
	const before = stable ? new Map(prev.points.map((p) => [p.targetId, p])) : null;

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
	const titleBoxes = titleBoxesOf(quadrants);

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

	// Markers are placed one by one in board order, each at its own spot when no marker placed
	// before is in the way, else at the nearest free place of a hexagonal grid around that spot
	// (nearest first, inside its allowed area). Points at the same spot (common: a fresh board has
	// every target at 0% / ability 0) are so packed around it. Only neighbours can be in the way, so
	// each place is checked against the markers in the grid cells around it (issue #15: pushing all
	// pairs of 300 points apart took most of a second and still left overlaps). The order is fixed,
	// so every browser draws the same picture. A point with no free place left keeps its spot.
	const s = MARKER_R * 2 + GAP;
	const crowdKey = (q: (typeof placed)[number]) => `${Math.round(q.cx)}:${Math.round(q.cy)}:${q.p.converges}`;
	const crowdKeys = placed.map(crowdKey);
	const crowds = new Map<string, number>();
	for (const k of crowdKeys) crowds.set(k, (crowds.get(k) ?? 0) + 1);
	const offsets = hexOffsets(s, plot.right - plot.left, band);
	const near = new PointGrid(s);
	const free = (x: number, y: number) => {
		let ok = true;
		near.around(x, y, (j) => {
			if (ok && Math.hypot(placed[j].cx - x, placed[j].cy - y) < s - 0.01) ok = false;
		});
		return ok;
	};
	// Stable: first every marker whose spot did not change goes back to its place, if still free
	// and inside its area (markers kept before it, in board order, are in the way otherwise).
	const kept = new Set<number>();
	if (before) {
		for (const q of placed) {
			const old = before.get(q.p.targetId);
			if (!old || old.ax !== q.ax || old.ay !== q.ay) continue;
			// Unchanged markers came out of the last layout together: no need to check them against
			// each other (the few that changed are checked against all), which keeps a relayout cheap.
			if (old.cx < q.xMin - 0.01 || old.cx > q.xMax + 0.01 || old.cy < q.yMin - 0.01 || old.cy > q.yMax + 0.01) continue;
			q.cx = old.cx;
			q.cy = old.cy;
			kept.add(q.i);
			near.add(q.i, q.cx, q.cy);
		}
	}
	const freeOf = (x: number, y: number, self: number) => {
		let ok = true;
		near.around(x, y, (j) => {
			if (ok && j !== self && Math.hypot(placed[j].cx - x, placed[j].cy - y) < s - 0.01) ok = false;
		});
		return ok;
	};
	const lost: (typeof placed)[number][] = [];
	// Per spot and area, the offsets before this are taken or outside: a crowd is packed in one pass.
	const from = new Map<string, number>();
	let homeless = 0;
	for (const q of placed) {
		if (kept.has(q.i)) continue;
		let placedOk = false;
		const key = `${q.cx}:${q.cy}:${q.xMin}:${q.xMax}:${q.yMin}:${q.yMax}`;
		const x0 = q.cx;
		const y0 = q.cy;
		for (let k = from.get(key) ?? 0; k < offsets.length; k++) {
			const x = x0 + offsets[k].x;
			const y = y0 + offsets[k].y;
			if (x < q.xMin - 0.01 || x > q.xMax + 0.01 || y < q.yMin - 0.01 || y > q.yMax + 0.01 || !free(x, y)) continue;
			q.cx = x;
			q.cy = y;
			from.set(key, k + 1);
			placedOk = true;
			break;
		}
		if (!placedOk) {
			homeless++;
			from.set(key, offsets.length); // the rest of this crowd finds no place either
			if (before) lost.push(q);
		}
		near.add(q.i, q.cx, q.cy);
	}
	// Stable layouts don't push the others aside: a marker that found no place on the grid around
	// its spot (the places left between kept markers are off that grid) looks on one four times as fine.
	if (lost.length) {
		const fine = hexOffsets(s / 4, plot.right - plot.left, band);
		for (const q of lost) {
			const [x0, y0] = [q.cx, q.cy];
			for (const o of fine) {
				const x = x0 + o.x;
				const y = y0 + o.y;
				if (x < q.xMin - 0.01 || x > q.xMax + 0.01 || y < q.yMin - 0.01 || y > q.yMax + 0.01 || !freeOf(x, y, q.i)) continue;
				q.cx = x;
				q.cy = y;
				near.move(q.i, x0, y0, x, y);
				homeless--;
				break;
			}
		}
	}
	// A grid wastes room at the edges of an area: when a few markers found no free place, markers
	// that still overlap push each other apart (neighbours only, the grid following every move),
	// for at most 200 rounds and a bounded number of checks. When many found none the area is
	// simply too full (their labels are in the legend, the table lists every point): no pushing.
	const around: number[] = [];
	let checks = 0;
	// Stable layouts don't push: it would move markers that did not change.
	const pushing = !before && homeless > 0 && homeless <= Math.max(2, placed.length / 10);
	for (let iter = 0; pushing && iter < 200 && checks < MAX_PUSH_CHECKS; iter++) {
		let moved = false;
		for (let a = 0; a < placed.length; a++) {
			const A = placed[a];
			around.length = 0;
			near.around(A.cx, A.cy, (b) => {
				if (b > a) around.push(b);
			});
			around.sort((x, y) => x - y);
			checks += around.length;
			for (const b of around) {
				const B = placed[b];
				let dx = B.cx - A.cx;
				let dy = B.cy - A.cy;
				let d = Math.hypot(dx, dy);
				if (d >= s - 0.01) continue;
				if (d < 0.01) {
					dx = Math.cos(b);
					dy = Math.sin(b);
					d = 1;
				}
				const push = (s - d) / 2 + 0.05;
				const ux = dx / d;
				const uy = dy / d;
				const [ax, ay, bx, by] = [A.cx, A.cy, B.cx, B.cy];
				A.cx = clamp(A.cx - ux * push, A.xMin, A.xMax);
				A.cy = clamp(A.cy - uy * push, A.yMin, A.yMax);
				B.cx = clamp(B.cx + ux * push, B.xMin, B.xMax);
				B.cy = clamp(B.cy + uy * push, B.yMin, B.yMax);
				near.move(a, ax, ay, A.cx, A.cy);
				near.move(b, bx, by, B.cx, B.cy);
				moved = true;
			}
		}
		if (!moved) break;
	}

	// Labels, greedily: goals before CSFs, then board order. A label that fits nowhere goes to the
	// numbered legend under the chart; the marker's number links the two.
	const markers = new BoxGrid(LABEL_CELL);
	placed.forEach((q) => markers.add({ x: q.cx - MARKER_R, y: q.cy - MARKER_R, w: MARKER_R * 2, h: MARKER_R * 2 }));
	const taken = new BoxGrid(LABEL_CELL);
	for (const t of titleBoxes) taken.add(t);
	const labels = new Map<number, PlacedPoint['label']>();
	const order = [...placed].sort((a, b) => (a.p.kind === b.p.kind ? a.i - b.i : a.p.kind === 'goal' ? -1 : 1));
	const placesOf = (q: (typeof placed)[number]) => {
		const text = shortLabel(q.p.text);
		return { text, places: labelPlaces(q.cx, q.cy, text.length, MARKER_R) };
	};
	const fits = (q: (typeof placed)[number], c: LabelPlace) => inside(c.box, plot) && !taken.overlapsAny(c.box) && !markers.overlapsAny(c.box, q.i);
	// Stable: a label whose marker stayed and whose text kept its length keeps its side first.
	if (before) {
		for (const q of order) {
			if (!kept.has(q.i)) continue;
			const old = before.get(q.p.targetId)?.label;
			if (!old) continue;
			const { text, places } = placesOf(q);
			if (text.length !== old.text.length) continue;
			const same = places.find((c) => c.x === old.x && c.y === old.y && c.anchor === old.anchor);
			if (!same || !fits(q, same)) continue;
			taken.add(same.box);
			labels.set(q.i, { text, x: same.x, y: same.y, anchor: same.anchor });
		}
	}
	for (const q of order) {
		if (labels.has(q.i)) continue;
		const { text, places } = placesOf(q);
		const fit = places.find((c) => fits(q, c));
		if (fit) {
			taken.add(fit.box);
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
			crowd: crowds.get(crowdKeys[q.i]) ?? 1,
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

const samePlot = (a: Plot, b: Plot) => a.width === b.width && a.height === b.height && a.left === b.left && a.top === b.top && a.right === b.right && a.bottom === b.bottom;

/**
 * Whether the markers' places depend on the same things (all a layout depends on but the texts and
 * the labels' lengths). Compared field by field, not as a string key: building a 300-line key per
 * keystroke was most of what a keystroke cost here (issue #15).
 */
function sameGeometry(a: readonly HelpPoint[], b: readonly HelpPoint[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		const p = a[i];
		const q = b[i];
		if (p !== q && (p.targetId !== q.targetId || p.kind !== q.kind || p.parentId !== q.parentId || p.x !== q.x || p.y !== q.y || p.converges !== q.converges)) return false;
	}
	return true;
}

/**
 * What `relabel` looks boxes up in, for the layout `layout`: the markers, the titles and labels in
 * place (the number each label's box has in `taken`, -1 for none) and the label order. Kept from
 * one relabel to the next (markers do not move in a relabel), so a keystroke neither adds 300
 * markers and labels to grids again nor sorts the points (issue #15: most of a relabel was that).
 */
interface LabelIndex {
	layout: ChartLayout;
	markers: BoxGrid;
	taken: BoxGrid;
	boxOf: number[];
	order: number[];
}

function labelBox(pt: PlacedPoint, R: number): Box {
	const l = pt.label!;
	return labelPlaces(pt.cx, pt.cy, l.text.length, R).find((c) => c.x === l.x && c.y === l.y && c.anchor === l.anchor)!.box;
}

function labelIndex(layout: ChartLayout, points: readonly HelpPoint[]): LabelIndex {
	const R = layout.markerR;
	const markers = new BoxGrid(LABEL_CELL);
	for (const pt of layout.points) markers.add({ x: pt.cx - R, y: pt.cy - R, w: R * 2, h: R * 2 });
	const taken = new BoxGrid(LABEL_CELL);
	for (const t of titleBoxesOf(layout.quadrants)) taken.add(t);
	const boxOf = layout.points.map((pt) => (pt.label ? taken.add(labelBox(pt, R)) : -1));
	const order = points.map((_, i) => i).sort((a, b) => (points[a].kind === points[b].kind ? a - b : points[a].kind === 'goal' ? -1 : 1));
	return { layout, markers, taken, boxOf, order };
}

/**
 * `layoutHelpChart(points, …, prev)` when only some labels' lengths changed since `prev` (the
 * indices in `changed`), without placing the markers again: with every marker where it was, that
 * layout keeps every other label where it was (they fitted together before, and nothing else
 * moved), then places the changed labels and the unlabelled points, in label order, as it does.
 * An unlabelled point whose places were all taken by markers, titles or labels that stay can only
 * stay unlabelled, so only those with a place over a changed label's old box are tried again
 * (issue #15: a keystroke that changes a label's length laid the whole chart out again).
 * `index` (for `prev`, or null) is updated to the result. tests/unit/components/helpChartLayout.test.ts
 * checks it against layoutHelpChart.
 */
function relabel(prev: ChartLayout, points: readonly HelpPoint[], changed: ReadonlySet<number>, known: LabelIndex | null): { layout: ChartLayout; index: LabelIndex } {
	const R = prev.markerR;
	const plot = prev.plot;
	const index = known?.layout === prev ? known : labelIndex(prev, points);
	const { markers, taken, boxOf } = index;
	const vacated: Box[] = [];
	for (const i of changed) {
		if (boxOf[i] < 0) continue;
		vacated.push(labelBox(prev.points[i], R));
		taken.remove(boxOf[i]);
		boxOf[i] = -1;
	}
	const labels = prev.points.map((pt) => pt.label);
	// Every place a label of any length may take beside a marker lies within this reach of it: an
	// unlabelled point that far from every vacated box is skipped before its places are computed
	// (a keystroke otherwise built the places of the ~200 points in the legend; issue #15).
	const reachX = R + 4 + LABEL_CHARS * CHAR_W + 2;
	const reachY = R + 4 + LABEL_H;
	const near = (pt: PlacedPoint) => vacated.some((v) => overlaps(v, { x: pt.cx - reachX, y: pt.cy - reachY, w: reachX * 2, h: reachY * 2 }));
	for (const i of index.order) {
		const pt = prev.points[i];
		if (!changed.has(i) && (pt.label || !near(pt))) continue;
		const text = shortLabel(points[i].text);
		const places = labelPlaces(pt.cx, pt.cy, text.length, R);
		if (!changed.has(i) && !places.some((c) => vacated.some((v) => overlaps(v, c.box)))) continue;
		const fit = places.find((c) => inside(c.box, plot) && !taken.overlapsAny(c.box) && !markers.overlapsAny(c.box, i));
		if (fit) boxOf[i] = taken.add(fit.box);
		labels[i] = fit ? { text, x: fit.x, y: fit.y, anchor: fit.anchor } : null;
	}
	const legend = new Map(prev.legend.map((l) => [l.targetId, l]));
	const layout: ChartLayout = {
		...prev,
		points: prev.points.map((pt, i) => {
			const l = labels[i];
			const text = l ? shortLabel(points[i].text) : '';
			if (l === pt.label && (!l || l.text === text)) return pt;
			return { ...pt, label: l && { ...l, text } };
		}),
		legend: prev.points.flatMap((pt, i) => {
			if (labels[i]) return [];
			const old = legend.get(pt.targetId);
			return [old && old.text === points[i].text ? old : { targetId: pt.targetId, number: pt.number, text: points[i].text }];
		})
	};
	index.layout = layout;
	return { layout, index };
}

const samePlaced = (a: PlacedPoint, b: PlacedPoint) =>
	a.targetId === b.targetId && a.number === b.number && a.crowd === b.crowd && a.ax === b.ax && a.ay === b.ay && a.cx === b.cx && a.cy === b.cy &&
	(a.label === b.label || (!!a.label && !!b.label && a.label.text === b.label.text && a.label.x === b.label.x && a.label.y === b.label.y && a.label.anchor === b.label.anchor));

/** `next` with the points and legend entries that came out as before replaced by the earlier ones: only moved markers redraw. */
function keepUnchanged(prev: ChartLayout | null, next: ChartLayout): ChartLayout {
	if (!prev) return next;
	const points = new Map(prev.points.map((p) => [p.targetId, p]));
	const legend = new Map(prev.legend.map((l) => [l.targetId, l]));
	return {
		...next,
		points: next.points.map((p) => {
			const old = points.get(p.targetId);
			return old && samePlaced(old, p) ? old : p;
		}),
		legend: next.legend.map((l) => {
			const old = legend.get(l.targetId);
			return old && old.number === l.number && old.text === l.text ? old : l;
		})
	};
}

/**
 * `layoutHelpChart` that lays the chart out again only when something it places by changed: the
 * points' positions, numbers or label lengths, the threshold or the plot (issue #15: typing in a
 * goal moves nothing). Otherwise the last layout is kept with the new texts filled in; points whose
 * text did not change keep their identity, and with no new text it is the same layout object.
 */
export function helpChartLayouter(): (points: readonly HelpPoint[], threshold: number, plot?: Plot) => ChartLayout {
	type Key = { points: readonly HelpPoint[]; threshold: number; plot: Plot };
	let last: { key: Key; lengths: number[]; layout: ChartLayout; index?: LabelIndex | null } | null = null;
	return (points, threshold, plot = DEFAULT_PLOT) => {
		// The points are kept as given (a copy: callers may reuse their array); only their geometry is compared.
		const key: Key = { points: [...points], threshold, plot };
		const lengths = points.map((p) => shortLabel(p.text).length);
		if (!last || last.key.threshold !== threshold || !samePlot(last.key.plot, plot) || !sameGeometry(last.key.points, points)) {
			last = { key, lengths, layout: keepUnchanged(last?.layout ?? null, layoutHelpChart(points, threshold, plot, last?.layout ?? null)) };
			return last.layout;
		}
		const resized = new Set<number>();
		lengths.forEach((n, i) => n !== last!.lengths[i] && resized.add(i));
		if (resized.size) {
			const { layout, index } = relabel(last.layout, points, resized, last.index ?? null);
			last = { key, lengths, layout, index };
			return last.layout;
		}
		const prev = last.layout;
		const textOf = new Map(points.map((p) => [p.targetId, p.text]));
		let changed = false;
		const placed = prev.points.map((pt, i) => {
			const text = shortLabel(points[i].text);
			if (!pt.label || pt.label.text === text) return pt;
			changed = true;
			return { ...pt, label: { ...pt.label, text } };
		});
		const legend = prev.legend.map((l) => {
			const text = textOf.get(l.targetId) ?? l.text;
			if (text === l.text) return l;
			changed = true;
			return { ...l, text };
		});
		if (changed) {
			last.layout = { ...prev, points: placed, legend };
			// Same lengths in the same places: the labels' boxes are as they were.
			if (last.index?.layout === prev) last.index.layout = last.layout;
		}
		return last.layout;
	};
}

