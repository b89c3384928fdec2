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
