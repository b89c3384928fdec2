import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { PlanInputError, requiredText } from './input.ts';
import { addAction } from './actions.ts';
import { addGoal } from './goals.ts';
import { addStep } from './agenda.ts';
import { AGENDA_LIMITS, type ViewId } from '../model/facilitation.ts';
import { PLAN_LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, orderTag } from '../model/order.ts';
import { author, isRec, num, str, textOf, type Author } from '../model/read.ts';

/*
 * The parking lot, in the shared document (every board has one):
 *
 *   parkingLot  Y.Map<id, Y.Map>  text: Y.Text (co-edited), author: Author, createdAt: number, order: string,
 *                                 movedTo?: { kind: 'action' | 'goal' | 'agenda', id: string, by: Author, at: number }
 *
 * A parked item is moved on, not deleted: moving it into an action, a goal or an agenda step
 * creates that item through its own module (actions.ts, goals.ts, agenda.ts) and marks the parked
 * item as moved, in one transaction, so one Ctrl+Z undoes both. Only facilitators can move one
 * into the agenda (area `facilitation`, enforced by the server).
 */

export const MOVE_KINDS = ['action', 'goal', 'agenda'] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];

export interface MovedTo {
	kind: MoveKind;
	id: string;
	by: Author | null;
	at: number;
}

export interface ParkedItemView {
	id: string;
	text: string;
	author: Author | null;
	createdAt: number;
	order: string;
	movedTo: MovedTo | null;
}

export const parkingLotMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('parkingLot');

function movedTo(v: unknown): MovedTo | null {
	if (!isRec(v) || !(MOVE_KINDS as readonly unknown[]).includes(v.kind) || typeof v.id !== 'string' || !v.id) return null;
	return { kind: v.kind as MoveKind, id: v.id, by: author(v.by), at: num(v.at) };
}

/** Every parked item, in the order they were parked (moved ones included: they say where they went). */
export function readParkingLot(doc: Y.Doc): ParkedItemView[] {
	const out: ParkedItemView[] = [];
	parkingLotMap(doc).forEach((m, id) => {
		if (!(m instanceof Y.Map)) return;
		out.push({ id, text: textOf(m.get('text')), author: author(m.get('author')), createdAt: num(m.get('createdAt')), order: str(m.get('order'), 'a0'), movedTo: movedTo(m.get('movedTo')) });
	});
	return out.sort(byOrderKey);
}

export function parkItem(doc: Y.Doc, input: { id: string; text: string; author: Author; now?: number }): string {
	const text = requiredText('A parked item', input.text, PLAN_LIMITS.text);
	doc.transact(() => {
		const last = readParkingLot(doc).at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('text', new Y.Text(text));
		m.set('author', { id: input.author.id, name: input.author.name });
		m.set('createdAt', input.now ?? Date.now());
		m.set('order', keyAfter(last, orderTag(doc)));
		parkingLotMap(doc).set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

/** The live text of a parked item, for co-editing through a text binding. */
export function parkedText(doc: Y.Doc, id: string): Y.Text | null {
	const t = parkingLotMap(doc).get(id)?.get('text');
	return t instanceof Y.Text ? t : null;
}

function parked(doc: Y.Doc, id: string): Y.Map<unknown> {
	const m = parkingLotMap(doc).get(id);
	if (!(m instanceof Y.Map)) throw new PlanInputError('That parked item no longer exists.');
	if (movedTo(m.get('movedTo'))) throw new PlanInputError('That parked item was already moved.');
	return m;
}

/** Creates an action in `initiativeId` from the parked item and marks the item as moved: one undoable step. */
export function moveToAction(doc: Y.Doc, id: string, input: { actionId: string; initiativeId: string; author: Author; now?: number }): string {
	const m = parked(doc, id);
	const now = input.now ?? Date.now();
	doc.transact(() => {
		addAction(doc, { id: input.actionId, initiativeId: input.initiativeId, text: textOf(m.get('text')), author: input.author, now });
		m.set('movedTo', { kind: 'action', id: input.actionId, by: { id: input.author.id, name: input.author.name }, at: now });
	}, ORIGIN.local);
	return input.actionId;
}

/** Creates a goal from the parked item and marks the item as moved: one undoable step. */
export function moveToGoal(doc: Y.Doc, id: string, input: { goalId: string; author: Author; now?: number }): string {
	const m = parked(doc, id);
	const now = input.now ?? Date.now();
	doc.transact(() => {
		addGoal(doc, { id: input.goalId, text: textOf(m.get('text')), author: input.author, now });
		m.set('movedTo', { kind: 'goal', id: input.goalId, by: { id: input.author.id, name: input.author.name }, at: now });
	}, ORIGIN.local);
	return input.goalId;
}

/** Planned minutes of an agenda step made from a parked item (the facilitator edits it later). */
export const PARKED_STEP_MINUTES = 10;

/**
 * Makes the parked item the agenda's next step (a "discuss" step on `view`, after the existing
 * ones) and marks the item as moved: one undoable step. The title is the item's text, cut to the
 * agenda's title length.
 */
export function moveToAgenda(doc: Y.Doc, id: string, input: { stepId: string; view: ViewId; author: Author; now?: number }): string {
	const m = parked(doc, id);
	const now = input.now ?? Date.now();
	const title = textOf(m.get('text')).trim().slice(0, AGENDA_LIMITS.title);
	doc.transact(() => {
		addStep(doc, input.stepId, { title, minutes: PARKED_STEP_MINUTES, view: input.view, mode: 'discuss' });
		m.set('movedTo', { kind: 'agenda', id: input.stepId, by: { id: input.author.id, name: input.author.name }, at: now });
	}, ORIGIN.local);
	return input.stepId;
}

export function deleteParkedItem(doc: Y.Doc, id: string): void {
	if (!parkingLotMap(doc).has(id)) return;
	doc.transact(() => parkingLotMap(doc).delete(id), ORIGIN.local);
}
