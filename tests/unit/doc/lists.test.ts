import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIST_LIMITS } from '../../../src/lib/board/model/limits.ts';
import { TEMPLATE_ITEM_LISTS } from '../../../src/lib/board/model/templates.ts';
import {
	addItem,
	addItemList,
	deleteItem,
	deleteItemList,
	itemText,
	itemListsMap,
	moveItem,
	moveItemList,
	readItemLists,
	renameItemList,
	seedItemLists
} from '../../../src/lib/board/doc/itemLists.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { PlanInputError, PlanTextTooLongError } from '../../../src/lib/board/doc/input.ts';

const ann = { id: 'u1', name: 'Ann' };
const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

function soar() {
	const doc = new Y.Doc();
	seedItemLists(doc, TEMPLATE_ITEM_LISTS.soar!, 1);
	return doc;
}

describe('lists', () => {
	it('seeds the template lists in order, empty', () => {
		expect(readItemLists(soar()).map((l) => [l.id, l.title, l.items.length])).toEqual([
			['strengths', 'Strengths', 0],
			['opportunities', 'Opportunities', 0],
			['aspirations', 'Aspirations', 0],
			['results', 'Results', 0]
		]);
		expect(TEMPLATE_ITEM_LISTS.advisory!.map((l) => l.title)).toEqual(['Client goals', 'Client experiences', 'Ideas to try', 'Feedback']);
	});

	it('adds items with their author, in order', () => {
		const doc = soar();
		addItem(doc, { id: 'x', listId: 'strengths', text: ' Fast support ', author: ann, now: 3 });
		addItem(doc, { id: 'y', listId: 'strengths', text: 'Shared roadmap', author: ann });
		const [s] = readItemLists(doc);
		expect(s.items.map((i) => i.text)).toEqual(['Fast support', 'Shared roadmap']);
		expect(s.items[0]).toMatchObject({ id: 'x', listId: 'strengths', author: ann, createdAt: 3 });
	});

	it('refuses empty and over-long items and unknown lists', () => {
		const doc = soar();
		expect(() => addItem(doc, { id: 'x', listId: 'strengths', text: '  ', author: ann })).toThrow(PlanInputError);
		expect(() => addItem(doc, { id: 'x', listId: 'strengths', text: 'a'.repeat(LIST_LIMITS.item + 1), author: ann })).toThrow(
			`An item is limited to ${LIST_LIMITS.item} characters (this one has ${LIST_LIMITS.item + 1}).`
		);
		expect(() => addItem(doc, { id: 'x', listId: 'nope', text: 'a', author: ann })).toThrow(/no longer exists/);
		expect(() => addItemList(doc, { id: 'l', title: 'b'.repeat(121) })).toThrow(PlanTextTooLongError);
		expect(() => renameItemList(doc, 'strengths', ' ')).toThrow(/needs a name/);
	});

	it('reorders items and lists, renames and deletes', () => {
		const doc = soar();
		for (const id of ['a', 'b', 'c']) addItem(doc, { id, listId: 'results', text: id, author: ann });
		moveItem(doc, 'results', 'c', 0);
		moveItem(doc, 'results', 'a', 5);
		expect(readItemLists(doc)[3].items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
		deleteItem(doc, 'results', 'b');
		expect(readItemLists(doc)[3].items.map((i) => i.id)).toEqual(['c', 'a']);

		moveItemList(doc, 'results', 0);
		renameItemList(doc, 'results', 'Measurable results');
		addItemList(doc, { id: 'extra', title: 'Parking lot' });
		expect(readItemLists(doc).map((l) => l.title)).toEqual(['Measurable results', 'Strengths', 'Opportunities', 'Aspirations', 'Parking lot']);
		deleteItemList(doc, 'results');
		expect(readItemLists(doc).map((l) => l.id)).toEqual(['strengths', 'opportunities', 'aspirations', 'extra']);
	});

	it('two people typing in the same item merge', () => {
		const a = soar();
		addItem(a, { id: 'x', listId: 'strengths', text: 'support', author: ann });
		const b = new Y.Doc();
		sync(a, b);
		itemText(a, 'strengths', 'x')!.insert(0, 'Fast ');
		itemText(b, 'strengths', 'x')!.insert(7, ' team');
		sync(a, b);
		expect(readItemLists(a)[0].items[0].text).toBe('Fast support team');
		expect(readItemLists(b)).toEqual(readItemLists(a));
	});

	it('concurrent adds to the same list keep both items', () => {
		const a = soar();
		const b = new Y.Doc();
		sync(a, b);
		addItem(a, { id: 'x', listId: 'aspirations', text: 'From A', author: ann });
		addItem(b, { id: 'y', listId: 'aspirations', text: 'From B', author: ann });
		sync(a, b);
		expect(readItemLists(a)[2].items.map((i) => i.id).sort()).toEqual(['x', 'y']);
		expect(readItemLists(a)).toEqual(readItemLists(b));
	});

	it('deleting a list is one undoable step that brings its items back', () => {
		const doc = soar();
		const undo = new Y.UndoManager(itemListsMap(doc), { trackedOrigins: new Set([ORIGIN.local]) });
		addItem(doc, { id: 'x', listId: 'strengths', text: 'Keep', author: ann });
		undo.stopCapturing();
		deleteItemList(doc, 'strengths');
		expect(readItemLists(doc).map((l) => l.id)).not.toContain('strengths');
		undo.undo();
		expect(readItemLists(doc)[0].items.map((i) => i.text)).toEqual(['Keep']);
	});

	it('seeding is not undoable by participants', () => {
		const doc = new Y.Doc();
		const undo = new Y.UndoManager(itemListsMap(doc), { trackedOrigins: new Set([ORIGIN.local]) });
		seedItemLists(doc, TEMPLATE_ITEM_LISTS.advisory!);
		expect(undo.canUndo()).toBe(false);
	});
});
