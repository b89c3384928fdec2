// The positioning matrix as plain data: snapshot → rows, columns, goal groups and cells, plus other
// people's cursors per cell. Framework-free, so it is unit-tested without a browser.
//
// Every function takes the previous result and hands back the very same objects (and arrays) for
// whatever did not change: Svelte then leaves those rows and cells alone, so a key press updates
// one cell's DOM, not all 30 × 40.
import { numberTargets } from '$lib/board/views/numbering.ts';
import { initials } from '$lib/format.ts';
import type { BoardSnapshot, Cell, Priority, TargetKind } from '$lib/board/views/types.ts';
import type { PeerState, PeerUser } from '$lib/board/presence/peer.ts';

export interface MatrixRow {
	id: string;
	name: string;
	title: string;
	level: string;
	function: string;
}

export interface MatrixCol {
	id: string;
	kind: TargetKind;
	text: string;
	/** The goal's text (its own for a goal column). */
	goalText: string;
	/** First column of its goal's group: draws the group separator. */
	first: boolean;
	/** The board-wide number (G1, G1.2: views/numbering.ts). */
	ref: string;
}

export interface MatrixGroup {
	id: string;
	text: string;
	span: number;
	ref: string;
	/** Cut by the column window: only `span` of its columns are rendered. */
	cut?: boolean;
}

export interface MatrixLayout {
	cols: MatrixCol[];
	groups: MatrixGroup[];
}

/** What a cell shows. Absent (null) = nothing stored for it. */
export interface CellMark {
	priority: Priority | null;
	/** Only ever true with a priority: a validation without an answer shows nothing. */
	validated: boolean;
	hasNote: boolean;
}

/** Other people on one cell: the first one's colour and initials, everyone's names. */
export interface PeerMark {
	color: string;
	initials: string;
	names: string;
}

/** Cells (or peer marks) per row id, in column order. */
export type RowLine<T> = readonly (T | null)[];

