import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { undoScopeTypes } from '../../../src/lib/board/model/undoScope.ts';
import { addInitiative } from '../../../src/lib/board/doc/initiatives.ts';
import { readActions } from '../../../src/lib/board/doc/actions.ts';
import { readGoals } from '../../../src/lib/board/doc/goals.ts';
import { addDecision, decisionText, deleteDecision, editDecision, readDecisions } from '../../../src/lib/board/doc/decisions.ts';
import { deleteParkedItem, moveToAction, moveToAgenda, moveToGoal, parkItem, parkedText, readParkingLot } from '../../../src/lib/board/doc/parkingLot.ts';
import { lockSection, locksMap, readLocks, unlockSection } from '../../../src/lib/board/doc/locks.ts';
import { readClientView, setClientView } from '../../../src/lib/board/doc/clientView.ts';
import { PlanInputError } from '../../../src/lib/board/doc/input.ts';
import { addStep, readAgenda } from '../../../src/lib/board/doc/agenda.ts';
import { decodeIncomingUpdate } from '../../../server/sync/updateContent.ts';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';

const ann = { id: 'u-1', name: 'Ann' };
const cleo = { kind: 'stakeholder', id: 's-c', name: 'Cleo', side: 'client' } as const;
const sam = { kind: 'member', id: 'u-2', name: 'Sam', side: 'supplier' } as const;

function undoable() {
	const doc = new Y.Doc();
	const undo = new PersonalUndo({ origin: ORIGIN.local, captureTimeout: 0 });
	for (const t of undoScopeTypes({ shared: doc, internal: null })) undo.track(t);
	return { doc, undo };
}

describe('decisions', () => {
	it('records what, who (with sides), when and what it concerns, in order', () => {
		const doc = new Y.Doc();
		addDecision(doc, { id: 'd-1', text: ' Pilot in Q2 ', author: ann, deciders: [cleo, sam], decidedAt: 1000, targetIds: ['g-1', 'g-1', 'c-1'], initiativeIds: ['i-1'], now: 5 });
		addDecision(doc, { id: 'd-2', text: 'Weekly sync', author: ann, now: 6 });
		const [d1, d2] = readDecisions(doc);
		expect(d1).toMatchObject({ id: 'd-1', text: 'Pilot in Q2', deciders: [cleo, sam], decidedAt: 1000, targetIds: ['g-1', 'c-1'], initiativeIds: ['i-1'], createdBy: ann, createdAt: 5 });
		expect(d2).toMatchObject({ id: 'd-2', deciders: [], decidedAt: 6 });
	});

	it('co-edits the text and edits the rest in one step; deletes', () => {
		const doc = new Y.Doc();
		addDecision(doc, { id: 'd-1', text: 'Pilot', author: ann });
		decisionText(doc, 'd-1')!.insert(5, ' now');
		editDecision(doc, 'd-1', { deciders: [sam], targetIds: ['g-2'], decidedAt: 7 });
		expect(readDecisions(doc)[0]).toMatchObject({ text: 'Pilot now', deciders: [sam], targetIds: ['g-2'], decidedAt: 7 });
		deleteDecision(doc, 'd-1');
		expect(readDecisions(doc)).toEqual([]);
	});

	it('refuses empty text and deciders without a side; reads whatever a peer wrote without throwing', () => {
		const doc = new Y.Doc();
		expect(() => addDecision(doc, { id: 'd', text: '  ', author: ann })).toThrow(PlanInputError);
		expect(() => addDecision(doc, { id: 'd', text: 'x', author: ann, deciders: [{ ...cleo, side: 'both' as never }] })).toThrow(PlanInputError);
		const m = new Y.Map<unknown>();
		doc.getMap('decisions').set('bad', m);
		m.set('deciders', [1, { kind: 'stakeholder', id: 's', name: 'S', side: 'client' }, null]);
		m.set('targetIds', 'nope');
		expect(readDecisions(doc)[0]).toMatchObject({ text: '', deciders: [{ id: 's' }], targetIds: [], decidedAt: 0 });
	});
});

