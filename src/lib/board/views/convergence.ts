// Which goals and CSFs the client side shares, weighted by seniority.
import { clientsOf, normalizeSnapshot, ratio, resolveThreshold, weightOf } from './normalize.ts';
import { cellChanges } from './cellChanges.ts';
import type { BoardSnapshot, Cell, TargetKind } from './types.ts';

export interface TargetConvergence {
	targetId: string;
	kind: TargetKind;
	parentId: string | null;
	text: string;
	/** Weight of client stakeholders rating it 2 or 3, and of those with any rating. */
	sharedWeight: number;
	knownWeight: number;
	/** sharedWeight / W and knownWeight / W; 0 when W = 0. */
	shared: number;
	known: number;
	converges: boolean;
}

export interface ConvergenceView {
	threshold: number;
	/** W: summed weight of all client stakeholders. */
	totalWeight: number;
	/** In board order. */
	targets: TargetConvergence[];
	/** shared desc, then known desc, then board order. */
	ranked: TargetConvergence[];
	convergedCount: number;
}

export interface ConvergenceOptions {
	/** Overrides the board's threshold when it is a number in 0..1. */
	threshold?: number;
}

export function computeConvergence(board: unknown, options: ConvergenceOptions = {}): ConvergenceView {
	const snapshot = normalizeSnapshot(board);
	const threshold = resolveThreshold(snapshot, options?.threshold);
	const { W, sums } = weightSums(snapshot);

	const targets = snapshot.targets.map((t): TargetConvergence => {
		const sum = sums.get(t.id);
		// The same (frozen) target with the same sums object, total weight and threshold as last time:
		// the same result object. A digit in the matrix then makes one new target, not 300 (issue #15).
		const hit = Object.isFrozen(t) ? reused.get(t) : undefined;
		if (hit && hit.sum === sum && hit.W === W && hit.threshold === threshold) return hit.result;
		const sharedWeight = sum?.shared ?? 0;
		const knownWeight = sum?.known ?? 0;
		const shared = ratio(sharedWeight, W);
		const result: TargetConvergence = {
			targetId: t.id,
			kind: t.kind,
			parentId: t.parentId,
			text: t.text,
			sharedWeight,
			knownWeight,
			shared,
			known: ratio(knownWeight, W),
			// Nobody on the client side means nothing is shared, even at threshold 0.
			converges: W > 0 && shared >= threshold
		};
		if (Object.isFrozen(t)) reused.set(t, { sum, W, threshold, result });
		return result;
	});
	// Array.prototype.sort is stable, so equal entries keep board order.
	const ranked = [...targets].sort((a, b) => b.sharedWeight - a.sharedWeight || b.knownWeight - a.knownWeight);
	return {
		threshold,
		totalWeight: W,
		targets,
		ranked,
		convergedCount: targets.filter((t) => t.converges).length
	};
}

/** The last result per target object (computeConvergence), with what it was computed from. */
const reused = new WeakMap<object, { sum: { shared: number; known: number } | undefined; W: number; threshold: number; result: TargetConvergence }>();

type Sums = { W: number; sums: Map<string, { shared: number; known: number }> };
/**
 * The weights per target, kept per cells array and stakeholders array: a snapshot keeps both when
 * only goal texts changed (doc/liveSnapshot.ts), so a keystroke in a goal does not add up the
 * 12,000 cells of a board at the limits again (issue #15). The arrays of a clean snapshot are frozen.
 */
