// Which goals and CSFs the client side shares, weighted by seniority.
import { clientsOf, normalizeSnapshot, ratio, resolveThreshold, weightOf } from './normalize.ts';
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
		const sharedWeight = sums.get(t.id)?.shared ?? 0;
		const knownWeight = sums.get(t.id)?.known ?? 0;
		const shared = ratio(sharedWeight, W);
		return {
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

type Sums = { W: number; sums: Map<string, { shared: number; known: number }> };
/**
 * The weights per target, kept per cells array and stakeholders array: a snapshot keeps both when
 * only goal texts changed (doc/liveSnapshot.ts), so a keystroke in a goal does not add up the
 * 12,000 cells of a board at the limits again (issue #15). The arrays of a clean snapshot are frozen.
 */
const sumsCache = new WeakMap<readonly unknown[], { stakeholders: readonly unknown[]; sums: Sums }>();
export function weightSums(snapshot: BoardSnapshot): Sums {
	const hit = sumsCache.get(snapshot.cells);
	if (hit && hit.stakeholders === snapshot.stakeholders) return hit.sums;
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
	if (last && last.stakeholders === snapshot.stakeholders && last.cells.length === snapshot.cells.length) {
		// The cells array after a few cells changed in place (doc/liveSnapshot.ts): only the targets
		// of the changed cells are added up again, over their column, in the same order as above.
		const dirty = new Set<string>();
		const cells = snapshot.cells;
		for (let i = 0; i < cells.length; i++) if (cells[i] !== last.cells[i]) dirty.add(cells[i].targetId).add(last.cells[i].targetId);
		for (const [t, v] of last.sums.sums) if (!dirty.has(t)) sums.set(t, v);
		if (dirty.size) for (const c of cells) if (dirty.has(c.targetId)) add(c);
	} else for (const c of snapshot.cells) add(c);
	const out = { W, sums };
	if (Object.isFrozen(snapshot.cells) && Object.isFrozen(snapshot.stakeholders)) {
		sumsCache.set(snapshot.cells, { stakeholders: snapshot.stakeholders, sums: out });
		lastSums = { cells: snapshot.cells, stakeholders: snapshot.stakeholders, sums: out };
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
	const byId = new Map(prev.targets.map((t) => [t.targetId, t]));
	let same = prev.threshold === next.threshold && prev.totalWeight === next.totalWeight && prev.targets.length === next.targets.length;
	const kept = new Map<string, TargetConvergence>();
	const targets = next.targets.map((t, i) => {
		const old = byId.get(t.targetId);
		const keep = old && sameTarget(old, t) ? old : t;
		if (keep !== prev.targets[i]) same = false;
		kept.set(t.targetId, keep);
		return keep;
	});
	const ranked = next.ranked.map((t) => kept.get(t.targetId) ?? t);
	if (same && ranked.every((t, i) => t === prev.ranked[i])) return prev;
	return { ...next, targets, ranked };
}
