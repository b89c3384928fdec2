// How closely client stakeholders agree on priorities, and where they diverge most.
import { clientsOf, normalizeSnapshot, prioritiesOf, weightOf } from './normalize.ts';
import { compareKeys } from '../model/order.ts';
import type { BoardSnapshot, Priority, Stakeholder } from './types.ts';

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
	let common = 0;
	let total = 0;
	const disagreements: Disagreement[] = [];
	for (const t of snapshot.targets) {
		const pa = a?.get(t.id);
		const pb = b?.get(t.id);
		if (pa === undefined || pb === undefined) continue;
		const difference = Math.abs(pa - pb);
		common++;
		total += difference;
		if (difference > 0) disagreements.push({ targetId: t.id, a: pa, b: pb, difference });
	}
	disagreements.sort((x, y) => y.difference - x.difference); // stable: ties keep board order
	return { alignment: common > 0 ? 1 - total / (3 * common) : null, common, disagreements };
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
 * After a cell change only the pairs of the rows that changed are compared again; the others are
 * the previous results, as they are (a pair reads nothing but its two rows, weights and the order).
 */
let last: {
	stakeholders: unknown;
	cells: unknown;
	order: string;
	limit: unknown;
	/** Each client's weight and priorities, to tell which rows changed. */
	rows: Map<string, { weight: number; priorities: ReadonlyMap<string, Priority> | undefined }>;
	pairs: Map<string, PairAlignment>;
	view: AlignmentView;
} | null = null;

export function computeAlignment(board: unknown, options: AlignmentOptions = {}): AlignmentView {
	const snapshot = normalizeSnapshot(board);
	const order = snapshot.targets.map((t) => t.id).join('\u0000');
	if (last && last.stakeholders === snapshot.stakeholders && last.cells === snapshot.cells && last.order === order && last.limit === options?.limit) return last.view;
	const clients = clientsOf(snapshot); // sorted by id: pairs and sums are order-independent
	const priorities = prioritiesOf(snapshot);
	const rows = new Map(clients.map((c) => [c.id, { weight: weightOf(c), priorities: priorities.get(c.id) }]));
	const known = last && last.order === order ? last : null;
	const unchanged = new Set<string>();
	if (known) for (const [id, row] of rows) if (sameRow(known.rows.get(id), row)) unchanged.add(id);
	const pairs = new Map<string, PairAlignment>();
	const view = alignmentOf(snapshot, clients, priorities, options, (a, b) => (unchanged.has(a) && unchanged.has(b) ? known?.pairs.get(`${a}\u0000${b}`) : undefined), (p) => pairs.set(`${p.a}\u0000${p.b}`, p));
	last = { stakeholders: snapshot.stakeholders, cells: snapshot.cells, order, limit: options?.limit, rows, pairs, view };
	return view;
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
	previous: (a: string, b: string) => PairAlignment | undefined,
	record: (p: PairAlignment) => void
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
			record(pair);
			if (pair.alignment !== null) {
				weighted += pair.weight * pair.alignment;
				weights += pair.weight;
			}
		}
	}

	const divergent = pairs
		.filter((p) => p.alignment !== null)
		.sort(
			(x, y) =>
				(x.alignment as number) - (y.alignment as number) ||
				y.weight - x.weight ||
				compareKeys(x.a, y.a) ||
				compareKeys(x.b, y.b)
		);
	const limit = options?.limit;
	const keep = typeof limit === 'number' && limit >= 0 ? Math.floor(limit) : divergent.length;
	return { board: weights > 0 ? weighted / weights : null, pairs, divergent: divergent.slice(0, keep) };
}
