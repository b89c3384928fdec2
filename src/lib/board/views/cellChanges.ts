// Which places of a snapshot's cells array changed since an earlier one, without comparing them all.
import type { Cell } from './types.ts';

/**
 * Cells arrays made by replacing a few cells of another in place (doc/liveSnapshot.ts), with the
 * array they were made from and the places replaced. A projection that kept the earlier array then
 * reads those places only, not the 12,000 of a board at the limits (issue #15).
 */
const made = new WeakMap<readonly Cell[], { before: readonly Cell[]; at: readonly number[] }>();

/** Records that frozen `now` is frozen `before` with the cells at `at` (ascending, no repeats) replaced. */
export function noteCellChanges(before: readonly Cell[], now: readonly Cell[], at: readonly number[]): void {
	if (Object.isFrozen(before) && Object.isFrozen(now) && before.length === now.length) made.set(now, { before, at: Object.freeze(at) });
}

/**
 * The places, ascending, where `now` holds another cell object than `before`: as recorded when `now`
 * was made from `before`, else found by comparing the two. Null when that cannot tell: another
 * length, or arrays that may change after the fact (not frozen).
 */
export function cellChanges(before: readonly Cell[], now: readonly Cell[]): readonly number[] | null {
	if (before.length !== now.length || !Object.isFrozen(before) || !Object.isFrozen(now)) return null;
	const hit = made.get(now);
	if (hit && hit.before === before) return hit.at;
	const at: number[] = [];
	for (let i = 0; i < now.length; i++) if (now[i] !== before[i]) at.push(i);
	return at;
}
