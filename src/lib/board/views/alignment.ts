// How closely client stakeholders agree on priorities, and where they diverge most.
import { clientsOf, normalizeSnapshot, prioritiesOf, weightOf } from './normalize.ts';
import { compareKeys } from '../model/order.ts';
import { cellChanges } from './cellChanges.ts';
import type { BoardSnapshot, Cell, Priority, Stakeholder } from './types.ts';

export interface Disagreement {
	targetId: string;
	/** Priorities of pair.a and pair.b. */
	a: Priority;
	b: Priority;
	/** |a - b|, 1..3. */
	difference: number;
}

export interface PairAlignment {
	/** Stakeholder ids, a < b. */
	a: string;
	b: string;
	/** 1 - mean |difference| / 3 over targets both have set; null when there are none. */
	alignment: number | null;
	/** Number of targets both have set. */
	common: number;
	/** w(a) · w(b), the pair's weight in the board alignment. */
	weight: number;
	/** Targets they rate differently, largest difference first, then board order. */
	disagreements: Disagreement[];
}

export interface AlignmentView {
	/** Pair-weighted mean of the defined pairs; null when no pair is defined. */
	board: number | null;
	/** Every client pair, ordered by ids. */
	pairs: PairAlignment[];
	/** Defined pairs, lowest alignment first (then heavier pair first, then ids). */
	divergent: PairAlignment[];
}

export interface AlignmentOptions {
	/** Keep at most this many divergent pairs. */
	limit?: number;
}

type Row = ReadonlyMap<string, Priority> | undefined;

function comparePair(snapshot: BoardSnapshot, a: Row, b: Row): { alignment: number | null; common: number; disagreements: Disagreement[] } {
	const va = vectorOf(snapshot, a);
	const vb = vectorOf(snapshot, b);
	let common = 0;
	let total = 0;
	const disagreements: Disagreement[] = [];
	for (let i = 0; i < va.length; i++) {
		const pa = va[i];
		const pb = vb[i];
		if (pa < 0 || pb < 0) continue;
		const difference = Math.abs(pa - pb);
		common++;
		total += difference;
		if (difference > 0) disagreements.push({ targetId: snapshot.targets[i].id, a: pa as Priority, b: pb as Priority, difference });
	}
	disagreements.sort((x, y) => y.difference - x.difference); // stable: ties keep board order
	return { alignment: common > 0 ? 1 - total / (3 * common) : null, common, disagreements };
}

/**
 * A row's priorities in target order (-1 where unset), kept per row and targets array: comparing a
 * pair is then a pass over two small arrays instead of 600 map look-ups (issue #15: a changed row is
 * compared with 39 others over 300 targets).
 */
const vectors = new WeakMap<object, { targets: readonly unknown[]; v: Int8Array }>();
const NO_ROW = {};
function vectorOf(snapshot: BoardSnapshot, row: Row): Int8Array {
	const key = row ?? NO_ROW;
	const hit = vectors.get(key);
	if (hit && hit.targets === snapshot.targets) return hit.v;
	const v = new Int8Array(snapshot.targets.length).fill(-1);
	if (row) snapshot.targets.forEach((t, i) => {
		const p = row.get(t.id);
		if (p !== undefined) v[i] = p;
	});
	if (Object.isFrozen(snapshot.targets)) vectors.set(key, { targets: snapshot.targets, v });
	return v;
}

/** Alignment of two client stakeholders (symmetric); null if either isn't a client or they share no set target. */
export function pairAlignment(board: unknown, aId: string, bId: string): number | null {
	const snapshot = normalizeSnapshot(board);
	const clients = new Set(clientsOf(snapshot).map((s) => s.id));
	if (!clients.has(aId) || !clients.has(bId)) return null;
	const priorities = prioritiesOf(snapshot);
	return comparePair(snapshot, priorities.get(aId), priorities.get(bId)).alignment;
}