const sumsCache = new WeakMap<readonly unknown[], { cells: readonly Cell[]; stakeholders: readonly unknown[]; sums: Sums }>();
export function weightSums(snapshot: BoardSnapshot): Sums {
	const hit = sumsCache.get(snapshot.cells);
	if (hit && hit.stakeholders === snapshot.stakeholders) {
		// The one asked about is the last again: the next cell change is read from its places only.
		lastSums = hit;
		return hit.sums;
	}
	const clients = clientsOf(snapshot);
	const W = clients.reduce((sum, s) => sum + weightOf(s), 0);
	// One pass over the cells (a normalized snapshot lists each pair once, client rows only, sorted
	// by stakeholder): per target the weights add up in the same order as over the sorted clients.
	const weight = new Map(clients.map((s) => [s.id, weightOf(s)]));
	const sums = new Map<string, { shared: number; known: number }>();
	const add = (c: Cell) => {
		const w = weight.get(c.stakeholderId);
		if (c.priority === null || w === undefined) return;
		let sum = sums.get(c.targetId);
		if (!sum) sums.set(c.targetId, (sum = { shared: 0, known: 0 }));
		sum.known += w;
		if (c.priority >= 2) sum.shared += w;
	};
	const last = lastSums;
	const cells = snapshot.cells;
	const at = last && last.stakeholders === snapshot.stakeholders ? cellChanges(last.cells, cells) : null;
	if (last && at) {
		// The cells array after a few cells changed in place (doc/liveSnapshot.ts): the targets of
		// the changed cells get the old cell's weight taken off and the new one's added. The weights
		// are small integers (LEVEL_WEIGHT), so this is exactly what a full pass adds up. Indexed
		// loops: a for…of allocates an iterator result per cell until V8 optimizes the function, and
		// this runs once per key press (issue #15: 190 KB per digit at the limits).
		const before = last.cells;
		// The sums edited here are new objects: the last ones belong to the last result (cached).
		const fresh = new Map<string, { shared: number; known: number }>();
		const edit = (c: Cell, sign: 1 | -1) => {
			const w = weight.get(c.stakeholderId);
			if (c.priority === null || w === undefined) return;
			let sum = fresh.get(c.targetId);
			if (!sum) {
				const old = sums.get(c.targetId);
				fresh.set(c.targetId, (sum = { shared: old?.shared ?? 0, known: old?.known ?? 0 }));
				sums.set(c.targetId, sum);
			}
			sum.known += sign * w;
			if (c.priority >= 2) sum.shared += sign * w;
		};
		last.sums.sums.forEach((v, t) => sums.set(t, v));
		// Only the places that changed (cellChanges: recorded by the live snapshot, else by identity).
		for (let k = 0; k < at.length; k++) {
			const i = at[k];
			edit(before[i], -1);
			edit(cells[i], 1);
		}
		// A full pass lists only targets with a rated cell: one whose last rating went is left out too.
		for (const [t, sum] of fresh) if (sum.known === 0) sums.delete(t);
	} else for (let i = 0; i < cells.length; i++) add(cells[i]);
	const out = { W, sums };
	if (Object.isFrozen(snapshot.cells) && Object.isFrozen(snapshot.stakeholders)) {
		lastSums = { cells: snapshot.cells, stakeholders: snapshot.stakeholders, sums: out };
		sumsCache.set(snapshot.cells, lastSums);
	}
	return out;
}
/** The last sums made from a clean snapshot: the next one is usually that one with a cell changed. */
let lastSums: { cells: readonly Cell[]; stakeholders: readonly unknown[]; sums: Sums } | null = null;

const sameTarget = (a: TargetConvergence, b: TargetConvergence) =>
	a.targetId === b.targetId && a.kind === b.kind && a.parentId === b.parentId && a.text === b.text && a.sharedWeight === b.sharedWeight && a.knownWeight === b.knownWeight && a.shared === b.shared && a.known === b.known && a.converges === b.converges;

/**
 * `next` with every target equal to one of `prev` replaced by that one (in `targets` and `ranked`
 * alike), and `prev` itself when nothing changed: a view listing 300 targets redraws the rows a
 * change touched, not all of them (issue #15).
 */
export function keepUnchangedConvergence(prev: ConvergenceView | null, next: ConvergenceView): ConvergenceView {
	if (!prev) return next;
	let byId: Map<string, TargetConvergence> | null = null;
	let same = prev.threshold === next.threshold && prev.totalWeight === next.totalWeight && prev.targets.length === next.targets.length;
	// next's targets replaced by an equal one of prev (usually none: computeConvergence reuses its own).
	const replaced = new Map<TargetConvergence, TargetConvergence>();
	const targets = next.targets.map((t, i) => {
		const at = prev.targets[i];
		if (t === at) return t;
		const old = at?.targetId === t.targetId ? at : (byId ??= new Map(prev.targets.map((p) => [p.targetId, p]))).get(t.targetId);
		const keep = old && sameTarget(old, t) ? old : t;
		if (keep !== at) same = false;
		if (keep !== t) replaced.set(t, keep);
		return keep;
	});
	const ranked = replaced.size ? next.ranked.map((t) => replaced.get(t) ?? t) : next.ranked;
	if (same && ranked.every((t, i) => t === prev.ranked[i])) return prev;
	return replaced.size ? { ...next, targets, ranked } : next;
}
