import * as Y from 'yjs';
import type { DocName } from '../model/docNames.ts';
import type { ViewId } from '../model/facilitation.ts';

/** One searchable text of a board: what it is, its id in its map, and the board tab that shows it. */
export interface SearchEntry {
	kind: 'goal' | 'csf' | 'stakeholder' | 'note' | 'initiative' | 'action' | 'decision' | 'parked' | 'listItem' | 'relationNote';
	itemId: string;
	view: ViewId | 'decisions' | 'parking-lot';
	text: string;
}

// Control characters never reach the index: the search snippet marks highlights with two of them.
const clean = (s: unknown): string => (typeof s === 'string' ? s : s instanceof Y.Text ? s.toString() : '').replace(/[\u0000-\u001f]+/g, ' ').trim();

function eachItem(doc: Y.Doc, root: string, fn: (id: string, m: Y.Map<unknown>) => void): void {
	doc.getMap<unknown>(root).forEach((m, id) => {
		if (m instanceof Y.Map) fn(id, m);
	});
}

/**
 * The texts of a document that search finds (server/search.ts indexes them). The internal
 * document's only text is the relation notes; its index rows are searched for the supplier side only.
 */
export function searchEntries(doc: Y.Doc, kind: DocName): SearchEntry[] {
	const out: SearchEntry[] = [];
	const add = (e: SearchEntry) => {
		if (e.text) out.push(e);
	};
	if (kind === 'internal') {
		doc.getMap<unknown>('relations').forEach((v, id) => {
			if (typeof v === 'object' && v !== null) add({ kind: 'relationNote', itemId: id, view: 'stakeholders', text: clean((v as { notes?: unknown }).notes) });
		});
		return out;
	}
	eachItem(doc, 'goals', (id, m) => add({ kind: m.get('kind') === 'csf' ? 'csf' : 'goal', itemId: id, view: 'goals', text: clean(m.get('text')) }));
	eachItem(doc, 'stakeholders', (id, m) => add({ kind: 'stakeholder', itemId: id, view: 'stakeholders', text: [clean(m.get('name')), clean(m.get('title'))].filter(Boolean).join(' · ') }));
	doc.getMap<unknown>('matrix').forEach((v, key) => {
		if (typeof v === 'object' && v !== null) add({ kind: 'note', itemId: key, view: 'matrix', text: clean((v as { note?: unknown }).note) });
	});
	eachItem(doc, 'initiatives', (id, m) => add({ kind: 'initiative', itemId: id, view: 'initiatives', text: clean(m.get('title')) }));
	eachItem(doc, 'actions', (id, m) => add({ kind: 'action', itemId: id, view: 'actions', text: clean(m.get('text')) }));
	eachItem(doc, 'decisions', (id, m) => add({ kind: 'decision', itemId: id, view: 'decisions', text: clean(m.get('text')) }));
	eachItem(doc, 'parkingLot', (id, m) => add({ kind: 'parked', itemId: id, view: 'parking-lot', text: clean(m.get('text')) }));
	eachItem(doc, 'itemLists', (listId, list) => {
		const items = list.get('items');
		if (items instanceof Y.Map)
			items.forEach((m, id) => {
				if (m instanceof Y.Map) add({ kind: 'listItem', itemId: `${listId}/${id}`, view: 'lists', text: clean(m.get('text')) });
			});
	});
	return out;
}
