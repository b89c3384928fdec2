// The positioning matrix as plain data: snapshot → rows, columns, goal groups and cells, plus other
// people's cursors per cell. Framework-free, so it is unit-tested without a browser.
//
// Every function takes the previous result and hands back the very same objects (and arrays) for
// whatever did not change: Svelte then leaves those rows and cells alone, so a key press updates
// one cell's DOM, not all 30 × 40.
import { numberTargets } from '$lib/board/views/numbering.ts';
import { initials } from '$lib/format.ts';
import type { BoardSnapshot, Priority, TargetKind } from '$lib/board/views/types.ts';
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

/** `next`, or `prev` when both hold equal flat records in the same order. */
function reuseList<T extends object>(prev: readonly T[] | null | undefined, next: T[]): T[] {
	if (prev && prev.length === next.length && prev.every((p, i) => sameRecord(p, next[i]))) return prev as T[];
	return next;
}

/** `next`, or `prev` when every entry is the same object (or both null). */
function reuseLine<T>(prev: RowLine<T> | undefined, next: (T | null)[]): RowLine<T> {
	if (prev && prev.length === next.length && prev.every((p, i) => p === next[i])) return prev;
	return next;
}

/** The matrix rows: client stakeholders, in board order. */
export function matrixRows(snapshot: BoardSnapshot, prev?: MatrixRow[] | null): MatrixRow[] {
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
export function matrixLayout(snapshot: BoardSnapshot, prev?: MatrixLayout | null): MatrixLayout {
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

/** Per row, who is on which column (null where nobody is); reused like `cellLines`. */
export function peerLines(
	at: ReadonlyMap<string, PeerUser[]>,
	rows: readonly MatrixRow[],
	cols: readonly MatrixCol[],
	prev?: ReadonlyMap<string, RowLine<PeerMark>> | null
): Map<string, RowLine<PeerMark>> {
	const out = new Map<string, RowLine<PeerMark>>();
	for (const r of rows) {
		const before = prev?.get(r.id);
		const line = cols.map((col, i): PeerMark | null => {
			const users = at.get(`${r.id}|${col.id}`);
			if (!users?.length) return null;
			const mark = { color: users[0].color, initials: initials(users[0].name), names: users.map((u) => u.name).join(', ') };
			const old = before?.[i];
			return old && sameRecord(old, mark) ? old : mark;
		});
		out.set(r.id, reuseLine(before, line));
	}
	return out;
}

/** "Sam on Clara Chief × Cut cost" chips for the heading: only cells that are on the grid. */
export function peerSummary(
	at: ReadonlyMap<string, PeerUser[]>,
	rows: readonly MatrixRow[],
	cols: readonly MatrixCol[]
): { user: PeerUser; where: string }[] {
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
