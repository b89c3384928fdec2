// How much of the matrix is filled in, and how much of that was confirmed in person.
import { clientsOf, normalizeSnapshot, ratio } from './normalize.ts';
import { cellChanges } from './cellChanges.ts';
import type { Cell } from './types.ts';

export interface ConfidenceView {
	/** |E| × number of targets. */
	cells: number;
	/** Cells with a priority set, and of those, validated in person. */
	set: number;
	validated: number;
	/** set / cells; 0 when there are no cells. */
	setShare: number;
	/** validated / set; null when nothing is set (no answers, so nothing to validate). */
	validatedShare: number | null;
}

export function computeConfidence(board: unknown): ConfidenceView {
	const snapshot = normalizeSnapshot(board);
	const cells = clientsOf(snapshot).length * snapshot.targets.length;
	// Normalized cells are unique per (client, target) and only reference existing ones.
	const { set, validated } = counts(snapshot.cells);
	return {
		cells,
		set,
		validated,
		setShare: ratio(set, cells),
		validatedShare: set > 0 ? validated / set : null
	};
}

const isSet = (c: Cell) => c.priority !== null;
const isValidated = (c: Cell) => c.priority !== null && c.validated;

/**
 * Set and validated cells, counted again only where the cells array changed since the last call (by
 * identity: a live snapshot replaces a changed cell in place, doc/liveSnapshot.ts), so a cell change
 * on a board at the limits does not walk its 12,000 cells twice (issue #15).
 */
let last: { cells: readonly Cell[]; set: number; validated: number } | null = null;
function counts(cells: readonly Cell[]): { set: number; validated: number } {
	if (last && last.cells === cells) return last;
	let set = 0;
	let validated = 0;
	const before = last?.cells;
	const at = before ? cellChanges(before, cells) : null;
	if (before && at) {
		({ set, validated } = last!);
		for (const i of at) {
			const a = before[i];
			const b = cells[i];
			set += Number(isSet(b)) - Number(isSet(a));
			validated += Number(isValidated(b)) - Number(isValidated(a));
		}
	} else
		for (const c of cells) {
			if (isSet(c)) set++;
			if (isValidated(c)) validated++;
		}
	if (Object.isFrozen(cells)) last = { cells, set, validated };
	return { set, validated };
}
