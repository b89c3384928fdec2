import { generateKeyBetween } from 'fractional-indexing';

/** Fractional keys: a move rewrites one field, so concurrent moves and edits never conflict. */
export function keyBetween(a: string | null, b: string | null): string {
	try {
		if (a !== null && b !== null && a >= b) return generateKeyBetween(a, null);
		return generateKeyBetween(a, b);
	} catch {
		// Keys written by a buggy peer may be invalid: fall back to a fresh key at the end.
		return generateKeyBetween(null, null) + Math.random().toString(36).slice(2, 8);
	}
}

/** Board order: order key, then id, so every peer sorts the same way. */
export const byOrderKey = (a: { order: string; id: string }, b: { order: string; id: string }): number =>
	a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The key that puts an item at `toIndex` among `others` (already sorted, the moved item left out).
 */
export function keyForIndex(others: { order: string }[], toIndex: number): string {
	const i = Math.max(0, Math.min(toIndex, others.length));
	return keyBetween(others[i - 1]?.order ?? null, others[i]?.order ?? null);
}