/**
 * The last result, by what it reads: the client rows, the cells and the targets' order (not their
 * texts). Snapshots are frozen and a live one keeps unchanged parts (doc/liveSnapshot.ts), so typing
 * in a goal does not recompute the 780 pairs × 300 targets of a board at the limits (issue #15).
 * After a cell change only the rows whose cells changed are read again (found by identity: a live
 * snapshot keeps the objects of unchanged cells in place) and only their pairs compared again; the
 * others are the previous results, as they are (a pair reads nothing but its two rows, weights and
 * the order).
 */
let last: {
	stakeholders: unknown;
	cells: readonly Cell[];
	order: string;
	limit: unknown;
	/** Each client's weight and priorities, to tell which rows changed. */
	rows: Map<string, { weight: number; priorities: ReadonlyMap<string, Priority> | undefined }>;
	priorities: Map<string, Map<string, Priority>>;
	/** The client ids in pair order. */
	ids: string;
	view: AlignmentView;
} | null = null;

export function computeAlignment(board: unknown, options: AlignmentOptions = {}): AlignmentView {
	const snapshot = normalizeSnapshot(board);
	const order = orderOf(snapshot.targets);
	if (last && last.stakeholders === snapshot.stakeholders && last.cells === snapshot.cells && last.order === order && last.limit === options?.limit) return last.view;
	const clients = clientsOf(snapshot); // sorted by id: pairs and sums are order-independent
	const known = last && last.order === order ? last : null;
	const changed = known && known.stakeholders === snapshot.stakeholders ? changedRows(known.cells, snapshot.cells) : null;
	const priorities = changed && known ? prioritiesAgain(known.cells, snapshot.cells, known.priorities, changed) : prioritiesOf(snapshot);
	const rows = new Map(clients.map((c) => [c.id, { weight: weightOf(c), priorities: priorities.get(c.id) }]));
	const unchanged = new Set<string>();
	if (known)
		for (const [id, row] of rows) {
			const before = known.rows.get(id);
			// A row none of whose cells changed (same stakeholders) has the same weight and priorities.
			if (changed && before && !changed.ids.has(id) ? before.priorities === row.priorities : sameRow(before, row)) unchanged.add(id);
		}
	// The same clients in the same order list the same pairs in the same places: the k-th pair is the
	// previous k-th pair unless one of its rows changed (no keys to build for the 780 pairs).
	const ids = clients.map((c) => c.id).join('\u0000');
	const samePlaces = known !== null && known.ids === ids;
	const byIds = known && !samePlaces ? new Map(known.view.pairs.map((p) => [`${p.a}\u0000${p.b}`, p])) : null;
	// After a cell change, per changed row the targets whose cells changed: a pair with such a row is
	// its previous result with those targets compared again (pairAgain), not a pass over all targets.
	const edits = changed && known ? editedTargets(known.cells, snapshot.cells, changed.at) : null;
	const index = edits ? targetIndex(snapshot.targets) : null;
	let k = 0;
	const view = alignmentOf(snapshot, clients, priorities, options, (a, b) => {
		const at = k++;
		if (!known) return undefined;
		const old = samePlaces ? known.view.pairs[at] : byIds?.get(`${a}\u0000${b}`);
		if (!old) return undefined;
		if (unchanged.has(a) && unchanged.has(b)) return old;
		if (!edits || !index) return undefined;
		return pairAgain(old, [...(edits.get(a) ?? []), ...(edits.get(b) ?? [])], known.priorities, priorities, index);
	});
	last = { stakeholders: snapshot.stakeholders, cells: snapshot.cells, order, ids, limit: options?.limit, rows, priorities, view };
	return view;
}

/** The targets' ids in order, one string, kept per (frozen) targets array: a cell change reuses it. */
const orders = new WeakMap<readonly unknown[], string>();
function orderOf(targets: BoardSnapshot['targets']): string {
	const hit = orders.get(targets);
	if (hit !== undefined) return hit;
	const order = targets.map((t) => t.id).join('\u0000');
	if (Object.isFrozen(targets)) orders.set(targets, order);
	return order;
}

