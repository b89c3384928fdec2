import { BASE_62_DIGITS, generateKeyBetween } from 'fractional-indexing';
import { BOARD_LIMITS } from './limits.ts';

/*
 * Order keys: fractional-indexing keys (base 62), compared as plain strings. A move rewrites one
 * field, so concurrent moves and edits never conflict. Every document function and every view
 * sorts with the helpers here.
 *
 * Appending carries a per-client tag (from the Y.Doc's clientID): a key appended after one of my
 * own appended keys continues my run (`<base><tag><counter>V`), so two people who each add items
 * at the end while offline get two runs, one after the other, rather than the same keys twice
 * (which would alternate their items).
 */

/** Plain code-unit order: locale-independent and matches fractional-indexing keys. */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Board order: order key, then id, so every peer sorts the same way. */
export const byOrderKey = (a: { order: string; id: string }, b: { order: string; id: string }): number =>
	compareKeys(a.order, b.order) || compareKeys(a.id, b.id);

/** The largest key of `items` (null when there are none): a fresh key at the end goes after it. */
export function maxKey(items: Iterable<{ order: string }>): string | null {
	let max: string | null = null;
	for (const { order } of items) if (max === null || order > max) max = order;
	return max;
}

const TAG_LENGTH = 6; // 62^6 > 2^32: every clientID gets its own tag

/** A client's tag for its appended keys: its Yjs clientID in base 62. */
export function orderTag(doc: { clientID: number }): string {
	let n = Math.abs(Math.trunc(doc.clientID));
	let out = '';
	for (let i = 0; i < TAG_LENGTH; i++) {
		out = BASE_62_DIGITS[n % 62] + out;
		n = Math.floor(n / 62);
	}
	return out;
}

const BASE62 = /^[0-9A-Za-z]+$/;

/** Length of the integer part a head character announces (a–z: 2–27, A–Z: 27–2), or 0 when it is no head. */
function integerLength(head: string): number {
	if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 97 + 2;
	if (head >= 'A' && head <= 'Z') return 90 - head.charCodeAt(0) + 2;
	return 0;
}

/** Whether fractional-indexing accepts `key` (a peer may have written anything). */
export function isOrderKey(key: string): boolean {
	if (!BASE62.test(key) || key.length > BOARD_LIMITS.orderKey) return false;
	const n = integerLength(key[0]);
	if (n === 0 || key.length < n) return false;
	if (key === 'A' + '0'.repeat(26)) return false; // the smallest integer: nothing can go before it
	return key.length === n || !key.endsWith('0');
}

/**
 * A valid key that sorts after `key`, whatever `key` is (an invalid key from a buggy peer cannot be
 * appended to by the library). Only a key containing characters above `z` has none.
 */
function keyAbove(key: string): string {
	const head = key[0] ?? '';
	if (head < 'a') return 'a0';
	if (head < 'z') {
		const next = String.fromCharCode(head.charCodeAt(0) + 1);
		return next + '0'.repeat(integerLength(next) - 1);
	}
	return 'z'.repeat(Math.max(27, key.length)) + 'V';
}

/** The key after `key` that continues my own run, or null when `key` is not the end of one. */
function continueRun(key: string, tag: string): string | null {
	const at = key.lastIndexOf(tag);
	if (at < 2 || !key.endsWith('V')) return null;
	const counter = key.slice(at + tag.length, -1);
	if (!/^[a-z][0-9A-Za-z]*$/.test(counter) || counter.length !== integerLength(counter[0])) return null;
	try {
		const next = key.slice(0, at + tag.length) + generateKeyBetween(counter, null) + 'V';
		return next > key && next.length <= BOARD_LIMITS.orderKey ? next : null;
	} catch {
		return null;
	}
}

/**
 * A fresh key at the end: after `last` (the largest key in the list, or null for an empty list),
 * tagged with `tag` (see orderTag) so my next append continues the same run.
 */
export function keyAfter(last: string | null, tag: string): string {
	if (last !== null) {
		const run = continueRun(last, tag);
		if (run) return run;
	}
	let base: string;
	if (last === null) base = generateKeyBetween(null, null);
	else if (isOrderKey(last)) base = generateKeyBetween(last, null);
	else base = keyAbove(last);
	const key = `${base}${tag}a0V`;
	return key.length <= BOARD_LIMITS.orderKey ? key : base;
}

/** A key between `a` and `b` (null: no bound). Bad or out-of-order neighbours put it after `a`. */
export function keyBetween(a: string | null, b: string | null, tag: string): string {
	if (b === null || (a !== null && (a >= b || !isOrderKey(a) || !isOrderKey(b)))) return keyAfter(a, tag);
	try {
		return generateKeyBetween(a, b);
	} catch {
		return a === null ? generateKeyBetween(null, null) : keyAfter(a, tag);
	}
}

/** The key that puts an item at `toIndex` among `others` (already sorted, the moved item left out). */
export function keyForIndex(others: { order: string }[], toIndex: number, tag: string): string {
	const i = Math.max(0, Math.min(toIndex, others.length));
	return keyBetween(others[i - 1]?.order ?? null, others[i]?.order ?? null, tag);
}
