// Facilitator locks: which sections of a board a facilitator has closed for everyone but
// facilitators. The lock state lives in the shared document (root `locks`, doc/locks.ts); the
// permission model (permissions.ts `mayChange`) reads it, so the server's guard and the interface
// apply the same rule.
import { isRec, author, num, type Author } from './read.ts';
import type { Area } from './permissions.ts';

/** The sections a facilitator can lock; `board` is all of them at once. A single item list is `list:<id>`. */
export const LOCK_SECTIONS = ['board', 'goals', 'stakeholders', 'matrix', 'initiatives', 'lists', 'decisions', 'parkingLot', 'canvas'] as const;
export type LockSection = (typeof LOCK_SECTIONS)[number];
export type LockKey = LockSection | `list:${string}`;

export const LOCK_LABELS: Readonly<Record<LockSection, string>> = {
	board: 'the whole board',
	goals: 'goals and CSFs',
	stakeholders: 'stakeholders',
	matrix: 'the positioning matrix',
	initiatives: 'initiatives and actions',
	lists: 'all lists',
	decisions: 'decisions',
	parkingLot: 'the parking lot',
	canvas: 'the canvas'
};

/** Who locked a section, and when (epoch ms). */
export interface Lock {
	by: Author;
	at: number;
}
export type Locks = Readonly<Record<string, Lock>>;
export const NO_LOCKS: Locks = Object.freeze({});

/** What a change touches, as the lock rule sees it: its area, and for item lists which list. */
export interface LockTarget {
	area: Area;
	/** The item list (`itemLists` root) the change is in; absent for the pick lists under `lists`. */
	itemList?: string;
}

const LIST_KEY = /^list:[^\u0000-\u001f]{1,200}$/;
export const isLockKey = (k: string): k is LockKey => (LOCK_SECTIONS as readonly string[]).includes(k) || LIST_KEY.test(k);
export const listLockKey = (listId: string): LockKey => `list:${listId}`;

/** The sections (besides `board`) whose lock covers `target`. */
function sectionsOf(target: LockTarget): LockKey[] {
	switch (target.area) {
		case 'goals':
			return ['goals'];
		case 'supplierPeople':
		case 'clientPeople':
		case 'preferences':
		case 'ownPreferences':
			return ['stakeholders'];
		case 'matrix':
			return ['matrix'];
		case 'plan':
			return ['initiatives'];
		case 'decisions':
			return ['decisions'];
		case 'parkingLot':
			return ['parkingLot'];
		case 'canvas':
			return ['canvas'];
		case 'lists':
			// Item lists: all lists, or that one. The pick lists (functions, processes) are edited with
			// the stakeholders (renaming a function rewrites supplier rows): the stakeholders' lock.
			return target.itemList !== undefined ? ['lists', listLockKey(target.itemList)] : ['stakeholders'];
		default:
			// settings, facilitation, personLinks, system: not lockable (facilitator-only or server-written). The
			// internal document has no section of its own: only the whole-board lock covers it.
			return [];
	}
}

/** The lock that closes `target`, if any: a section's own lock first, else the whole board's. */
export function lockOn(locks: Locks, target: LockTarget): { key: LockKey; lock: Lock } | null {
	const keys = sectionsOf(target);
	if (keys.length === 0 && target.area !== 'internal') return null;
	for (const key of [...keys, 'board' as const]) {
		const lock = Object.hasOwn(locks, key) ? locks[key] : undefined;
		if (lock) return { key, lock };
	}
	return null;
}

/** A stored lock value, tolerantly read (anything malformed is no lock). */
export function readLock(v: unknown): Lock | null {
	if (!isRec(v)) return null;
	const by = author(v.by);
	return by ? { by, at: num(v.at) } : null;
}
