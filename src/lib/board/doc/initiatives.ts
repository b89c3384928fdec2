import * as Y from 'yjs';
import { ORIGIN, goalsMap, type Author } from './schema.ts';
import { TextTooLongError } from './goals.ts';
import { byOrderKey, keyBetween, keyForIndex } from './order.ts';

/*
 * Initiatives and their actions, in the shared document.
 *
 *   initiatives  Y.Map<id, Y.Map>  title: Y.Text, targetIds: string[] (goal/CSF ids), processes: string[],
 *                                   order: string (fractional), createdBy: Author, createdAt: number,
 *                                   carriedFrom?: string (board id, set when a review copied it)
 *   actions      Y.Map<id, Y.Map>  text: Y.Text, initiativeId: string, owner: Owner | null,
 *                                   due: 'yyyy-mm-dd' | null, status: ActionStatus, order: string,
 *                                   createdBy: Author, createdAt: number, carriedFrom?: string
 *
 * Actions live in their own map (not inside their initiative) so the board-wide action table reads
 * one flat map, and an action added while someone deletes its initiative survives as an orphan
 * instead of vanishing.
 */

export const PLAN_LIMITS = { title: 300, text: 300 } as const;

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
	open: 'Open',
	'in-progress': 'In progress',
	done: 'Done',
	dropped: 'Dropped'
};

/** Who owns an action: a stakeholder on the board, or a member of the workspace. */
export interface Owner {
	kind: 'stakeholder' | 'member';
	id: string;
	name: string;
}

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

export const initiativesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('initiatives');
export const actionsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('actions');

/** A text over its limit, with a message that says which text and by how much. */
export class PlanTextTooLongError extends TextTooLongError {
	constructor(what: string, limit: number, length: number) {
		super(limit);
		this.message = `${what} is limited to ${limit} characters (this one has ${length}).`;
	}
}

/** Input a domain function refuses (empty title, bad date, unknown initiative…). */
export class PlanInputError extends Error {}

// ---- reading (defensive: peers may be old or buggy) ----

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);
const textOf = (v: unknown): string => (v instanceof Y.Text ? v.toString() : str(v));

function author(v: unknown): Author | null {
	const a = v as Partial<Author> | null | undefined;
	return a && typeof a.id === 'string' && typeof a.name === 'string' ? { id: a.id, name: a.name } : null;
}

export function owner(v: unknown): Owner | null {
	const o = v as Partial<Owner> | null | undefined;
	if (!o || (o.kind !== 'stakeholder' && o.kind !== 'member') || typeof o.id !== 'string' || !o.id) return null;
	return { kind: o.kind, id: o.id, name: typeof o.name === 'string' ? o.name : '' };
}

export const isStatus = (v: unknown): v is ActionStatus => (ACTION_STATUSES as readonly unknown[]).includes(v);
/** Open and in-progress actions are still to do; done and dropped ones are closed. */
export const isOpenStatus = (s: ActionStatus): boolean => s === 'open' || s === 'in-progress';

