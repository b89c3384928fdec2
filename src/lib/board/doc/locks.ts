import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { PlanInputError } from './input.ts';
import { isLockKey, readLock, type Lock, type LockKey, type Locks } from '../model/locks.ts';
import type { Author } from '../model/read.ts';

/*
 * Facilitator locks, in the shared document:
 *
 *   locks  Y.Map<LockKey, { by: Author, at: number }>   (model/locks.ts names the keys)
 *
 * One flat map, one entry per locked section: locking sets the entry, unlocking deletes it, so two
 * facilitators locking different sections at once never overwrite each other, and unlocking takes
 * effect with the next update the server checks. Only facilitators may write it (area
 * `facilitation`); the server's guard reads it from its own copy of the document.
 */
export const locksMap = (doc: Y.Doc) => doc.getMap<unknown>('locks');

/** The current locks (malformed entries are ignored). */
export function readLocks(doc: Y.Doc): Locks {
	const out: Record<string, Lock> = {};
	locksMap(doc).forEach((v, key) => {
		const lock = readLock(v);
		if (lock && isLockKey(key)) out[key] = lock;
	});
	return out;
}

export function lockSection(doc: Y.Doc, key: LockKey, by: Author, now = Date.now()): void {
	if (!isLockKey(key)) throw new PlanInputError(`Unknown section “${String(key)}”.`);
	doc.transact(() => locksMap(doc).set(key, { by: { id: by.id, name: by.name.slice(0, 200) }, at: now }), ORIGIN.local);
}

export function unlockSection(doc: Y.Doc, key: LockKey): void {
	if (!locksMap(doc).has(key)) return;
	doc.transact(() => locksMap(doc).delete(key), ORIGIN.local);
}
