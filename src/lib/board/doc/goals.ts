import * as Y from 'yjs';
import { ORIGIN, goalsMap } from './schema.ts';
import { TextTooLongError } from './input.ts';
import { assertRoom } from './boardFull.ts';
import { LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, keyForIndex, orderTag } from '../model/order.ts';
import { author, num, str, strings, textOf, type Author } from '../model/read.ts';
import type { TargetKind } from '../model/vocabulary.ts';

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

/** One goal or CSF as the views read it (doc/goalTree.ts re-reads only the changed ones). */
export function readItem(id: string, m: Y.Map<unknown>): GoalView {
	const kind = m.get('kind') === 'csf' ? 'csf' : 'goal';
	const parentId = kind === 'csf' && typeof m.get('parentId') === 'string' ? (m.get('parentId') as string) : null;
	return {
		id,
		kind,
		parentId,
		text: textOf(m.get('text')),
		order: str(m.get('order'), 'a0'),
		processes: strings(m.get('processes')),
		author: author(m.get('author')),
		createdAt: num(m.get('createdAt'))
	};
}

/**
 * Goals in board order, each followed by its CSFs. A CSF whose goal was deleted by another
 * person is shown as an orphan at the end rather than dropped.
 */
export function readGoals(doc: Y.Doc): { goals: (GoalView & { csfs: GoalView[] })[]; orphans: GoalView[] } {
	const all: GoalView[] = [];
	goalsMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) all.push(readItem(id, m));
	});
	const goals = all.filter((g) => g.kind === 'goal').sort(byOrderKey);
	const ids = new Set(goals.map((g) => g.id));
	const csfs = all.filter((g) => g.kind === 'csf').sort(byOrderKey);
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
	return out.sort(byOrderKey);
}

export function addGoal(
	doc: Y.Doc,
	input: { id: string; text: string; author: Author; kind?: TargetKind; parentId?: string | null; now?: number }
): string {
	const kind = input.kind ?? 'goal';
	const parentId = kind === 'csf' ? (input.parentId ?? null) : null;
	const text = input.text.trim();
	if (text.length > LIMITS.goalText) throw new TextTooLongError(LIMITS.goalText);
	if (!goalsMap(doc).has(input.id)) assertRoom('goals', goalsMap(doc));
	doc.transact(() => {
		const list = siblings(doc, kind, parentId);
		const last = list.at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('kind', kind);
		if (parentId) m.set('parentId', parentId);
		m.set('text', new Y.Text(text));
		m.set('order', keyAfter(last, orderTag(doc)));
		m.set('processes', []);
		m.set('author', { id: input.author.id, name: input.author.name });
		m.set('createdAt', input.now ?? Date.now());
		goalsMap(doc).set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

/**
 * Brings back a goal or CSF someone deleted while this person was typing in it: the same id (so
 * matrix cells, abilities and initiative links that still name it find it again), its place and
 * tags, with the text as the person last saw it. One transaction: one undo step.
 */
export function restoreGoal(doc: Y.Doc, view: GoalView, text: string): void {
	const clean = text.trim().slice(0, LIMITS.goalText);
	if (!goalsMap(doc).has(view.id)) assertRoom('goals', goalsMap(doc));
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('kind', view.kind);
		if (view.kind === 'csf' && view.parentId) m.set('parentId', view.parentId);
		m.set('text', new Y.Text(clean));
		m.set('order', view.order);
		m.set('processes', [...view.processes]);
		if (view.author) m.set('author', { id: view.author.id, name: view.author.name });
		m.set('createdAt', view.createdAt || Date.now());
		goalsMap(doc).set(view.id, m);
	}, ORIGIN.local);
}

/** Moves an item up or down among its siblings (keyboard reorder) or to a new index (drag). */
export function moveGoal(doc: Y.Doc, id: string, toIndex: number): void {
	const m = goalsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const item = readItem(id, m);
	const list = siblings(doc, item.kind, item.parentId).filter((g) => g.id !== id);
	doc.transact(() => m.set('order', keyForIndex(list, toIndex, orderTag(doc))), ORIGIN.local);
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
