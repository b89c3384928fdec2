// Two states of a board side by side: two checkpoints, or this board and the account's previous
// one (a quarterly review keeps the ids of what it carried over, so items match by id). Also the
// timeline between consecutive checkpoints and the trend across an account's reviews. Pure: no
// Yjs, no Svelte; the inputs are plain snapshots (toSnapshot) and action rows.
import { computeAlignment } from './alignment.ts';
import { computeConvergence } from './convergence.ts';
import { computePositioning } from './positioning.ts';
import { isOverdue } from './actionTable.ts';
import { normalizeSnapshot } from './normalize.ts';
import type { ActionStatus, Level, Priority, TargetKind } from '../model/vocabulary.ts';
import type { BoardSnapshot } from './types.ts';

export interface ComparableAction {
	id: string;
	text: string;
	status: ActionStatus;
	due: string | null;
	createdBy?: string | null;
}

/** One side of a comparison. `internal` false: no positioning (client side, or no internal doc). */
export interface ComparableBoard {
	snapshot: BoardSnapshot;
	actions: ComparableAction[];
	internal: boolean;
	/** Who added a goal/CSF, stakeholder or action (by its id), when known: the timeline's attribution. */
	authors?: Readonly<Record<string, string>>;
}

export interface TargetRef {
	id: string;
	kind: TargetKind;
	text: string;
}

export interface PriorityShift {
	targetId: string;
	text: string;
	before: Priority | null;
	after: Priority | null;
}

export interface StakeholderShifts {
	stakeholderId: string;
	name: string;
	level: Level;
	shifts: PriorityShift[];
}

export interface PositioningSummary {
	high: Level | null;
	wide: number;
	deep: number;
}

export interface Measures {
	converged: number;
	targets: number;
	alignment: number | null;
	/** Null without internal data. */
	positioning: PositioningSummary | null;
}

export interface BoardComparison {
	targets: { added: TargetRef[]; dropped: TargetRef[]; renamed: Array<TargetRef & { before: string }> };
	stakeholders: { added: string[]; dropped: string[] };
	/** Client stakeholders present in both, with the goals/CSFs (present in both) whose priority changed. */
	priorityShifts: StakeholderShifts[];
	before: Measures;
	after: Measures;
	/** Goals/CSFs that converge after but not before, and the reverse. */
	startedConverging: TargetRef[];
	stoppedConverging: TargetRef[];
	actions: { done: ComparableAction[]; dropped: ComparableAction[]; overdue: ComparableAction[] };
}

const ref = (t: { id: string; kind: TargetKind; text: string }): TargetRef => ({ id: t.id, kind: t.kind, text: t.text });

/** Convergence, alignment and (with internal data) positioning of one board state. */
export function measures(board: ComparableBoard): Measures {
	const conv = computeConvergence(board.snapshot);
	const pos = board.internal ? computePositioning(board.snapshot) : null;
	return {
		converged: conv.convergedCount,
		targets: conv.targets.length,
		alignment: computeAlignment(board.snapshot).board,
		positioning: pos && { high: pos.high, wide: pos.wide, deep: pos.deep }
	};
}

function priorities(s: BoardSnapshot): Map<string, Priority | null> {
	const out = new Map<string, Priority | null>();
	for (const c of s.cells) out.set(`${c.stakeholderId}|${c.targetId}`, c.priority);
	return out;
}

