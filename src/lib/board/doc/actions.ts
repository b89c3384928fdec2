import * as Y from 'yjs';
import { ORIGIN, actionsMap, initiativesMap } from './schema.ts';
import { PlanInputError, replaceText, requiredText } from './input.ts';
import { readInitiatives, type InitiativeView } from './initiatives.ts';
import { PLAN_LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, keyForIndex, orderTag } from '../model/order.ts';
import { author, isDueDate, isIsoDate, num, owner, str, strOrNull, textOf, type Author, type Owner } from '../model/read.ts';
import { isStatus, type ActionStatus } from '../model/vocabulary.ts';

export { actionsMap };

/*
 * Actions, in the shared document:
 *
 *   actions  Y.Map<id, Y.Map>  text: Y.Text, initiativeId: string, owner: Owner | null,
 *                              due: 'yyyy-mm-dd' | null, status: ActionStatus, order: string,
 *                              createdBy: Author, createdAt: number, carriedFrom?: string
 *
 * Actions live in their own map (not inside their initiative) so the board-wide action table reads
 * one flat map, and an action added while someone deletes its initiative survives as an orphan
 * instead of vanishing. The table's sorting and overdue rules are in ../views/actionTable.ts.
 */

export interface ActionView {
	id: string;
	text: string;
	initiativeId: string;
	owner: Owner | null;
	due: string | null;
	status: ActionStatus;
	order: string;
	createdBy: Author | null;
	createdAt: number;
	carriedFrom: string | null;
}

function readAction(id: string, m: Y.Map<unknown>): ActionView {
	const status = m.get('status');
	const due = m.get('due');
	return {
		id,
		text: textOf(m.get('text')),
		initiativeId: str(m.get('initiativeId')),
		owner: owner(m.get('owner')),
		due: typeof due === 'string' && isIsoDate(due) ? due : null,
		status: isStatus(status) ? status : 'open',
		order: str(m.get('order'), 'a0'),
		createdBy: author(m.get('createdBy')),
		createdAt: num(m.get('createdAt')),
		carriedFrom: strOrNull(m.get('carriedFrom'))
	};
}

/** Every action, sorted by its initiative's order, then its own. */
export function readActions(doc: Y.Doc): ActionView[] {
	const rank = new Map(readInitiatives(doc).map((i, n) => [i.id, n]));
	const out: ActionView[] = [];
	actionsMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) out.push(readAction(id, m));
	});
	const r = (a: ActionView) => rank.get(a.initiativeId) ?? Number.MAX_SAFE_INTEGER;
	return out.sort((a, b) => r(a) - r(b) || byOrderKey(a, b));
}

export type InitiativeWithActions = InitiativeView & { actions: ActionView[] };

/**
 * Initiatives with their actions. An action whose initiative was deleted by someone else at the
 * same moment is returned as an orphan rather than dropped.
 */
export function readPlan(doc: Y.Doc): { initiatives: InitiativeWithActions[]; orphans: ActionView[] } {
	const initiatives = readInitiatives(doc).map((i): InitiativeWithActions => ({ ...i, actions: [] }));
	const byId = new Map(initiatives.map((i) => [i.id, i]));
	const orphans: ActionView[] = [];
	for (const a of readActions(doc)) {
		const owner = byId.get(a.initiativeId);
		if (owner) owner.actions.push(a);
		else orphans.push(a);
	}
	return { initiatives, orphans };
}

export function cleanDue(due: string | null | undefined): string | null {
	if (due === null || due === undefined || due === '') return null;
	if (!isIsoDate(due)) throw new PlanInputError(`A due date must be a real date written yyyy-mm-dd (got “${due}”).`);
	if (!isDueDate(due)) throw new PlanInputError(`A due date must be between 1 January 2000 and 31 December 2100 (got ${due}).`);
	return due;
}

function cleanOwner(o: Owner | null | undefined): Owner | null {
	if (o === null || o === undefined) return null;
	const clean = owner(o);
	if (!clean) throw new PlanInputError('An owner must be a stakeholder or a workspace member.');
	return { ...clean, name: clean.name.trim().slice(0, 120) };
}

export function addAction(
	doc: Y.Doc,
	input: {
		id: string;
		initiativeId: string;
		text: string;
		author: Author;
		owner?: Owner | null;
		due?: string | null;
		status?: ActionStatus;
		now?: number;
	}
): string {
	const text = requiredText('An action', input.text, PLAN_LIMITS.text);
	const due = cleanDue(input.due);
	const o = cleanOwner(input.owner);
	const status = input.status ?? 'open';
	if (!isStatus(status)) throw new PlanInputError(`Unknown status “${String(status)}”.`);
	if (!(initiativesMap(doc).get(input.initiativeId) instanceof Y.Map)) throw new PlanInputError('That initiative no longer exists.');
	doc.transact(() => {
		const last = actionsOf(doc, input.initiativeId).at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('text', new Y.Text(text));
		m.set('initiativeId', input.initiativeId);
		m.set('owner', o);
		m.set('due', due);
		m.set('status', status);
		m.set('order', keyAfter(last, orderTag(doc)));
		m.set('createdBy', { id: input.author.id, name: input.author.name });
		m.set('createdAt', input.now ?? Date.now());
		actionsMap(doc).set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

function actionsOf(doc: Y.Doc, initiativeId: string): ActionView[] {
	const out: ActionView[] = [];
	actionsMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map && m.get('initiativeId') === initiativeId) out.push(readAction(id, m));
	});
	return out.sort(byOrderKey);
}

