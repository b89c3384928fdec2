// Which goals and CSFs the client side shares, weighted by seniority.
import { clientsOf, normalizeSnapshot, ratio, resolveThreshold, weightOf } from './normalize.ts';
import type { TargetKind } from './types.ts';

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
	const clients = clientsOf(snapshot);
	const W = clients.reduce((sum, s) => sum + weightOf(s), 0);
	// One pass over the cells (a normalized snapshot lists each pair once, client rows only, sorted
	// by stakeholder): per target the weights add up in the same order as over the sorted clients.
	const weight = new Map(clients.map((s) => [s.id, weightOf(s)]));
	const sums = new Map<string, { shared: number; known: number }>();
	for (const c of snapshot.cells) {
		const w = weight.get(c.stakeholderId);
		if (c.priority === null || w === undefined) continue;
		let sum = sums.get(c.targetId);
		if (!sum) sums.set(c.targetId, (sum = { shared: 0, known: 0 }));
		sum.known += w;
		if (c.priority >= 2) sum.shared += w;
	}

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