/** `today` (yyyy-mm-dd) decides what is overdue in the later state. */
export function compareBoards(beforeIn: ComparableBoard, afterIn: ComparableBoard, today: string): BoardComparison {
	const before = { ...beforeIn, snapshot: normalizeSnapshot(beforeIn.snapshot) };
	const after = { ...afterIn, snapshot: normalizeSnapshot(afterIn.snapshot) };
	// Positioning is compared only when both sides have the internal data.
	const internal = before.internal && after.internal;
	const b = before.snapshot;
	const a = after.snapshot;
	const bTargets = new Map(b.targets.map((t) => [t.id, t]));
	const aTargets = new Map(a.targets.map((t) => [t.id, t]));
	const targets: BoardComparison['targets'] = { added: [], dropped: [], renamed: [] };
	for (const t of a.targets) {
		const old = bTargets.get(t.id);
		if (!old) targets.added.push(ref(t));
		else if (old.text !== t.text) targets.renamed.push({ ...ref(t), before: old.text });
	}
	for (const t of b.targets) if (!aTargets.has(t.id)) targets.dropped.push(ref(t));

	const bPeople = new Map(b.stakeholders.map((s) => [s.id, s]));
	const aPeople = new Map(a.stakeholders.map((s) => [s.id, s]));
	const stakeholders = {
		added: a.stakeholders.filter((s) => !bPeople.has(s.id)).map((s) => s.name),
		dropped: b.stakeholders.filter((s) => !aPeople.has(s.id)).map((s) => s.name)
	};

	const bp = priorities(b);
	const ap = priorities(a);
	const priorityShifts: StakeholderShifts[] = [];
	for (const s of a.stakeholders) {
		if (s.side !== 'client' || !bPeople.has(s.id)) continue;
		const shifts: PriorityShift[] = [];
		for (const t of a.targets) {
			if (!bTargets.has(t.id)) continue;
			const key = `${s.id}|${t.id}`;
			const was = bp.get(key) ?? null;
			const now = ap.get(key) ?? null;
			if (was !== now) shifts.push({ targetId: t.id, text: t.text, before: was, after: now });
		}
		if (shifts.length) priorityShifts.push({ stakeholderId: s.id, name: s.name, level: s.level, shifts });
	}

	const bm = measures({ ...before, internal });
	const am = measures({ ...after, internal });
	const bConv = new Set(computeConvergence(b).targets.filter((t) => t.converges).map((t) => t.targetId));
	const aConv = computeConvergence(a).targets.filter((t) => t.converges).map((t) => t.targetId);
	const aConvSet = new Set(aConv);
	const startedConverging = a.targets.filter((t) => aConvSet.has(t.id) && !bConv.has(t.id)).map(ref);
	const stoppedConverging = b.targets.filter((t) => bConv.has(t.id) && !aConvSet.has(t.id)).map(ref);

	const bActions = new Map(before.actions.map((x) => [x.id, x]));
	const aActions = new Map(after.actions.map((x) => [x.id, x]));
	const done = after.actions.filter((x) => x.status === 'done' && bActions.get(x.id)?.status !== 'done');
	const dropped = [
		...after.actions.filter((x) => x.status === 'dropped' && bActions.get(x.id)?.status !== 'dropped'),
		// Deleted while still to do: dropped too.
		...before.actions.filter((x) => !aActions.has(x.id) && (x.status === 'open' || x.status === 'in-progress'))
	];
	const overdue = after.actions.filter((x) => isOverdue(x, today));

	return { targets, stakeholders, priorityShifts, before: bm, after: am, startedConverging, stoppedConverging, actions: { done, dropped, overdue } };
}

export type TimelineArea = 'goal' | 'csf' | 'stakeholder' | 'cell' | 'action';

export interface TimelineEntry {
	area: TimelineArea;
	change: 'added' | 'removed' | 'changed';
	/** What changed, in words ("Grow revenue", "Ana · Grow revenue: 1 → 3"). */
	label: string;
	/** Who did it, when the data says (author, createdBy, the cell's setBy); null otherwise. */
	by: string | null;
}

const pr = (p: Priority | null) => (p === null ? 'unset' : String(p));

