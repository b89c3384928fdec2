// Which goals and CSFs the client side shares, weighted by seniority.
import { clientsOf, normalizeSnapshot, prioritiesOf, ratio, resolveThreshold, weightOf } from './normalize.ts';
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
	const priorities = prioritiesOf(snapshot);
	const W = clients.reduce((sum, s) => sum + weightOf(s), 0);

	const targets = snapshot.targets.map((t): TargetConvergence => {
		let sharedWeight = 0;
		let knownWeight = 0;
		for (const s of clients) {
			const p = priorities.get(s.id)?.get(t.id);
			if (p === undefined) continue;
			knownWeight += weightOf(s);
			if (p >= 2) sharedWeight += weightOf(s);
		}
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
