import * as Y from 'yjs';
import { ORIGIN, type Author, type TemplateId } from './schema.ts';
import { PlanInputError, PlanTextTooLongError } from './initiatives.ts';
import { byOrderKey, keyBetween, keyForIndex } from './order.ts';

/*
 * Named lists for the templates that have no planning matrix (customer advisory session, SOAR),
 * in the shared document:
 *
 *   itemLists  Y.Map<listId, Y.Map>  title: string, hint: string, order: string, createdAt: number,
 *                                    items: Y.Map<itemId, Y.Map>  text: Y.Text, author: Author,
 *                                                                 order: string, createdAt: number
 *
 * Items sit inside their list so deleting a list takes its items with it in one step; each item's
 * text is a Y.Text so two people can edit the same sticky at once.
 */

export const LIST_LIMITS = { title: 120, item: 300 } as const;

export interface ListItemView {
	id: string;
	listId: string;
	text: string;
	author: Author | null;
	order: string;
	createdAt: number;
}

export interface ListView {
	id: string;
	title: string;
	hint: string;
	order: string;
	items: ListItemView[];
}

export interface ListDef {
	id: string;
	title: string;
	hint: string;
}

/** The lists each template starts with; ids are stable so tests and links can name them. */
export const TEMPLATE_LISTS: Partial<Record<TemplateId, ListDef[]>> = {
	advisory: [
		{ id: 'client-goals', title: 'Client goals', hint: 'What the client wants to achieve this year.' },
		{ id: 'client-experiences', title: 'Client experiences', hint: 'What working with us is like today: what helps, what gets in the way.' },
		{ id: 'ideas', title: 'Ideas to try', hint: 'Things we could try together.' },
		{ id: 'feedback', title: 'Feedback', hint: 'Anything else the client wants us to hear.' }
	],
	soar: [
		{ id: 'strengths', title: 'Strengths', hint: 'What we do well together.' },
		{ id: 'opportunities', title: 'Opportunities', hint: 'What we could do better or newly together.' },
		{ id: 'aspirations', title: 'Aspirations', hint: 'What we want the partnership to become.' },
		{ id: 'results', title: 'Results', hint: 'How we will know we got there.' }
	]
};

// Not `lists`: that name holds the stakeholder pick lists (functions, processes), see stakeholders.ts.
export const itemListsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('itemLists');

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function author(v: unknown): Author | null {
	const a = v as Partial<Author> | null | undefined;
	return a && typeof a.id === 'string' && typeof a.name === 'string' ? { id: a.id, name: a.name } : null;
}

function itemsOf(list: Y.Map<unknown>): Y.Map<Y.Map<unknown>> | null {
	const items = list.get('items');
	return items instanceof Y.Map ? (items as Y.Map<Y.Map<unknown>>) : null;
}

function readItems(listId: string, list: Y.Map<unknown>): ListItemView[] {
	const out: ListItemView[] = [];
	itemsOf(list)?.forEach((m, id) => {
		if (!(m instanceof Y.Map)) return;
		const text = m.get('text');
		out.push({
			id,
			listId,
			text: text instanceof Y.Text ? text.toString() : str(text),
			author: author(m.get('author')),
			order: str(m.get('order'), 'a0'),
			createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0
		});
	});
	return out.sort(byOrderKey);
}

/** The board's lists in order, each with its items in order. */
export function readLists(doc: Y.Doc): ListView[] {
	const out: ListView[] = [];
	itemListsMap(doc).forEach((m, id) => {
		if (!(m instanceof Y.Map)) return;
		out.push({ id, title: str(m.get('title')), hint: str(m.get('hint')), order: str(m.get('order'), 'a0'), items: readItems(id, m) });
	});
	return out.sort(byOrderKey);
}

function cleanTitle(value: string): string {
	const title = value.trim();
	if (!title) throw new PlanInputError('A list needs a name.');
	if (title.length > LIST_LIMITS.title) throw new PlanTextTooLongError('A list name', LIST_LIMITS.title, title.length);
	return title;
}

function newList(title: string, hint: string, order: string, now: number): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	m.set('title', title);
	m.set('hint', hint);
	m.set('order', order);
	m.set('createdAt', now);
	m.set('items', new Y.Map());
	return m;
}

/** Writes a template's lists into a new document (server side, at board creation). */
export function seedLists(doc: Y.Doc, defs: ListDef[], now = Date.now()): void {
	doc.transact(() => {
		let last: string | null = null;
		for (const d of defs) {
			last = keyBetween(last, null);
			itemListsMap(doc).set(d.id, newList(d.title, d.hint, last, now));
		}
	}, ORIGIN.seed);
}

export function addList(doc: Y.Doc, input: { id: string; title: string; hint?: string; now?: number }): string {
	const title = cleanTitle(input.title);
	doc.transact(() => {
		const last = readLists(doc).at(-1)?.order ?? null;
		itemListsMap(doc).set(input.id, newList(title, (input.hint ?? '').trim(), keyBetween(last, null), input.now ?? Date.now()));
	}, ORIGIN.local);
	return input.id;
}

export function renameList(doc: Y.Doc, listId: string, value: string): void {
	const title = cleanTitle(value);
	const m = itemListsMap(doc).get(listId);
	if (m instanceof Y.Map) doc.transact(() => m.set('title', title), ORIGIN.local);
}

export function moveList(doc: Y.Doc, listId: string, toIndex: number): void {
	const m = itemListsMap(doc).get(listId);
	if (!(m instanceof Y.Map)) return;
	const others = readLists(doc).filter((l) => l.id !== listId);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex)), ORIGIN.local);
}

export function deleteList(doc: Y.Doc, listId: string): void {
	doc.transact(() => itemListsMap(doc).delete(listId), ORIGIN.local);
}

export function addItem(doc: Y.Doc, input: { id: string; listId: string; text: string; author: Author; now?: number }): string {
	const text = input.text.trim();
	if (!text) throw new PlanInputError('An item cannot be empty.');
	if (text.length > LIST_LIMITS.item) throw new PlanTextTooLongError('An item', LIST_LIMITS.item, text.length);
	const list = itemListsMap(doc).get(input.listId);
	if (!(list instanceof Y.Map)) throw new PlanInputError('That list no longer exists.');
	doc.transact(() => {
		let items = itemsOf(list);
		if (!items) list.set('items', (items = new Y.Map()));
		const last = readItems(input.listId, list).at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('text', new Y.Text(text));
		m.set('author', { id: input.author.id, name: input.author.name });
		m.set('order', keyBetween(last, null));
		m.set('createdAt', input.now ?? Date.now());
		items.set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

/** The live text of an item, for co-editing through a text binding. */
export function itemText(doc: Y.Doc, listId: string, itemId: string): Y.Text | null {
	const list = itemListsMap(doc).get(listId);
	const t = list instanceof Y.Map ? itemsOf(list)?.get(itemId)?.get('text') : null;
	return t instanceof Y.Text ? t : null;
}

export function moveItem(doc: Y.Doc, listId: string, itemId: string, toIndex: number): void {
	const list = itemListsMap(doc).get(listId);
	if (!(list instanceof Y.Map)) return;
	const m = itemsOf(list)?.get(itemId);
	if (!(m instanceof Y.Map)) return;
	const others = readItems(listId, list).filter((i) => i.id !== itemId);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex)), ORIGIN.local);
}

export function deleteItem(doc: Y.Doc, listId: string, itemId: string): void {
	const list = itemListsMap(doc).get(listId);
	if (list instanceof Y.Map) doc.transact(() => itemsOf(list)?.delete(itemId), ORIGIN.local);
}