/** What changed from one checkpoint to the next, at the level of goals, cells, stakeholders and actions. */
export function timelineBetween(beforeIn: ComparableBoard, afterIn: ComparableBoard): TimelineEntry[] {
	const b = normalizeSnapshot(beforeIn.snapshot);
	const a = normalizeSnapshot(afterIn.snapshot);
	const who = (id: string) => afterIn.authors?.[id] ?? beforeIn.authors?.[id] ?? null;
	const out: TimelineEntry[] = [];
	const bT = new Map(b.targets.map((t) => [t.id, t]));
	const aT = new Map(a.targets.map((t) => [t.id, t]));
	for (const t of a.targets) {
		const old = bT.get(t.id);
		if (!old) out.push({ area: t.kind, change: 'added', label: t.text, by: who(t.id) });
		else if (old.text !== t.text) out.push({ area: t.kind, change: 'changed', label: `${old.text} → ${t.text}`, by: null });
	}
	for (const t of b.targets) if (!aT.has(t.id)) out.push({ area: t.kind, change: 'removed', label: t.text, by: null });
	const bS = new Map(b.stakeholders.map((s) => [s.id, s]));
	const aS = new Map(a.stakeholders.map((s) => [s.id, s]));
	for (const s of a.stakeholders) {
		const old = bS.get(s.id);
		if (!old) out.push({ area: 'stakeholder', change: 'added', label: s.name, by: who(s.id) });
		else if (old.name !== s.name || old.title !== s.title || old.level !== s.level || old.function !== s.function)
			out.push({ area: 'stakeholder', change: 'changed', label: s.name, by: null });
	}
	for (const s of b.stakeholders) if (!aS.has(s.id)) out.push({ area: 'stakeholder', change: 'removed', label: s.name, by: null });
	const bCells = new Map(b.cells.map((c) => [`${c.stakeholderId}|${c.targetId}`, c]));
	const aCells = new Map(a.cells.map((c) => [`${c.stakeholderId}|${c.targetId}`, c]));
	const cellLabel = (key: string, text: string) => {
		const [sid, tid] = key.split('|');
		return `${aS.get(sid)?.name ?? bS.get(sid)?.name ?? sid} · ${aT.get(tid)?.text ?? bT.get(tid)?.text ?? tid}: ${text}`;
	};
	// Board order: stakeholder rows, then goal columns.
	const sIndex = new Map(a.stakeholders.map((s, i) => [s.id, i]));
	const tIndex = new Map(a.targets.map((t, i) => [t.id, i]));
	const sorted = [...aCells].sort(([, x], [, y]) => (sIndex.get(x.stakeholderId) ?? 0) - (sIndex.get(y.stakeholderId) ?? 0) || (tIndex.get(x.targetId) ?? 0) - (tIndex.get(y.targetId) ?? 0));
	for (const [key, c] of sorted) {
		const old = bCells.get(key);
		const was = old?.priority ?? null;
		if (was !== c.priority || (old?.validated ?? false) !== c.validated || (old?.note ?? '') !== c.note)
			out.push({ area: 'cell', change: old ? 'changed' : 'added', label: cellLabel(key, `${pr(was)} → ${pr(c.priority)}`), by: c.provenance.setBy });
	}
	// A cell is gone with its row or column; that change is listed there already.
	for (const [key, c] of bCells)
		if (!aCells.has(key) && aS.has(c.stakeholderId) && aT.has(c.targetId)) out.push({ area: 'cell', change: 'removed', label: cellLabel(key, `${pr(c.priority)} → unset`), by: null });
	const bA = new Map(beforeIn.actions.map((x) => [x.id, x]));
	const aA = new Map(afterIn.actions.map((x) => [x.id, x]));
	for (const x of afterIn.actions) {
		const old = bA.get(x.id);
		if (!old) out.push({ area: 'action', change: 'added', label: x.text, by: x.createdBy ?? who(x.id) });
		else if (old.status !== x.status || old.text !== x.text || old.due !== x.due)
			out.push({ area: 'action', change: 'changed', label: old.status !== x.status ? `${x.text}: ${old.status} → ${x.status}` : x.text, by: null });
	}
	for (const x of beforeIn.actions) if (!aA.has(x.id)) out.push({ area: 'action', change: 'removed', label: x.text, by: null });
	return out;
}

export interface TrendPoint {
	id: string;
	label: string;
	at: number;
	/** Share of goals/CSFs that converge (0..1); null when the board has none. */
	convergence: number | null;
	alignment: number | null;
	/** Null without internal data. */
	positioning: PositioningSummary | null;
}

/** One point per board state (e.g. each quarterly review), oldest first. */
export function trendSeries(points: ReadonlyArray<{ id: string; label: string; at: number; board: ComparableBoard }>): TrendPoint[] {
	return [...points]
		.sort((x, y) => x.at - y.at)
		.map((p) => {
			const m = measures(p.board);
			return { id: p.id, label: p.label, at: p.at, convergence: m.targets ? m.converged / m.targets : null, alignment: m.alignment, positioning: m.positioning };
		});
}