describe('parking lot', () => {
	it('parks co-edited items with author and time', () => {
		const doc = new Y.Doc();
		parkItem(doc, { id: 'p-1', text: 'Pricing', author: ann, now: 3 });
		parkedText(doc, 'p-1')!.insert(7, ' model');
		expect(readParkingLot(doc)).toEqual([{ id: 'p-1', text: 'Pricing model', author: ann, createdAt: 3, order: expect.any(String), movedTo: null }]);
		deleteParkedItem(doc, 'p-1');
		expect(readParkingLot(doc)).toEqual([]);
	});

	it('moves an item into an action and marks it moved: one undo step undoes both', () => {
		const { doc, undo } = undoable();
		addInitiative(doc, { id: 'i-1', title: 'Pilot', author: ann });
		parkItem(doc, { id: 'p-1', text: 'Pricing model', author: ann });
		moveToAction(doc, 'p-1', { actionId: 'a-1', initiativeId: 'i-1', author: ann, now: 9 });
		expect(readActions(doc)).toMatchObject([{ id: 'a-1', text: 'Pricing model', initiativeId: 'i-1' }]);
		expect(readParkingLot(doc)[0].movedTo).toEqual({ kind: 'action', id: 'a-1', by: ann, at: 9 });
		expect(() => moveToAction(doc, 'p-1', { actionId: 'a-2', initiativeId: 'i-1', author: ann })).toThrow(/already moved/);
		undo.undo();
		expect(readActions(doc)).toEqual([]);
		expect(readParkingLot(doc)[0].movedTo).toBeNull();
	});

	it('moves an item into the goals; refuses a missing initiative without writing anything', () => {
		const { doc, undo } = undoable();
		parkItem(doc, { id: 'p-1', text: 'Grow in Asia', author: ann });
		expect(() => moveToAction(doc, 'p-1', { actionId: 'a-1', initiativeId: 'gone', author: ann })).toThrow(PlanInputError);
		expect(readParkingLot(doc)[0].movedTo).toBeNull();
		moveToGoal(doc, 'p-1', { goalId: 'g-1', author: ann });
		expect(readGoals(doc).goals.map((g) => g.text)).toEqual(['Grow in Asia']);
		expect(readParkingLot(doc)[0].movedTo?.kind).toBe('goal');
		undo.undo();
		expect(readGoals(doc).goals).toEqual([]);
		expect(readParkingLot(doc)[0].movedTo).toBeNull();
	});
});

describe('parked items into the agenda', () => {
	it('becomes the last agenda step (discuss, on the given view) and is marked moved: one undo step', () => {
		const { doc, undo } = undoable();
		addStep(doc, 'st-1', { title: 'Goals', minutes: 20, view: 'goals', mode: 'discuss' });
		parkItem(doc, { id: 'p-1', text: 'Pricing model '.repeat(12), author: ann });
		undo.stopCapturing();
		moveToAgenda(doc, 'p-1', { stepId: 'st-2', view: 'initiatives', author: ann, now: 9 });
		const steps = readAgenda(doc);
		expect(steps.map((s) => [s.id, s.view, s.mode, s.minutes])).toEqual([
			['st-1', 'goals', 'discuss', 20],
			['st-2', 'initiatives', 'discuss', 10]
		]);
		expect(steps[1].title).toBe('Pricing model '.repeat(12).trim().slice(0, 120).trim());
		expect(readParkingLot(doc)[0].movedTo).toEqual({ kind: 'agenda', id: 'st-2', by: ann, at: 9 });
		expect(() => moveToAgenda(doc, 'p-1', { stepId: 'st-3', view: 'goals', author: ann })).toThrow(/already moved/);
		undo.undo();
		expect(readAgenda(doc).map((s) => s.id)).toEqual(['st-1']);
		expect(readParkingLot(doc)[0].movedTo).toBeNull();
	});

	it('the server takes it from a facilitator, refuses it from anyone else (the agenda is facilitation)', () => {
		const base = new Y.Doc();
		parkItem(base, { id: 'p-1', text: 'Pricing', author: ann });
		const verdict = (access: { role: 'facilitator' | 'participant'; side: 'supplier' | 'client' }) => {
			const d = new Y.Doc();
			Y.applyUpdate(d, Y.encodeStateAsUpdate(base));
			const before = Y.encodeStateVector(d);
			moveToAgenda(d, 'p-1', { stepId: 'st-1', view: 'goals', author: ann });
			return inspectUpdate(base, 'shared', decodeIncomingUpdate(Y.encodeStateAsUpdate(d, before)), access);
		};
		expect(verdict({ role: 'facilitator', side: 'supplier' })).toEqual({ ok: true });
		expect(verdict({ role: 'participant', side: 'supplier' })).toMatchObject({ ok: false, kind: 'forbidden', reason: expect.stringMatching(/running the session/) });
		expect(verdict({ role: 'participant', side: 'client' })).toMatchObject({ ok: false, kind: 'forbidden' });
	});
});

describe('locks and the client view', () => {
	it('locks and unlocks sections; ignores malformed entries', () => {
		const doc = new Y.Doc();
		lockSection(doc, 'matrix', ann, 10);
		lockSection(doc, 'list:ideas', ann, 11);
		locksMap(doc).set('nonsense', { by: ann, at: 1 });
		locksMap(doc).set('goals', 'yes');
		expect(readLocks(doc)).toEqual({ matrix: { by: ann, at: 10 }, 'list:ideas': { by: ann, at: 11 } });
		unlockSection(doc, 'matrix');
		expect(Object.keys(readLocks(doc))).toEqual(['list:ideas']);
		expect(() => lockSection(doc, 'everything' as never, ann)).toThrow(PlanInputError);
	});

	it('client-side visibility defaults to off', () => {
		const doc = new Y.Doc();
		expect(readClientView(doc)).toEqual({ showAlignmentDetails: false, showLiveVoteTotals: false });
		setClientView(doc, 'showLiveVoteTotals', true);
		expect(readClientView(doc)).toEqual({ showAlignmentDetails: false, showLiveVoteTotals: true });
	});
});
