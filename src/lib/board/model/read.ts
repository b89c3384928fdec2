import * as Y from 'yjs';
import { OWNER_KINDS, type OwnerKind, type Priority } from './vocabulary.ts';

/*
 * Tolerant readers: whatever a peer wrote (old or buggy clients, values of the wrong type), these
 * return a value of the right type and never throw. The document readers (doc/) and the snapshot
 * normalizer (views/normalize.ts) both read through them.
 */

/** Who wrote something, kept with the item so attribution survives people leaving the board. */
export interface Author {
	id: string;
	name: string;
}

/** Who owns an action: a stakeholder on the board, or a member of the workspace. */
export interface Owner {
	kind: OwnerKind;
	id: string;
	name: string;
}

export type Rec = Record<string, unknown>;

/** A plain object (not null, not an array). */
export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

/** A non-empty string, else null (ids, references). */
export const id = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A string trimmed and lower-cased, for words compared loosely ("Client " → "client"). */
export const word = (v: unknown): string => str(v).trim().toLowerCase();

/** The strings of a list (other values dropped). */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The non-empty strings of a list, each once (ids, tags). */
export const uniqueIds = (v: unknown): string[] => [...new Set(strings(v).filter((x) => x !== ''))];

/** A co-edited text (Y.Text) or a plain string. */
export const textOf = (v: unknown): string => (v instanceof Y.Text ? v.toString() : str(v));

/** A finite number, else `fallback`. */
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** A string when it is one, else null. */
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function author(v: unknown): Author | null {
	return isRec(v) && typeof v.id === 'string' && typeof v.name === 'string' ? { id: v.id, name: v.name } : null;
}

export function owner(v: unknown): Owner | null {
	if (!isRec(v) || !(OWNER_KINDS as readonly unknown[]).includes(v.kind) || typeof v.id !== 'string' || !v.id) return null;
	return { kind: v.kind as OwnerKind, id: v.id, name: typeof v.name === 'string' ? v.name : '' };
}

/** An integer 0..3 (priority, relationship or ability), or null for anything else (7, "2", 2.5, NaN…). */
export function scale(v: unknown): Priority | null {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 3) return null;
	return (v === 0 ? 0 : v) as Priority; // folds -0 into 0
}

/** Epoch milliseconds from a number or a date string, else null. */
export function time(v: unknown): number | null {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string') {
		const t = Date.parse(v);
		return Number.isFinite(t) ? t : null;
	}
	return null;
}

/** A real calendar date written yyyy-mm-dd. */
export function isIsoDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Due dates a plan can sensibly hold: a typo such as 0001-01-01 or 20266-… is refused, not stored. */
export const DUE_DATE_MIN = '2000-01-01';
export const DUE_DATE_MAX = '2100-12-31';

/** A real yyyy-mm-dd date within DUE_DATE_MIN..DUE_DATE_MAX (same-length strings compare as dates). */
export const isDueDate = (s: string): boolean => isIsoDate(s) && s >= DUE_DATE_MIN && s <= DUE_DATE_MAX;
