import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Store } from '@tldraw/store';
import type { TLStore } from '@tldraw/tlschema';
import { ORIGIN, goalsMap } from '../../../src/lib/board/doc/schema.ts';
import { addGoal, deleteGoal, goalText, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { addInitiative } from '../../../src/lib/board/doc/initiatives.ts';
import { addAction, readActions, setActionStatus } from '../../../src/lib/board/doc/actions.ts';
import { readParkingLot } from '../../../src/lib/board/doc/parkingLot.ts';
import { addStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { setPriority } from '../../../src/lib/board/doc/matrix.ts';
import { undoScopeTypes } from '../../../src/lib/board/model/undoScope.ts';
import { mayChange } from '../../../src/lib/board/model/permissions.ts';
import { canvasSchema } from '../../../src/lib/board/canvas/schema.ts';
import { CanvasBinding, canvasMap, type CanvasDocs } from '../../../src/lib/board/canvas/binding.ts';
import { checkCanvasRecord } from '../../../src/lib/board/canvas/records.ts';
import { cardsOf, convertNotes, plainText, type ConvertOptions } from '../../../src/lib/board/canvas/convert.ts';
import { PlanCardIndex, PLAN_CARD_TYPE, cardSummary } from '../../../src/lib/board/canvas/planCard.ts';
import { PlanStore } from '../../../src/lib/board/canvas/planStore.ts';

// Sticky notes → plan items (one transaction, one undo step, with a link back) and the plan
// card's live data (text, convergence, status; a deleted item is shown as deleted).

const me = { id: 'u-ann', name: 'Ann' };
const rich = (...paras: string[]) => ({ type: 'doc', content: paras.map((p) => ({ type: 'paragraph', content: p ? [{ type: 'text', text: p }] : [] })) });

function note(id: string, text: string, at = { x: 100, y: 100 }, page = 'page:page') {
	return {
		id,
		typeName: 'shape',
		type: 'note',
		x: at.x,
		y: at.y,
		rotation: 0,
		index: 'a1',
		parentId: page,
		isLocked: false,
		opacity: 1,
		meta: {},
		props: { color: 'yellow', labelColor: 'black', size: 'm', font: 'draw', fontSizeAdjustment: 0, align: 'middle', verticalAlign: 'middle', growY: 0, url: '', richText: rich(text), scale: 1, textLastEditedBy: null }
	};
}

function board(): CanvasDocs {
	const docs = { shared: new Y.Doc(), internal: new Y.Doc() };
	docs.shared.transact(() => {
		canvasMap(docs.shared).set('page:page', { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} });
	}, ORIGIN.local);
	return docs;
}

function putNotes(docs: CanvasDocs, ...notes: ReturnType<typeof note>[]) {
	for (const n of notes) expect(checkCanvasRecord(n)).toBeNull();
	docs.shared.transact(() => {
		for (const n of notes) canvasMap(docs.shared).set(n.id, n);
	}, ORIGIN.local);
}

let seq = 0;
const opts = (over: Partial<ConvertOptions> = {}): ConvertOptions => ({
	author: me,
	may: (area) => mayChange({ role: 'participant', side: 'client' }, area),
	newId: () => `item-${++seq}`,
	newShapeId: () => `shape:card-${++seq}`,
	...over
});

function bareStore(): TLStore {
	const store = new Store({ schema: canvasSchema as never, props: { defaultName: '', assets: {} as never, users: {} as never, onMount: () => {} } }) as unknown as TLStore;
	(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable();
	return store;
}

describe('converting sticky notes', () => {
	it('turns a note into a goal and the note into a card of it, in one transaction with the local origin', () => {
		const docs = board();
		putNotes(docs, note('shape:n1', 'Cut lead time', { x: 40, y: 60 }));
		const origins: unknown[] = [];
		docs.shared.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		const [done] = convertNotes(docs, ['shape:n1'], { kind: 'goal' }, opts());
		expect(origins).toEqual([ORIGIN.local]);
		const goals = readGoals(docs.shared).goals;
		expect(goals.map((g) => [g.id, g.text, g.author?.id])).toEqual([[done!.itemId, 'Cut lead time', 'u-ann']]);
		const records = canvasMap(docs.shared);
		expect(records.has('shape:n1')).toBe(false);
		const card = records.get(done!.cardId) as { type: string; x: number; y: number; parentId: string; props: Record<string, unknown> };
		expect(card).toMatchObject({ type: PLAN_CARD_TYPE, x: 40, y: 60, parentId: 'page:page', props: { kind: 'goal', itemId: done!.itemId } });
		// The card is a record tldraw's schema (and so the sync server) accepts.
		expect(checkCanvasRecord(card)).toBeNull();
		// The link back: from the goal to its card on the canvas.
		expect(cardsOf(docs, 'goal', done!.itemId)).toEqual([done!.cardId]);
	});

	it('is one undo step: Ctrl+Z removes the goal and the card and brings the note back', () => {
		const docs = board();
		putNotes(docs, note('shape:n1', 'Cut lead time'));
		const undo = new Y.UndoManager(undoScopeTypes({ shared: docs.shared, internal: null }), { trackedOrigins: new Set([ORIGIN.local]), captureTimeout: 0 });
		convertNotes(docs, ['shape:n1'], { kind: 'goal' }, opts());
		expect(undo.undoStack.length).toBe(1);
		undo.undo();
		expect(readGoals(docs.shared).goals).toEqual([]);
		expect(canvasMap(docs.shared).get('shape:n1')).toMatchObject({ type: 'note' });
		expect([...canvasMap(docs.shared).values()].some((v) => (v as { type?: string }).type === PLAN_CARD_TYPE)).toBe(false);
	});

	it('turns a selection into CSFs under the chosen goal, skipping what is not a note', () => {
		const docs = board();
		addGoal(docs.shared, { id: 'g1', text: 'Grow together', author: me });
		putNotes(docs, note('shape:n1', 'On-time delivery'), note('shape:n2', 'Shared forecast', { x: 400, y: 100 }));
		canvasMap(docs.shared).set('shape:geo', { ...note('shape:geo', 'x'), type: 'geo' });
		const out = convertNotes(docs, ['shape:n1', 'shape:geo', 'shape:n2'], { kind: 'csf', goalId: 'g1' }, opts());
		expect(out.map((o) => o.noteId)).toEqual(['shape:n1', 'shape:n2']);
		const [g] = readGoals(docs.shared).goals;
		expect(g!.csfs.map((c) => [c.text, c.parentId])).toEqual([
			['On-time delivery', 'g1'],
			['Shared forecast', 'g1']
		]);
		expect(canvasMap(docs.shared).has('shape:geo')).toBe(true);
		for (const o of out) expect(canvasMap(docs.shared).get(o.cardId)).toMatchObject({ props: { kind: 'csf', itemId: o.itemId } });
	});

	it('makes parking-lot items and actions, and re-attaches arrows to the card', () => {
		const docs = board();
		addInitiative(docs.shared, { id: 'i1', title: 'Joint planning', author: me });
		putNotes(docs, note('shape:n1', 'Pricing later'), note('shape:n2', 'Call the plant'));
		canvasMap(docs.shared).set('binding:b1', { id: 'binding:b1', typeName: 'binding', type: 'arrow', fromId: 'shape:arrow', toId: 'shape:n2', meta: {}, props: {} });
		const [parked] = convertNotes(docs, ['shape:n1'], { kind: 'parked' }, opts());
		const [action] = convertNotes(docs, ['shape:n2'], { kind: 'action', initiativeId: 'i1' }, opts());
		expect(readParkingLot(docs.shared).map((p) => [p.id, p.text])).toEqual([[parked!.itemId, 'Pricing later']]);
		expect(readActions(docs.shared).map((a) => [a.id, a.text, a.initiativeId])).toEqual([[action!.itemId, 'Call the plant', 'i1']]);
		expect(canvasMap(docs.shared).get('binding:b1')).toMatchObject({ toId: action!.cardId });
	});

	it('is refused, with nothing written, under a lock, for an observer, for an empty note and on the supplier-only page', () => {
		const docs = board();
		putNotes(docs, note('shape:n1', 'Cut lead time'), note('shape:empty', ''));
		docs.internal!.transact(() => canvasMap(docs.internal!).set('shape:secret', note('shape:secret', 'Our margin', undefined, 'page:supplier')), ORIGIN.local);
		const before = Y.encodeStateVector(docs.shared);
		const goalsLocked = { goals: { by: me, at: 1 } };
		expect(() => convertNotes(docs, ['shape:n1'], { kind: 'goal' }, opts({ may: (a) => mayChange({ role: 'participant', side: 'client' }, a, goalsLocked) }))).toThrow(/lock/);
		expect(() => convertNotes(docs, ['shape:n1'], { kind: 'parked' }, opts({ may: (a) => mayChange({ role: 'observer', side: 'client' }, a) }))).toThrow(/lock/);
		expect(() => convertNotes(docs, ['shape:empty'], { kind: 'goal' }, opts())).toThrow(/empty/);
		expect(() => convertNotes(docs, ['shape:secret'], { kind: 'goal' }, opts())).toThrow(/supplier-only/);
		expect(() => convertNotes(docs, ['shape:n1'], { kind: 'csf', goalId: 'gone' }, opts())).toThrow(/no longer exists/);
		expect(Y.encodeStateVector(docs.shared)).toEqual(before);
		expect(readGoals(docs.shared).goals).toEqual([]);
	});

	it('a card record holds only the reference: the schema refuses other kinds, bad ids and copied text', () => {
		const docs = board();
		putNotes(docs, note('shape:n1', 'Cut lead time'));
		const [done] = convertNotes(docs, ['shape:n1'], { kind: 'goal' }, opts());
		const card = canvasMap(docs.shared).get(done!.cardId) as { props: Record<string, unknown> };
		expect(checkCanvasRecord({ ...card, props: { ...card.props, kind: 'stakeholder' } })).toMatch(/invalid canvas record/);
		expect(checkCanvasRecord({ ...card, props: { ...card.props, itemId: '' } })).toMatch(/invalid canvas record/);
		expect(checkCanvasRecord({ ...card, props: { ...card.props, itemId: 'x'.repeat(201) } })).toMatch(/invalid canvas record/);
		expect(checkCanvasRecord({ ...card, props: { ...card.props, text: 'Our margin' } })).toMatch(/invalid canvas record/);
	});

	it('reads a note’s rich text as one line', () => {
		expect(plainText(rich('Cut', '', 'lead  time'))).toBe('Cut lead time');
		expect(plainText(null)).toBe('');
	});

	it('reaches a bound tldraw store as a valid plan-card shape', () => {
		const docs = board();
		putNotes(docs, note('shape:n1', 'Cut lead time'));
		const store = bareStore();
		const binding = new CanvasBinding(store, { shared: docs.shared, internal: null }, { origin: ORIGIN.local, migrationOrigin: ORIGIN.migration, mayWrite: () => true, onNewerSchema: () => {} });
		binding.start();
		const [done] = convertNotes({ shared: docs.shared, internal: null }, ['shape:n1'], { kind: 'goal' }, opts());
		expect(store.get('shape:n1' as never)).toBeUndefined();
		expect(store.get(done!.cardId as never)).toMatchObject({ type: PLAN_CARD_TYPE, props: { itemId: done!.itemId } });
		expect([...binding.ignored]).toEqual([]);
		binding.destroy();
	});
});

describe('a plan card’s live data', () => {
	it('shows a goal’s text and convergence, follows edits and shows a deleted goal as deleted', () => {
		const doc = new Y.Doc();
		addGoal(doc, { id: 'g1', text: 'Grow together', author: me });
		addGoal(doc, { id: 'c1', text: 'On-time delivery', author: me, kind: 'csf', parentId: 'g1' });
		let card = new PlanCardIndex(doc).get('goal', 'g1');
		expect(card).toMatchObject({ state: 'live', text: 'Grow together', convergence: { noClients: true, converges: false }, status: 'No client ratings yet' });
		addStakeholder(doc, 's1', { name: 'Cleo', side: 'client', level: 'executive' });
		setPriority(doc, 's1', 'g1', 3, { by: me, sessionId: 't' });
		card = new PlanCardIndex(doc).get('goal', 'g1');
		expect(card).toMatchObject({ state: 'live', convergence: { shared: 1, converges: true, noClients: false }, status: 'Converges' });
		expect(cardSummary(card)).toBe('Goal: Grow together · 100% shared · Converges');
		expect(new PlanCardIndex(doc).get('csf', 'c1')).toMatchObject({ state: 'live', text: 'On-time delivery', context: 'Grow together', status: 'Does not converge yet' });
		const t = goalText(doc, 'g1')!;
		doc.transact(() => t.insert(t.length, ' faster'), ORIGIN.local);
		expect(new PlanCardIndex(doc).get('goal', 'g1')).toMatchObject({ text: 'Grow together faster' });
		deleteGoal(doc, 'g1');
		expect(new PlanCardIndex(doc).get('goal', 'g1')).toEqual({ state: 'deleted', kind: 'goal', label: 'Goal' });
		expect(new PlanCardIndex(doc).get('csf', 'c1').state).toBe('deleted');
		expect(cardSummary(new PlanCardIndex(doc).get('goal', 'g1'))).toBe('Goal: deleted');
	});

	it('shows an initiative’s progress and an action’s status', () => {
		const doc = new Y.Doc();
		addInitiative(doc, { id: 'i1', title: 'Joint planning', author: me });
		expect(new PlanCardIndex(doc).get('initiative', 'i1')).toMatchObject({ text: 'Joint planning', status: 'No actions yet' });
		addAction(doc, { id: 'a1', initiativeId: 'i1', text: 'Call the plant', author: me });
		addAction(doc, { id: 'a2', initiativeId: 'i1', text: 'Share forecast', author: me });
		setActionStatus(doc, 'a1', 'done');
		expect(new PlanCardIndex(doc).get('initiative', 'i1')).toMatchObject({ status: '1 of 2 actions done' });
		expect(new PlanCardIndex(doc).get('action', 'a1')).toMatchObject({ text: 'Call the plant', context: 'Joint planning', status: 'Done' });
		expect(new PlanCardIndex(doc).get('action', 'nope').state).toBe('deleted');
	});

	it('the browser’s store re-reads after a change and tells its subscribers', () => {
		const doc = new Y.Doc();
		addGoal(doc, { id: 'g1', text: 'Grow', author: me });
		const store = new PlanStore(doc, null);
		let calls = 0;
		const off = store.subscribe(() => calls++);
		expect(store.index().get('goal', 'g1')).toMatchObject({ text: 'Grow' });
		doc.transact(() => goalsMap(doc).delete('g1'), ORIGIN.local);
		expect(calls).toBe(1);
		expect(store.index().get('goal', 'g1').state).toBe('deleted');
		off();
		store.destroy();
	});
});
