// One numbering of goals and CSFs for every view: goals G1, G2 … in board order, a goal's CSFs
// G1.1, G1.2 … in their order under it. A CSF whose goal is gone has no number of its own: it is
// "G?.n" (n in the order such orphans are met), so no two targets ever share a number.

export interface NumberedTarget {
	id: string;
	kind: 'goal' | 'csf';
	parentId: string | null;
}

/** Target id → its number ("G1", "G1.2"), for targets given in board order (as snapshots hold them). */
export function numberTargets(targets: readonly NumberedTarget[]): Map<string, string> {
	const out = new Map<string, string>();
	const goalNo = new Map<string, number>();
	for (const t of targets) {
		if (t.kind === 'goal' && !goalNo.has(t.id)) {
			goalNo.set(t.id, goalNo.size + 1);
			out.set(t.id, `G${goalNo.size}`);
		}
	}
	const csfCount = new Map<string, number>();
	let orphans = 0;
	for (const t of targets) {
		if (t.kind !== 'csf' || out.has(t.id)) continue;
		const parent = t.parentId !== null ? goalNo.get(t.parentId) : undefined;
		if (parent === undefined) {
			out.set(t.id, `G?.${++orphans}`);
			continue;
		}
		const n = (csfCount.get(t.parentId!) ?? 0) + 1;
		csfCount.set(t.parentId!, n);
		out.set(t.id, `G${parent}.${n}`);
	}
	return out;
}

/** The number of one target, or "" when it is not among them. */
export function targetNumber(numbers: ReadonlyMap<string, string>, id: string): string {
	return numbers.get(id) ?? '';
}

/** `next`, or `prev` when it gives every target the same number: views keep their rows as they are. */
export function keepNumbers(prev: ReadonlyMap<string, string> | null, next: Map<string, string>): Map<string, string> {
	if (!prev || prev.size !== next.size) return next;
	for (const [id, n] of next) if (prev.get(id) !== n) return next;
	return prev as Map<string, string>;
}