/**
 * The places where two cells arrays of the same length differ (cellChanges: as the live snapshot
 * recorded them, else by identity), and the stakeholders of the cells there (before and now); null
 * when that cannot tell (another length, or arrays that may change after the fact).
 */
export function changedRows(before: readonly Cell[], now: readonly Cell[]): { ids: Set<string>; at: readonly number[] } | null {
	const at = cellChanges(before, now);
	if (!at) return null;
	const ids = new Set<string>();
	for (const i of at) ids.add(now[i].stakeholderId).add(before[i].stakeholderId);
	return { ids, at };
}

/**
 * `prioritiesOf` from the previous result: the rows of the listed stakeholders are copies of the
 * previous ones with the changed cells' old ratings taken out and the new ones put in, the others
 * kept. Only the changed places are read, not the 12,000 cells (issue #15). A row left without a
 * rating is left out, as a full pass leaves it out.
 */
export function prioritiesAgain(
	before: readonly Cell[],
	now: readonly Cell[],
	previous: ReadonlyMap<string, ReadonlyMap<string, Priority>>,
	changed: { ids: ReadonlySet<string>; at: readonly number[] }
): Map<string, Map<string, Priority>> {
	const out = new Map<string, Map<string, Priority>>();
	for (const [id, row] of previous) if (!changed.ids.has(id)) out.set(id, row as Map<string, Priority>);
	for (const id of changed.ids) {
		const row = previous.get(id);
		out.set(id, row ? new Map(row) : new Map());
	}
	for (const i of changed.at) {
		const c = before[i];
		if (c.priority !== null) out.get(c.stakeholderId)!.delete(c.targetId);
	}
	for (const i of changed.at) {
		const c = now[i];
		if (c.priority !== null) out.get(c.stakeholderId)!.set(c.targetId, c.priority);
	}
	for (const id of changed.ids) if (out.get(id)!.size === 0) out.delete(id);
	return out;
}

/** Per stakeholder, the targets of the cells at `at` in either array. */
function editedTargets(before: readonly Cell[], now: readonly Cell[], at: readonly number[]): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	const add = (c: Cell) => {
		let set = out.get(c.stakeholderId);
		if (!set) out.set(c.stakeholderId, (set = new Set()));
		set.add(c.targetId);
	};
	for (const i of at) {
		add(before[i]);
		add(now[i]);
	}
	return out;
}

/** Each target's place in board order, kept per (frozen) targets array. */
const indexes = new WeakMap<readonly unknown[], Map<string, number>>();
function targetIndex(targets: BoardSnapshot['targets']): Map<string, number> {
	const hit = indexes.get(targets);
	if (hit) return hit;
	const index = new Map(targets.map((t, i) => [t.id, i]));
	if (Object.isFrozen(targets)) indexes.set(targets, index);
	return index;
}

/**
 * `comparePair` for a pair whose rows differ from the previous ones at the listed targets only
 * (repeats allowed): the previous result with those targets' terms taken out and put in again.
 * The sum of differences is the sum over the previous disagreements (whole numbers, so exactly what
 * a full pass adds up), and the disagreements keep their order: largest difference first, then
 * board order. tests/unit/views/pairAgain.test.ts checks it against a full pass.
 */
