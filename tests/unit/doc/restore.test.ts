import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addInitiative, deleteInitiative, readInitiatives, restoreInitiative, initiativeTitle } from '../../../src/lib/board/doc/initiatives.ts';
import { addAction, deleteAction, readActions, restoreAction, actionText } from '../../../src/lib/board/doc/actions.ts';
import { addItem, addItemList, deleteItem, deleteItemList, itemText, readItemLists, restoreItem } from '../../../src/lib/board/doc/itemLists.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';

// Restoring an item someone deleted while another person typed in it: the same item comes back
// (id, place, links, owner, date, status), with the typed text, as a change the server accepts.

const author = { id: 'u-1', name: 'Ann' };
const WRITER = { role: 'participant', side: 'client' } as const;

function board() {
	const doc = initialDocuments('joint-planning', 1).shared;
	addInitiative(doc, { id: 'i-1', title: 'Pilot', author, targetIds: ['g-1'], now: 5 });
	addAction(doc, { id: 'a-1', initiativeId: 'i-1', text: 'Call', author, due: '2027-03-01', owner: { kind: 'member', id: 'u-2', name: 'Bo' }, status: 'in-progress', now: 6 });
	addItemList(doc, { id: 'ideas', title: 'Ideas', now: 7 });
	addItem(doc, { id: 'it-1', listId: 'ideas', text: 'Joint lab', author, now: 8 });
	return doc;
}

/** The update `change` makes, and whether the sync server's guard accepts it. */
function accepted(doc: Y.Doc, change: () => void) {
	const server = new Y.Doc();
	Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(doc);
	change();
	return inspectUpdate(server, 'shared', Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before)), WRITER);
}

describe('restoring an item deleted while someone typed in it', () => {
	it('an initiative comes back with its id, links and place, and the typed title', () => {
		const doc = board();
		const [view] = readInitiatives(doc);
		deleteInitiative(doc, 'i-1');
		expect(readInitiatives(doc)).toEqual([]);
		expect(accepted(doc, () => restoreInitiative(doc, view, 'Pilot in Asia  '))).toEqual({ ok: true });
		expect(readInitiatives(doc)).toEqual([{ ...view, title: 'Pilot in Asia' }]);
		expect(initiativeTitle(doc, 'i-1')?.toString()).toBe('Pilot in Asia');
	});

	it('an action comes back with its owner, date, status and initiative', () => {
		const doc = board();
		const view = readActions(doc).find((a) => a.id === 'a-1')!;
		deleteAction(doc, 'a-1');
		expect(accepted(doc, () => restoreAction(doc, view, 'Call the COO'))).toEqual({ ok: true });
		expect(readActions(doc)).toEqual([{ ...view, text: 'Call the COO' }]);
		expect(actionText(doc, 'a-1')?.toString()).toBe('Call the COO');
	});

	it('a list item comes back into its list, and not when the list itself is gone', () => {
		const doc = board();
		const view = readItemLists(doc).find((l) => l.id === 'ideas')!.items[0];
		deleteItem(doc, 'ideas', 'it-1');
		expect(accepted(doc, () => expect(restoreItem(doc, view, 'Joint lab in Lyon')).toBe(true))).toEqual({ ok: true });
		expect(readItemLists(doc).find((l) => l.id === 'ideas')!.items).toEqual([{ ...view, text: 'Joint lab in Lyon' }]);
		expect(itemText(doc, 'ideas', 'it-1')?.toString()).toBe('Joint lab in Lyon');
		deleteItemList(doc, 'ideas');
		expect(restoreItem(doc, view, 'again')).toBe(false);
	});
});
