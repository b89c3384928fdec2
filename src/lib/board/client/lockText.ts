import { LOCK_LABELS, type Lock, type LockKey } from '../model/locks.ts';

/** "10:42" today, else "12 Mar, 10:42": when a lock was set, in the reader's locale. */
export function lockTime(at: number, now = Date.now()): string {
	const d = new Date(at);
	const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
	return new Date(now).toDateString() === d.toDateString() ? time : `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`;
}

/** "Locked by Sam at 10:42 — only facilitators can change this". */
export function lockSentence(lock: Lock, now = Date.now()): string {
	return `Locked by ${lock.by.name || 'a facilitator'} at ${lockTime(lock.at, now)} — only facilitators can change this`;
}

/** What a lock key names, for buttons and badges. */
export function lockLabel(key: LockKey, listTitle?: string): string {
	return key.startsWith('list:') ? `the list “${listTitle ?? key.slice(5)}”` : LOCK_LABELS[key as keyof typeof LOCK_LABELS];
}