export function actionText(doc: Y.Doc, id: string): Y.Text | null {
	const t = actionsMap(doc).get(id)?.get('text');
	return t instanceof Y.Text ? t : null;
}

function setField(doc: Y.Doc, id: string, key: string, value: unknown): void {
	const m = actionsMap(doc).get(id);
	if (m instanceof Y.Map) doc.transact(() => m.set(key, value), ORIGIN.local);
}

export function setActionText(doc: Y.Doc, id: string, value: string): void {
	const text = requiredText('An action', value, PLAN_LIMITS.text);
	const t = actionText(doc, id);
	if (t) doc.transact(() => replaceText(t, text), ORIGIN.local);
}

export function setActionStatus(doc: Y.Doc, id: string, status: ActionStatus): void {
	if (!isStatus(status)) throw new PlanInputError(`Unknown status “${String(status)}”.`);
	setField(doc, id, 'status', status);
}

export function setActionOwner(doc: Y.Doc, id: string, o: Owner | null): void {
	setField(doc, id, 'owner', cleanOwner(o));
}

export function setActionDue(doc: Y.Doc, id: string, due: string | null): void {
	setField(doc, id, 'due', cleanDue(due));
}

/** Several fields in one undoable step. */
export function editAction(
	doc: Y.Doc,
	id: string,
	patch: { text?: string; owner?: Owner | null; due?: string | null; status?: ActionStatus; initiativeId?: string }
): void {
	const m = actionsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const text = patch.text === undefined ? undefined : requiredText('An action', patch.text, PLAN_LIMITS.text);
	const due = patch.due === undefined ? undefined : cleanDue(patch.due);
	const o = patch.owner === undefined ? undefined : cleanOwner(patch.owner);
	if (patch.status !== undefined && !isStatus(patch.status)) throw new PlanInputError(`Unknown status “${String(patch.status)}”.`);
	if (patch.initiativeId !== undefined && !(initiativesMap(doc).get(patch.initiativeId) instanceof Y.Map))
		throw new PlanInputError('That initiative no longer exists.');
	doc.transact(() => {
		if (text !== undefined) {
			const t = m.get('text');
			if (t instanceof Y.Text) replaceText(t, text);
			else m.set('text', new Y.Text(text));
		}
		if (due !== undefined) m.set('due', due);
		if (o !== undefined) m.set('owner', o);
		if (patch.status !== undefined) m.set('status', patch.status);
		if (patch.initiativeId !== undefined && patch.initiativeId !== m.get('initiativeId')) {
			m.set('initiativeId', patch.initiativeId);
			m.set('order', keyAfter(actionsOf(doc, patch.initiativeId).at(-1)?.order ?? null, orderTag(doc)));
		}
	}, ORIGIN.local);
}

/** Moves an action within its initiative. */
export function moveAction(doc: Y.Doc, id: string, toIndex: number): void {
	const m = actionsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const others = actionsOf(doc, str(m.get('initiativeId'))).filter((a) => a.id !== id);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex, orderTag(doc))), ORIGIN.local);
}

export function deleteAction(doc: Y.Doc, id: string): void {
	doc.transact(() => actionsMap(doc).delete(id), ORIGIN.local);
}

/**
 * Brings back an action someone deleted while this person was typing in it: same id, initiative,
 * owner, date, status and place, with the text as they last saw it. One transaction: one undo step.
 */
export function restoreAction(doc: Y.Doc, view: ActionView, text: string): void {
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('text', new Y.Text(text.trim().slice(0, PLAN_LIMITS.text)));
		m.set('initiativeId', view.initiativeId);
		m.set('owner', view.owner ? { kind: view.owner.kind, id: view.owner.id, name: view.owner.name } : null);
		m.set('due', view.due);
		m.set('status', view.status);
		m.set('order', view.order);
		if (view.createdBy) m.set('createdBy', { id: view.createdBy.id, name: view.createdBy.name });
		m.set('createdAt', view.createdAt || Date.now());
		if (view.carriedFrom) m.set('carriedFrom', view.carriedFrom);
		actionsMap(doc).set(view.id, m);
	}, ORIGIN.local);
}
