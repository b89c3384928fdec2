// How much of the matrix is filled in, and how much of that was confirmed in person.
import { clientsOf, normalizeSnapshot, ratio } from './normalize.ts';

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
	const setCells = snapshot.cells.filter((c) => c.priority !== null);
	const set = setCells.length;
	const validated = setCells.filter((c) => c.validated).length;
	return {
		cells,
		set,
		validated,
		setShare: ratio(set, cells),
		validatedShare: set > 0 ? validated / set : null
	};
}
