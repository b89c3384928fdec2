import * as Y from 'yjs';
import { ORIGIN, actionsMap, goalsMap, initiativesMap } from './schema.ts';
import { PlanInputError, cleanList, replaceText, requiredText } from './input.ts';
import { PLAN_LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, keyForIndex, orderTag } from '../model/order.ts';
import { author, num, str, strOrNull, textOf, uniqueIds, type Author } from '../model/read.ts';

export { initiativesMap };

/*
 * Initiatives, in the shared document (their actions: actions.ts).
 *
 *   initiatives  Y.Map<id, Y.Map>  title: Y.Text, targetIds: string[] (goal/CSF ids), processes: string[],
 *                                   order: string (fractional), createdBy: Author, createdAt: number,
 *                                   carriedFrom?: string (board id, set when a review copied it)
 */

export interface InitiativeView {
	id: string;
	title: string;
	targetIds: string[];
	processes: string[];
	order: string;
	createdBy: Author | null;
	createdAt: number;
	carriedFrom: string | null;
}

function readInitiative(id: string, m: Y.Map<unknown>): InitiativeView {
	return {
		id,
		title: textOf(m.get('title')),
		targetIds: uniqueIds(m.get('targetIds')),
		processes: uniqueIds(m.get('processes')),
		order: str(m.get('order'), 'a0'),
		createdBy: author(m.get('createdBy')),
		createdAt: num(m.get('createdAt')),
		carriedFrom: strOrNull(m.get('carriedFrom'))
	};
}

/** Initiatives in board order. */
export function readInitiatives(doc: Y.Doc): InitiativeView[] {
	const out: InitiativeView[] = [];
	initiativesMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) out.push(readInitiative(id, m));
	});
	return out.sort(byOrderKey);
}

/** The first initiative (board order) linked to a goal or CSF, or null. */
export function findInitiativeForTarget(doc: Y.Doc, targetId: string): string | null {
	return readInitiatives(doc).find((i) => i.targetIds.includes(targetId))?.id ?? null;
}

const TITLE = 'An initiative title';

export function addInitiative(
	doc: Y.Doc,
	input: { id: string; title: string; author: Author; targetIds?: string[]; processes?: string[]; now?: number }
): string {
	const title = requiredText(TITLE, input.title, PLAN_LIMITS.title);
	doc.transact(() => {
		const last = readInitiatives(doc).at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('title', new Y.Text(title));
		m.set('targetIds', cleanList(input.targetIds ?? []));
		m.set('processes', cleanList(input.processes ?? []));
		m.set('order', keyAfter(last, orderTag(doc)));
		m.set('createdBy', { id: input.author.id, name: input.author.name });
		m.set('createdAt', input.now ?? Date.now());
		initiativesMap(doc).set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

/**
 * Opens the initiative for a goal or CSF: the existing one if the target already has one,
 * otherwise a new one titled after the target and carrying its processes.
 */
export function createInitiativeFromTarget(
	doc: Y.Doc,
	input: { id: string; targetId: string; author: Author; now?: number }
): { id: string; created: boolean } {
	const existing = findInitiativeForTarget(doc, input.targetId);
	if (existing) return { id: existing, created: false };
	const target = goalsMap(doc).get(input.targetId);
	if (!(target instanceof Y.Map)) throw new PlanInputError('That goal or CSF no longer exists.');
	const kind = target.get('kind') === 'csf' ? 'CSF' : 'goal';
	const text = textOf(target.get('text')).trim();
	const title = (text || `Initiative for an untitled ${kind}`).slice(0, PLAN_LIMITS.title);
	addInitiative(doc, { id: input.id, title, author: input.author, targetIds: [input.targetId], processes: uniqueIds(target.get('processes')), now: input.now });
	return { id: input.id, created: true };
}

/** The live title, for co-editing through a text binding. */
export function initiativeTitle(doc: Y.Doc, id: string): Y.Text | null {
	const t = initiativesMap(doc).get(id)?.get('title');
	return t instanceof Y.Text ? t : null;
}

export function setInitiativeTitle(doc: Y.Doc, id: string, value: string): void {
	const title = requiredText(TITLE, value, PLAN_LIMITS.title);
	const t = initiativeTitle(doc, id);
	if (t) doc.transact(() => replaceText(t, title), ORIGIN.local);
}

export function setInitiativeTargets(doc: Y.Doc, id: string, targetIds: string[]): void {
	const m = initiativesMap(doc).get(id);
	if (m instanceof Y.Map) doc.transact(() => m.set('targetIds', cleanList(targetIds)), ORIGIN.local);
}

export function linkTarget(doc: Y.Doc, id: string, targetId: string): void {
	const m = initiativesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const ids = uniqueIds(m.get('targetIds'));
	if (!ids.includes(targetId)) setInitiativeTargets(doc, id, [...ids, targetId]);
}

export function unlinkTarget(doc: Y.Doc, id: string, targetId: string): void {
	const m = initiativesMap(doc).get(id);
	if (m instanceof Y.Map) setInitiativeTargets(doc, id, uniqueIds(m.get('targetIds')).filter((t) => t !== targetId));
}

export function setInitiativeProcesses(doc: Y.Doc, id: string, processes: string[]): void {
	const m = initiativesMap(doc).get(id);
	if (m instanceof Y.Map) doc.transact(() => m.set('processes', cleanList(processes)), ORIGIN.local);
}

export function moveInitiative(doc: Y.Doc, id: string, toIndex: number): void {
	const m = initiativesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const others = readInitiatives(doc).filter((i) => i.id !== id);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex, orderTag(doc))), ORIGIN.local);
}

/** Deletes the initiative and its actions in one undoable step. */
export function deleteInitiative(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		const actions = actionsMap(doc);
		actions.forEach((m, actionId) => {
			if (m instanceof Y.Map && m.get('initiativeId') === id) actions.delete(actionId);
		});
		initiativesMap(doc).delete(id);
	}, ORIGIN.local);
}

/**
 * Brings back an initiative someone deleted while this person was typing its title: same id (so
 * its actions and links find it again), place and links, with the title as they last saw it.
 * One transaction: one undo step.
 */
export function restoreInitiative(doc: Y.Doc, view: InitiativeView, title: string): void {
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('title', new Y.Text(title.trim().slice(0, PLAN_LIMITS.title)));
		m.set('targetIds', [...view.targetIds]);
		m.set('processes', [...view.processes]);
		m.set('order', view.order);
		if (view.createdBy) m.set('createdBy', { id: view.createdBy.id, name: view.createdBy.name });
		m.set('createdAt', view.createdAt || Date.now());
		if (view.carriedFrom) m.set('carriedFrom', view.carriedFrom);
		initiativesMap(doc).set(view.id, m);
	}, ORIGIN.local);
}