export function pairAgain(
	old: PairAlignment,
	targets: readonly string[],
	before: ReadonlyMap<string, ReadonlyMap<string, Priority>>,
	now: ReadonlyMap<string, ReadonlyMap<string, Priority>>,
	index: ReadonlyMap<string, number>
): PairAlignment {
	const edited = new Set(targets);
	const [ra, rb, na, nb] = [before.get(old.a), before.get(old.b), now.get(old.a), now.get(old.b)];
	let common = old.common;
	let total = 0;
	for (const d of old.disagreements) total += d.difference;
	const disagreements = old.disagreements.filter((d) => !edited.has(d.targetId));
	for (const t of edited) {
		const [pa, pb, qa, qb] = [ra?.get(t), rb?.get(t), na?.get(t), nb?.get(t)];
		if (pa !== undefined && pb !== undefined) {
			common--;
			total -= Math.abs(pa - pb);
		}
		if (qa === undefined || qb === undefined) continue;
		const difference = Math.abs(qa - qb);
		common++;
		total += difference;
		if (difference === 0) continue;
		const d: Disagreement = { targetId: t, a: qa, b: qb, difference };
		const at = index.get(t)!;
		let i = disagreements.length;
		while (i > 0 && (disagreements[i - 1].difference < difference || (disagreements[i - 1].difference === difference && index.get(disagreements[i - 1].targetId)! > at))) i--;
		disagreements.splice(i, 0, d);
	}
	return { a: old.a, b: old.b, weight: old.weight, alignment: common > 0 ? 1 - total / (3 * common) : null, common, disagreements };
}

function sameRow(a: { weight: number; priorities: ReadonlyMap<string, Priority> | undefined } | undefined, b: { weight: number; priorities: ReadonlyMap<string, Priority> | undefined }): boolean {
	if (!a || a.weight !== b.weight) return false;
	const x = a.priorities;
	const y = b.priorities;
	if (!x || !y) return !x && !y;
	if (x.size !== y.size) return false;
	for (const [t, p] of x) if (y.get(t) !== p) return false;
	return true;
}

function alignmentOf(
	snapshot: BoardSnapshot,
	clients: Stakeholder[],
	priorities: Map<string, Map<string, Priority>>,
	options: AlignmentOptions,
	previous: (a: string, b: string) => PairAlignment | undefined
): AlignmentView {
	const pairs: PairAlignment[] = [];
	let weighted = 0;
	let weights = 0;
	for (let i = 0; i < clients.length; i++) {
		for (let j = i + 1; j < clients.length; j++) {
			const a = clients[i]!;
			const b = clients[j]!;
			const pair = previous(a.id, b.id) ?? { a: a.id, b: b.id, weight: weightOf(a) * weightOf(b), ...comparePair(snapshot, priorities.get(a.id), priorities.get(b.id)) };
			pairs.push(pair);
			if (pair.alignment !== null) {
				weighted += pair.weight * pair.alignment;
				weights += pair.weight;
			}
		}
	}

	const defined = pairs.filter((p) => p.alignment !== null);
	const limit = options?.limit;
	const keep = typeof limit === 'number' && limit >= 0 ? Math.floor(limit) : defined.length;
	return { board: weights > 0 ? weighted / weights : null, pairs, divergent: lowest(defined, keep, divergence) };
}

/** Lowest alignment first, then the heavier pair, then ids: a total order (no two pairs have the same ids). */
const divergence = (x: PairAlignment, y: PairAlignment) =>
	(x.alignment as number) - (y.alignment as number) || y.weight - x.weight || compareKeys(x.a, y.a) || compareKeys(x.b, y.b);

/**
 * The first `keep` of `items` in `order`, as sorting them all and cutting would give (the order is
 * total): for the few divergent pairs shown, one pass over the 780 pairs instead of sorting them.
 */
export function lowest<T>(items: readonly T[], keep: number, order: (a: T, b: T) => number): T[] {
	if (keep >= items.length / 4) return [...items].sort(order).slice(0, keep);
	const out: T[] = [];
	for (const item of items) {
		if (out.length === keep && (keep === 0 || order(item, out[keep - 1]) >= 0)) continue;
		let i = out.length;
		while (i > 0 && order(item, out[i - 1]) < 0) i--;
		out.splice(i, 0, item);
		if (out.length > keep) out.pop();
	}
	return out;
}
