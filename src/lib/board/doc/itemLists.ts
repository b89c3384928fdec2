import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { PlanInputError, PlanTextTooLongError } from './input.ts';
import { LIST_LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, keyForIndex, orderTag } from '../model/order.ts';
import { author, num, str, textOf, type Author } from '../model/read.ts';
import type { ItemListDef } from '../model/templates.ts';

/*
 * Named lists for the templates that have no planning matrix (customer advisory session, SOAR),
 * in the shared document:
 *
 *   itemLists  Y.Map<listId, Y.Map>  title: string, hint: string, order: string, createdAt: number,
 *                                    items: Y.Map<itemId, Y.Map>  text: Y.Text, author: Author,
 *                                                                 order: string, createdAt: number
 *
 * Items sit inside their list so deleting a list takes its items with it in one step; each item's
 * text is a Y.Text so two people can edit the same sticky at once. Not to be confused with the
 * pick lists (functions, processes) under the root key `lists` (pickLists.ts).
 */

export interface ListItemView {
	id: string;
	listId: string;
	text: string;
	author: Author | null;
	order: string;
	createdAt: number;
}

export interface ItemListView {
	id: string;
	title: string;
	hint: string;
	order: string;
	items: ListItemView[];
}

// Not `lists`: that name holds the stakeholder pick lists (functions, processes), see pickLists.ts.
export const itemListsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('itemLists');

function itemsOf(list: Y.Map<unknown>): Y.Map<Y.Map<unknown>> | null {
	const items = list.get('items');
	return items instanceof Y.Map ? (items as Y.Map<Y.Map<unknown>>) : null;
}

function readItems(listId: string, list: Y.Map<unknown>): ListItemView[] {
	const out: ListItemView[] = [];
	itemsOf(list)?.forEach((m, id) => {
		if (!(m instanceof Y.Map)) return;
		out.push({
			id,
			listId,
			text: textOf(m.get('text')),
			author: author(m.get('author')),
			order: str(m.get('order'), 'a0'),
			createdAt: num(m.get('createdAt'))
		});
	});
	return out.sort(byOrderKey);
}

/** The board's lists in order, each with its items in order. */
export function readItemLists(doc: Y.Doc): ItemListView[] {
	const out: ItemListView[] = [];
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
export function seedItemLists(doc: Y.Doc, defs: readonly ItemListDef[], now = Date.now()): void {
	doc.transact(() => {
		let last: string | null = null;
		for (const d of defs) {
			last = keyAfter(last, orderTag(doc));
			itemListsMap(doc).set(d.id, newList(d.title, d.hint, last, now));
		}
	}, ORIGIN.seed);
}

export function addItemList(doc: Y.Doc, input: { id: string; title: string; hint?: string; now?: number }): string {
	const title = cleanTitle(input.title);
	doc.transact(() => {
		const last = readItemLists(doc).at(-1)?.order ?? null;
		itemListsMap(doc).set(input.id, newList(title, (input.hint ?? '').trim(), keyAfter(last, orderTag(doc)), input.now ?? Date.now()));
	}, ORIGIN.local);
	return input.id;
}

export function renameItemList(doc: Y.Doc, listId: string, value: string): void {
	const title = cleanTitle(value);
	const m = itemListsMap(doc).get(listId);
	if (m instanceof Y.Map) doc.transact(() => m.set('title', title), ORIGIN.local);
}

export function moveItemList(doc: Y.Doc, listId: string, toIndex: number): void {
	const m = itemListsMap(doc).get(listId);
	if (!(m instanceof Y.Map)) return;
	const others = readItemLists(doc).filter((l) => l.id !== listId);
	doc.transact(() => m.set('order', keyForIndex(others, toIndex, orderTag(doc))), ORIGIN.local);
}

export function deleteItemList(doc: Y.Doc, listId: string): void {
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
		m.set('order', keyAfter(last, orderTag(doc)));
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
	doc.transact(() => m.set('order', keyForIndex(others, toIndex, orderTag(doc))), ORIGIN.local);
}

export function deleteItem(doc: Y.Doc, listId: string, itemId: string): void {
	const list = itemListsMap(doc).get(listId);
	if (list instanceof Y.Map) doc.transact(() => itemsOf(list)?.delete(itemId), ORIGIN.local);
}

/**
 * Brings back a list item someone deleted while this person was typing in it, with their text.
 * Returns false when its list itself is gone (nothing to put it back into).
 */
export function restoreItem(doc: Y.Doc, view: ListItemView, text: string): boolean {
	const list = itemListsMap(doc).get(view.listId);
	if (!(list instanceof Y.Map)) return false;
	doc.transact(() => {
		let items = itemsOf(list);
		if (!items) list.set('items', (items = new Y.Map()));
		const m = new Y.Map<unknown>();
		m.set('text', new Y.Text(text.trim().slice(0, LIST_LIMITS.item)));
		if (view.author) m.set('author', { id: view.author.id, name: view.author.name });
		m.set('order', view.order);
		m.set('createdAt', view.createdAt || Date.now());
		items.set(view.id, m);
	}, ORIGIN.local);
	return true;
}