function readInitiative(id: string, m: Y.Map<unknown>): InitiativeView {
	return {
		id,
		title: textOf(m.get('title')),
		targetIds: [...new Set(strings(m.get('targetIds')))],
		processes: [...new Set(strings(m.get('processes')))],
		order: str(m.get('order'), 'a0'),
		createdBy: author(m.get('createdBy')),
		createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0,
		carriedFrom: typeof m.get('carriedFrom') === 'string' ? (m.get('carriedFrom') as string) : null
	};
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
		createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0,
		carriedFrom: typeof m.get('carriedFrom') === 'string' ? (m.get('carriedFrom') as string) : null
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

/** The first initiative (board order) linked to a goal or CSF, or null. */
export function findInitiativeForTarget(doc: Y.Doc, targetId: string): string | null {
	return readInitiatives(doc).find((i) => i.targetIds.includes(targetId))?.id ?? null;
}

// ---- validation ----

/** A real calendar date written yyyy-mm-dd. */
export function isIsoDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function cleanText(what: string, value: string, limit: number): string {
	const text = value.trim();
	if (!text) throw new PlanInputError(`${what} cannot be empty.`);
	if (text.length > limit) throw new PlanTextTooLongError(what, limit, text.length);
	return text;
}

function cleanDue(due: string | null | undefined): string | null {
	if (due === null || due === undefined || due === '') return null;
	if (!isIsoDate(due)) throw new PlanInputError(`A due date must be a real date written yyyy-mm-dd (got “${due}”).`);
	return due;
}

function cleanOwner(o: Owner | null | undefined): Owner | null {
	if (o === null || o === undefined) return null;
	const clean = owner(o);
	if (!clean) throw new PlanInputError('An owner must be a stakeholder or a workspace member.');
	return { ...clean, name: clean.name.trim().slice(0, 120) };
}

const cleanList = (xs: string[]): string[] => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

function replaceText(t: Y.Text, next: string) {
	if (t.toString() === next) return;
	t.delete(0, t.length);
	t.insert(0, next);
}

// ---- initiatives ----

export function addInitiative(
	doc: Y.Doc,
	input: { id: string; title: string; author: Author; targetIds?: string[]; processes?: string[]; now?: number }
): string {
	const title = cleanText('An initiative title', input.title, PLAN_LIMITS.title);
	doc.transact(() => {
		const last = readInitiatives(doc).at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('title', new Y.Text(title));
		m.set('targetIds', cleanList(input.targetIds ?? []));
		m.set('processes', cleanList(input.processes ?? []));
		m.set('order', keyBetween(last, null));
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
	addInitiative(doc, { id: input.id, title, author: input.author, targetIds: [input.targetId], processes: strings(target.get('processes')), now: input.now });
	return { id: input.id, created: true };
}

/** The live title, for co-editing through a text binding. */
export function initiativeTitle(doc: Y.Doc, id: string): Y.Text | null {
	const t = initiativesMap(doc).get(id)?.get('title');
	return t instanceof Y.Text ? t : null;
}

export function setInitiativeTitle(doc: Y.Doc, id: string, value: string): void {
	const title = cleanText('An initiative title', value, PLAN_LIMITS.title);
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
	const ids = strings(m.get('targetIds'));
	if (!ids.includes(targetId)) setInitiativeTargets(doc, id, [...ids, targetId]);
}

export function unlinkTarget(doc: Y.Doc, id: string, targetId: string): void {
	const m = initiativesMap(doc).get(id);
	if (m instanceof Y.Map) setInitiativeTargets(doc, id, strings(m.get('targetIds')).filter((t) => t !== targetId));
}

export function setInitiativeProcesses(doc: Y.Doc, id: string, processes: string[]): void {
	const m = initiativesMap(doc).get(id);
	if (m instanceof Y.Map) doc.transact(() => m.set('processes', cleanList(processes)), ORIGIN.local);
}

export function moveInitiative(doc: Y.Doc, id: string, toIndex: number): void {
	const m = initiativesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const others = readInitiatives(doc).filter((i) => i.id !== id);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex)), ORIGIN.local);
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

// ---- actions ----

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
	const text = cleanText('An action', input.text, PLAN_LIMITS.text);
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
		m.set('order', keyBetween(last, null));
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
	const text = cleanText('An action', value, PLAN_LIMITS.text);
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
	const text = patch.text === undefined ? undefined : cleanText('An action', patch.text, PLAN_LIMITS.text);
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
			m.set('order', keyBetween(actionsOf(doc, patch.initiativeId).at(-1)?.order ?? null, null));
		}
	}, ORIGIN.local);
}

/** Moves an action within its initiative. */
export function moveAction(doc: Y.Doc, id: string, toIndex: number): void {
	const m = actionsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const others = actionsOf(doc, str(m.get('initiativeId'))).filter((a) => a.id !== id);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex)), ORIGIN.local);
}

export function deleteAction(doc: Y.Doc, id: string): void {
	doc.transact(() => actionsMap(doc).delete(id), ORIGIN.local);
}

// ---- the action table ----

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
