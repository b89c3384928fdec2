// The board-wide action table: which actions are overdue and how rows sort. Pure functions over
// the plain rows the table shows (no Yjs).
import type { ActionView } from '../doc/actions.ts';
import { ACTION_STATUSES, isOpenStatus, type ActionStatus } from '../model/vocabulary.ts';

/** Today as yyyy-mm-dd in the browser's time zone: a due date is a calendar day, not an instant. */
export function todayIso(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Still to do and its due day has passed. */
export function isOverdue(a: Pick<ActionView, 'due' | 'status'>, today: string): boolean {
	return a.due !== null && isOpenStatus(a.status) && a.due < today;
}

export type ActionSortKey = 'text' | 'owner' | 'due' | 'status' | 'initiative';

/**
 * Sorts table rows by one column. Empty owners and due dates always go last (whatever the
 * direction), and ties keep board order, so the table never jumps around.
 */
export function sortActions<T extends ActionView & { initiativeTitle: string }>(rows: T[], key: ActionSortKey, dir: 'asc' | 'desc'): T[] {
	const sign = dir === 'asc' ? 1 : -1;
	const rank = (s: ActionStatus) => ACTION_STATUSES.indexOf(s);
	const cmp = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
	const value = (r: T): string | number | null => {
		switch (key) {
			case 'text':
				return r.text;
			case 'owner':
				return r.owner?.name || null;
			case 'due':
				return r.due;
			case 'status':
				return rank(r.status);
			case 'initiative':
				return r.initiativeTitle;
		}
	};
	return rows
		.map((r, i) => ({ r, i, v: value(r) }))
		.sort((a, b) => {
			if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
			const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : cmp(String(a.v), String(b.v));
			return c !== 0 ? sign * c : a.i - b.i;
		})
		.map((x) => x.r);
}
