import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';

const ME = 'me';
const THEM = 'them';

function setup() {
	const shared = new Y.Doc();
	const internal = new Y.Doc();
	const a = shared.getMap<number>('a');
	const b = internal.getMap<number>('b');
	const undo = new PersonalUndo({ origin: ME, captureTimeout: 0 });
	undo.track(a);
	undo.track(b);
	return { shared, internal, a, b, undo };
}

describe('PersonalUndo', () => {
	it('undoes my latest change first, across documents', () => {
		const { shared, internal, a, b, undo } = setup();
		shared.transact(() => a.set('x', 1), ME);
		internal.transact(() => b.set('y', 1), ME);
		shared.transact(() => a.set('x', 2), ME);
		undo.undo();
		expect([a.get('x'), b.get('y')]).toEqual([1, 1]);
		undo.undo();
		expect([a.get('x'), b.get('y')]).toEqual([1, undefined]);
		undo.undo();
		expect([a.get('x'), b.get('y')]).toEqual([undefined, undefined]);
		expect(undo.canUndo()).toBe(false);
	});

	it('redoes in the reverse order of undo', () => {
		const { shared, internal, a, b, undo } = setup();
		internal.transact(() => b.set('y', 1), ME);
		shared.transact(() => a.set('x', 1), ME);
		undo.undo();
		undo.undo();
		undo.redo();
		expect([a.get('x'), b.get('y')]).toEqual([undefined, 1]);
		undo.redo();
		expect([a.get('x'), b.get('y')]).toEqual([1, 1]);
		expect(undo.canRedo()).toBe(false);
	});

	it("never undoes someone else's change", () => {
		const { shared, a, undo } = setup();
		shared.transact(() => a.set('mine', 1), ME);
		shared.transact(() => a.set('theirs', 1), THEM);
		undo.undo();
		expect(a.get('mine')).toBeUndefined();
		expect(a.get('theirs')).toBe(1);
		expect(undo.canUndo()).toBe(false);
	});

	it('drops every pending redo when I make a new change in any document', () => {
		const { shared, internal, a, b, undo } = setup();
		shared.transact(() => a.set('x', 1), ME);
		undo.undo();
		expect(undo.canRedo()).toBe(true);
		internal.transact(() => b.set('y', 1), ME);
		expect(undo.canRedo()).toBe(false);
		undo.redo();
		expect(a.get('x')).toBeUndefined();
	});

	it('refuses to track a type outside a document', () => {
		const undo = new PersonalUndo({ origin: ME });
		expect(() => undo.track(new Y.Map())).toThrow(/document/);
	});
});

describe('PersonalUndo: one step per held gesture', () => {
	// Y.UndoManager reads the clock through lib0 (bound to the real Date.now), so time really passes
	// here: a 1 ms capture window, and a few milliseconds between changes stand for a slow frame.
	const later = () => {
		const t = Date.now();
		while (Date.now() - t < 3);
	};

	it('changes while a gesture is held are one step however slowly they come (a drag on a slow laptop)', () => {
		const doc = new Y.Doc();
		const m = doc.getMap<number>('m');
		const undo = new PersonalUndo({ origin: ME, captureTimeout: 1 });
		undo.track(m);
		undo.hold();
		doc.transact(() => m.set('x', 1), ME);
		later();
		doc.transact(() => m.set('x', 2), ME);
		undo.release();
		// After the gesture, the usual timing again: a later change is a step of its own.
		later();
		doc.transact(() => m.set('y', 1), ME);
		undo.undo();
		expect([m.get('x'), m.get('y')]).toEqual([2, undefined]);
		undo.undo();
		expect(m.get('x')).toBeUndefined();
		expect(undo.canUndo()).toBe(false);
	});

	it('without a held gesture the same changes are two steps', () => {
		const doc = new Y.Doc();
		const m = doc.getMap<number>('m');
		const undo = new PersonalUndo({ origin: ME, captureTimeout: 1 });
		undo.track(m);
		doc.transact(() => m.set('x', 1), ME);
		later();
		doc.transact(() => m.set('x', 2), ME);
		undo.undo();
		expect(m.get('x')).toBe(1);
	});
});