const sameRecord = <T extends object>(a: T, b: T): boolean => {
	const ka = Object.keys(a) as (keyof T)[];
	return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * `next` with each record equal to the previous one of the same id replaced by it (so a change to
 * one column re-renders that column only), or `prev` itself when every record is the same.
 */
function reuseList<T extends { id: string }>(prev: readonly T[] | null | undefined, next: T[]): T[] {
	if (!prev) return next;
	const byId = new Map(prev.map((p) => [p.id, p]));
	let same = prev.length === next.length;
	const out = next.map((n, i) => {
		const p = byId.get(n.id);
		const keep = p && sameRecord(p, n) ? p : n;
		if (keep !== prev[i]) same = false;
		return keep;
	});
	return same ? (prev as T[]) : out;
}

/** `next`, or `prev` when every entry is the same object (or both null). */
function reuseLine<T>(prev: RowLine<T> | undefined, next: (T | null)[]): RowLine<T> {
	if (prev && prev.length === next.length && prev.every((p, i) => p === next[i])) return prev;
	return next;
}

/** The matrix rows: client stakeholders, in board order. */
export function matrixRows(snapshot: Pick<BoardSnapshot, 'stakeholders'>, prev?: MatrixRow[] | null): MatrixRow[] {
	const next = snapshot.stakeholders
		.filter((s) => s.side === 'client')
		.map((s) => ({ id: s.id, name: s.name, title: s.title, level: s.level, function: s.function }));
	return reuseList(prev, next);
}

/**
 * The columns: each goal ("Goal overall") followed by its CSFs, grouped under the goal. Targets
 * come in board order from the snapshot; a CSF before any goal (never in a normalized snapshot)
 * is left out rather than put in someone else's group.
 */
export function matrixLayout(snapshot: Pick<BoardSnapshot, 'targets'>, prev?: MatrixLayout | null): MatrixLayout {
	const cols: MatrixCol[] = [];
	const groups: MatrixGroup[] = [];
	const refs = numberTargets(snapshot.targets);
	for (const t of snapshot.targets) {
		const ref = refs.get(t.id) ?? '';
		if (t.kind === 'goal') {
			groups.push({ id: t.id, text: t.text, span: 1, ref });
			cols.push({ id: t.id, kind: 'goal', text: t.text, goalText: t.text, first: true, ref });
			continue;
		}
		const g = groups.at(-1);
		if (!g) continue;
		g.span++;
		cols.push({ id: t.id, kind: 'csf', text: t.text, goalText: g.text, first: false, ref });
	}
	const sameCols = reuseList(prev?.cols, cols);
	const sameGroups = reuseList(prev?.groups, groups);
	if (prev && sameCols === prev.cols && sameGroups === prev.groups) return prev;
	return { cols: sameCols, groups: sameGroups };
}

const markKey = (m: CellMark) => `${m.priority ?? ''}${m.validated ? 'v' : ''}${m.hasNote ? 'n' : ''}`;

/**
 * Per row, what each column's cell shows. A cell whose mark didn't change keeps its object, a row
 * whose cells all kept theirs keeps its array.
 */
export function cellLines(
	snapshot: BoardSnapshot,
	rows: readonly MatrixRow[],
	cols: readonly MatrixCol[],
	prev?: ReadonlyMap<string, RowLine<CellMark>> | null
): Map<string, RowLine<CellMark>> {
	const byRow = new Map<string, Map<string, CellMark>>();
	for (const c of snapshot.cells) {
		const mark: CellMark = { priority: c.priority, validated: c.validated && c.priority !== null, hasNote: c.note !== '' };
		let m = byRow.get(c.stakeholderId);
		if (!m) byRow.set(c.stakeholderId, (m = new Map()));
		m.set(c.targetId, mark);
	}
	const out = new Map<string, RowLine<CellMark>>();
	for (const r of rows) {
		const marks = byRow.get(r.id);
		const before = prev?.get(r.id);
		const line = cols.map((col, i) => {
			const mark = marks?.get(col.id) ?? null;
			const old = before?.[i];
			return mark && old && markKey(old) === markKey(mark) ? old : mark;
		});
		out.set(r.id, reuseLine(before, line));
	}
	return out;
}

/** Other people's cursors ("cell:<stakeholder>|<target>" focus): cell key → the people on it, once each, never me. */
export function peersByCell(peers: readonly PeerState[], meId: string): Map<string, PeerUser[]> {
	const out = new Map<string, PeerUser[]>();
	for (const p of peers) {
		if (!p.focus?.startsWith('cell:') || p.user.id === meId) continue;
		const key = p.focus.slice(5);
		const list = out.get(key) ?? [];
		if (!list.some((u) => u.id === p.user.id)) list.push(p.user);
		out.set(key, list);
	}
	return out;
}

const NOBODY: RowLine<never> = Object.freeze([]);

/**
 * Per row, who is on which column (null where nobody is; rows nobody is on share one empty line);
 * reused like `cellLines`. Walks the few people, not every cell: it runs on each cursor move.
 */
export function peerLines(
	at: ReadonlyMap<string, PeerUser[]>,
	rows: readonly MatrixRow[],
	cols: readonly MatrixCol[],
	prev?: ReadonlyMap<string, RowLine<PeerMark>> | null
): Map<string, RowLine<PeerMark>> {
	const lines = new Map<string, (PeerMark | null)[]>();
	if (at.size) {
		const rowIds = new Set(rows.map((r) => r.id));
		const colAt = new Map(cols.map((c, i) => [c.id, i]));
		for (const [key, users] of at) {
			const bar = key.indexOf('|');
			const sid = key.slice(0, bar);
			const i = colAt.get(key.slice(bar + 1));
			if (bar < 0 || i === undefined || !rowIds.has(sid) || !users.length) continue;
			let line = lines.get(sid);
			if (!line) lines.set(sid, (line = new Array<PeerMark | null>(cols.length).fill(null)));
			line[i] = { color: users[0].color, initials: initials(users[0].name), names: users.map((u) => u.name).join(', ') };
		}
	}
	const out = new Map<string, RowLine<PeerMark>>();
	for (const r of rows) {
		const before = prev?.get(r.id);
		const line = lines.get(r.id);
		if (!line) {
			out.set(r.id, before && before.length === 0 ? before : NOBODY);
			continue;
		}
		const reused = line.map((mark, i) => {
			const old = before?.[i];
			return mark && old && sameRecord(old, mark) ? old : mark;
		});
		out.set(r.id, reuseLine(before, reused));
	}
	return out;
}

/** "Sam on Clara Chief × Cut cost" chips for the heading: only cells that are on the grid. */
const NO_CHIPS: readonly { user: PeerUser; where: string }[] = Object.freeze([]);

export function peerSummary(
	at: ReadonlyMap<string, PeerUser[]>,
	rows: readonly MatrixRow[],
	cols: readonly MatrixCol[]
): readonly { user: PeerUser; where: string }[] {
	// Nobody else on a cell (the usual case, and on every key press): no maps of the 40 rows and 300 columns.
	if (!at.size) return NO_CHIPS;
	const names = new Map(rows.map((r) => [r.id, r.name]));
	const texts = new Map(cols.map((c) => [c.id, c.text]));
	const out: { user: PeerUser; where: string }[] = [];
	for (const [key, users] of at) {
		const i = key.indexOf('|');
		const sid = key.slice(0, i);
		const tid = key.slice(i + 1);
		if (i < 0 || !names.has(sid) || !texts.has(tid)) continue;
		for (const user of users) out.push({ user, where: `${names.get(sid) || 'unnamed'} × ${texts.get(tid)}` });
	}
	return out;
}

// ---- big boards (issue #15): only the columns in view are rendered, cell lines kept per row ----

/** Up to this many columns every one is rendered; beyond, only those in view (and a margin). */
export const RENDER_ALL_COLS = 60;
/**
 * Columns rendered past each edge of the view, so an arrow key always lands on a rendered cell.
 * Small: Chromium paints every rendered cell of the grid on each key press (its paint reuses little
 * of the table), so paint per key grows with the cells rendered, not with the cells in view (issue #15).
 */
export const OVERSCAN_COLS = 2;

/**
 * The cells to render along one axis, [from, to): those in view plus `overscan` each side, snapped to
 * steps of 4 so small scrolls don't re-render, and always the cursor's (a roving tabindex needs its
 * cell). Every one up to `renderAll`, or while the cell size is not known yet.
 */
function axisWindow(count: number, scrolled: number, extent: number, px: number, cursor: number, overscan: number, renderAll: number): { from: number; to: number } {
	if (count <= renderAll || !(px > 0)) return { from: 0, to: count };
	const first = Math.min(count - 1, Math.floor(Math.max(0, scrolled) / px));
	let from = Math.max(0, Math.floor((first - overscan) / 4) * 4);
	let to = Math.min(count, Math.ceil((first + Math.ceil(extent / px) + overscan) / 4) * 4);
	if (cursor >= 0 && cursor < count) {
		from = Math.min(from, cursor);
		to = Math.max(to, cursor + 1);
	}
	return { from, to };
}

/** The columns to render (axisWindow). */
export function colWindow(count: number, view: { scrollLeft: number; width: number; colPx: number }, cursorCol: number): { from: number; to: number } {
	return axisWindow(count, view.scrollLeft, view.width, view.colPx, cursorCol, OVERSCAN_COLS, RENDER_ALL_COLS);
}

/** Up to this many rows every one is rendered; beyond, only those in view (and a margin). */
export const RENDER_ALL_ROWS = 12;
/** Rows rendered past each edge of the grid's scroll box (Chromium paints rows outside it too: issue #15). */
export const OVERSCAN_ROWS = 2;

/**
 * The rows to render (axisWindow). `height` is the box's height below the sticky header, so
 * `scrollTop` is also how far the body has scrolled under it (row r starts at r × rowPx).
 */
export function rowWindow(count: number, view: { scrollTop: number; height: number; rowPx: number }, cursorRow: number): { from: number; to: number } {
	return axisWindow(count, view.scrollTop, view.height, view.rowPx, cursorRow, OVERSCAN_ROWS, RENDER_ALL_ROWS);
}

/** The goal groups over columns [from, to), spans cut to the window (and marked `cut`). */
export function groupsIn(groups: readonly MatrixGroup[], from: number, to: number): MatrixGroup[] {
	const out: MatrixGroup[] = [];
	let start = 0;
	for (const g of groups) {
		const a = Math.max(start, from);
		const b = Math.min(start + g.span, to);
		if (b > a) out.push(b - a === g.span ? g : { ...g, span: b - a, cut: true });
		start += g.span;
	}
	return out;
}

/**
 * `cellLines` kept up to date: only the rows whose cells changed (by identity: the board snapshot
 * keeps the objects of unchanged cells) are read again, so a key press or a remote change costs
 * one row, not 40 × 300 cells. Same results as `cellLines`.
 */
export class CellLines {
	#cells: readonly Cell[] | null = null;
	#rows: readonly MatrixRow[] | null = null;
	#colKey = '';
	#out = new Map<string, RowLine<CellMark>>();

	update(cells: readonly Cell[], rows: readonly MatrixRow[], cols: readonly MatrixCol[]): Map<string, RowLine<CellMark>> {
		const colKey = cols.map((c) => c.id).join('\u0000');
		if (cells === this.#cells && rows === this.#rows && colKey === this.#colKey) return this.#out;
		const prevCells = this.#cells;
		let dirty: Set<string> | null = null; // null: every row
		if (prevCells && colKey === this.#colKey) {
			dirty = new Set();
			if (prevCells.length === cells.length) {
				for (let i = 0; i < cells.length; i++) {
					if (cells[i] === prevCells[i]) continue;
					dirty.add(cells[i].stakeholderId).add(prevCells[i].stakeholderId);
				}
			} else {
				const before = new Set(prevCells);
				const now = new Set(cells);
				for (const c of cells) if (!before.has(c)) dirty.add(c.stakeholderId);
				for (const c of prevCells) if (!now.has(c)) dirty.add(c.stakeholderId);
			}
			// Rows new to the grid are read too.
			for (const r of rows) if (!this.#out.has(r.id)) dirty.add(r.id);
		}
		const marks = new Map<string, Map<string, CellMark>>();
		// Indexed: a for…of allocates an iterator result per cell until V8 optimizes this, and it runs
		// once per key press over the 12,000 cells of a board at the limits (issue #15: ~170 KB per digit).
		for (let i = 0; i < cells.length; i++) {
			const c = cells[i];
			if (dirty && !dirty.has(c.stakeholderId)) continue;
			let m = marks.get(c.stakeholderId);
			if (!m) marks.set(c.stakeholderId, (m = new Map()));
			m.set(c.targetId, { priority: c.priority, validated: c.validated && c.priority !== null, hasNote: c.note !== '' });
		}
		const out = new Map<string, RowLine<CellMark>>();
		for (const r of rows) {
			const before = this.#out.get(r.id);
			if (dirty && !dirty.has(r.id) && before) {
				out.set(r.id, before);
				continue;
			}
			const m = marks.get(r.id);
			const line = cols.map((col, i) => {
				const mark = m?.get(col.id) ?? null;
				const old = colKey === this.#colKey ? before?.[i] : undefined;
				return mark && old && markKey(old) === markKey(mark) ? old : mark;
			});
			out.set(r.id, reuseLine(before, line));
		}
		this.#cells = cells;
		this.#rows = rows;
		this.#colKey = colKey;
		this.#out = out;
		return out;
	}
}

/** What a row needs of a column: its id and whether it starts a goal's group (not its text). */
export type ColSlot = Pick<MatrixCol, 'id' | 'first'>;

/**
 * The columns as the rows see them, `prev` itself while the ids and group starts are the same: typing
 * in a goal changes a column's text, which only the header shows, so the 40 rows are left alone.
 */
export function colSlots(cols: readonly MatrixCol[], prev?: readonly ColSlot[] | null): readonly ColSlot[] {
	if (prev && prev.length === cols.length && cols.every((c, i) => c.id === prev[i].id && c.first === prev[i].first)) return prev;
	return cols.map((c) => ({ id: c.id, first: c.first }));
}
