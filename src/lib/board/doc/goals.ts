import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { LIMITS, ORIGIN, goalsMap, type Author } from './schema.ts';

export type TargetKind = 'goal' | 'csf';

/** A plain snapshot of one goal or CSF, safe to hand to components. */
export interface GoalView {
	id: string;
	kind: TargetKind;
	parentId: string | null;
	text: string;
	order: string;
	processes: string[];
	author: Author | null;
	createdAt: number;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function readItem(id: string, m: Y.Map<unknown>): GoalView {
	const text = m.get('text');
	const author = m.get('author') as Partial<Author> | undefined;
	const processes = m.get('processes');
	const kind = m.get('kind') === 'csf' ? 'csf' : 'goal';
	const parentId = kind === 'csf' && typeof m.get('parentId') === 'string' ? (m.get('parentId') as string) : null;
	return {
		id,
		kind,
		parentId,
		text: text instanceof Y.Text ? text.toString() : str(text),
		order: str(m.get('order'), 'a0'),
		processes: Array.isArray(processes) ? processes.filter((p): p is string => typeof p === 'string') : [],
		author: author && typeof author.id === 'string' && typeof author.name === 'string' ? { id: author.id, name: author.name } : null,
		createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0
	};
}

const byOrder = (a: GoalView, b: GoalView) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Goals in board order, each followed by its CSFs. A CSF whose goal was deleted by another
 * person is shown as an orphan at the end rather than dropped.
 */
export function readGoals(doc: Y.Doc): { goals: (GoalView & { csfs: GoalView[] })[]; orphans: GoalView[] } {
	const all: GoalView[] = [];
	goalsMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) all.push(readItem(id, m));
	});
	const goals = all.filter((g) => g.kind === 'goal').sort(byOrder);
	const ids = new Set(goals.map((g) => g.id));
	const csfs = all.filter((g) => g.kind === 'csf').sort(byOrder);
	return {
		goals: goals.map((g) => ({ ...g, csfs: csfs.filter((c) => c.parentId === g.id) })),
		orphans: csfs.filter((c) => !c.parentId || !ids.has(c.parentId))
	};
}

function siblings(doc: Y.Doc, kind: TargetKind, parentId: string | null): GoalView[] {
	const out: GoalView[] = [];
	goalsMap(doc).forEach((m, id) => {
		if (!(m instanceof Y.Map)) return;
		const item = readItem(id, m);
		if (item.kind === kind && item.parentId === parentId) out.push(item);
	});
	return out.sort(byOrder);
}

/** Fractional keys: a move rewrites one field, so concurrent moves and edits never conflict. */
function safeKeyBetween(a: string | null, b: string | null): string {
	try {
		return generateKeyBetween(a, b);
	} catch {
		// Keys written by a buggy peer may be invalid or out of order: fall back to the end.
		return generateKeyBetween(null, null) + Math.random().toString(36).slice(2, 8);
	}
}

export class TextTooLongError extends Error {
	readonly limit: number;
	constructor(limit: number) {
		super(`Text is limited to ${limit} characters.`);
		this.limit = limit;
	}
}

export function addGoal(
	doc: Y.Doc,
	input: { id: string; text: string; author: Author; kind?: TargetKind; parentId?: string | null; now?: number }
): string {
	const kind = input.kind ?? 'goal';
	const parentId = kind === 'csf' ? (input.parentId ?? null) : null;
	const text = input.text.trim();
	if (text.length > LIMITS.goalText) throw new TextTooLongError(LIMITS.goalText);
	doc.transact(() => {
		const list = siblings(doc, kind, parentId);
		const last = list.at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('kind', kind);
		if (parentId) m.set('parentId', parentId);
		m.set('text', new Y.Text(text));
		m.set('order', safeKeyBetween(last, null));
		m.set('processes', []);
		m.set('author', { id: input.author.id, name: input.author.name });
		m.set('createdAt', input.now ?? Date.now());
		goalsMap(doc).set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

/** Moves an item up or down among its siblings (keyboard reorder) or to a new index (drag). */
export function moveGoal(doc: Y.Doc, id: string, toIndex: number): void {
	const m = goalsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const item = readItem(id, m);
	const list = siblings(doc, item.kind, item.parentId).filter((g) => g.id !== id);
	const i = Math.max(0, Math.min(toIndex, list.length));
	const before = list[i - 1]?.order ?? null;
	const after = list[i]?.order ?? null;
	doc.transact(() => m.set('order', before !== null && after !== null && before >= after ? safeKeyBetween(before, null) : safeKeyBetween(before, after)), ORIGIN.local);
}

export function indexOfGoal(doc: Y.Doc, id: string): number {
	const m = goalsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return -1;
	const item = readItem(id, m);
	return siblings(doc, item.kind, item.parentId).findIndex((g) => g.id === id);
}

/** Deleting a goal deletes its CSFs with it, in one undoable step. */
export function deleteGoal(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		const map = goalsMap(doc);
		map.forEach((m, childId) => {
			if (m instanceof Y.Map && m.get('parentId') === id) map.delete(childId);
		});
		map.delete(id);
	}, ORIGIN.local);
}

export function goalText(doc: Y.Doc, id: string): Y.Text | null {
	const t = goalsMap(doc).get(id)?.get('text');
	return t instanceof Y.Text ? t : null;
}

export function setProcesses(doc: Y.Doc, id: string, processes: string[]): void {
	const m = goalsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	doc.transact(() => m.set('processes', [...new Set(processes.map((p) => p.trim()).filter(Boolean))]), ORIGIN.local);
}
