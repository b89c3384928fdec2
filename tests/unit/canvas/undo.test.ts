import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLShape } from '@tldraw/tlschema';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { undoScopeTypes } from '../../../src/lib/board/model/undoScope.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { addGoal, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { geo, link, peer } from './harness.ts';

// Ctrl+Z on the canvas is the board's own undo (PersonalUndo): it undoes only my canvas changes,
// in one order of steps with the rest of the board, and the undone state reaches my store.

function person(doc: Y.Doc) {
	const undo = new PersonalUndo({ origin: ORIGIN.local, captureTimeout: 0 });
	for (const t of undoScopeTypes({ shared: doc, internal: null })) undo.track(t);
	return { undo, canvas: peer({ shared: doc, internal: null }) };
}

describe('undo on the canvas', () => {
	it('undoes only my own canvas changes, in the same step order as the rest of the board', () => {
		const [da, db] = [new Y.Doc(), new Y.Doc()];
		link(da, db);
		const a = person(da);
		const b = person(db);
		const mine = geo('mine', 0, 0);
		a.canvas.store.put([mine]);
		a.canvas.flush();
		const theirs = geo('theirs', 100, 0);
		b.canvas.store.put([theirs]);
		b.canvas.flush();
		a.canvas.store.update(mine.id, (r) => ({ ...r, x: 40 }) as TLShape);
		a.canvas.flush();
		addGoal(da, { id: 'g1', text: 'Grow', author: { id: 'a', name: 'Ann' } });

		a.undo.undo(); // the goal, my latest step
		expect(readGoals(da).goals).toHaveLength(0);
		expect(a.canvas.store.get(mine.id)).toMatchObject({ x: 40 });
		a.undo.undo(); // the move
		expect(a.canvas.store.get(mine.id)).toMatchObject({ x: 0 });
		expect(b.canvas.store.get(mine.id)).toMatchObject({ x: 0 });
		a.undo.undo(); // my shape; theirs stays
		expect(a.canvas.store.get(mine.id)).toBeUndefined();
		expect(b.canvas.store.get(mine.id)).toBeUndefined();
		expect(a.canvas.store.get(theirs.id)).toBeDefined();
		expect(a.undo.canUndo()).toBe(false);
		a.undo.redo();
		expect(b.canvas.store.get(mine.id)).toMatchObject({ x: 0 });
	});

	it('a whole drag is one step; opening a canvas (its defaults, the schema) is none', () => {
		const doc = new Y.Doc();
		const undo = new PersonalUndo({ origin: ORIGIN.local });
		for (const t of undoScopeTypes({ shared: doc, internal: null })) undo.track(t);
		const p = peer({ shared: doc, internal: null });
		expect(undo.canUndo()).toBe(false);
		const s = geo('s', 0, 0);
		p.store.put([s]);
		p.flush();
		undo.stopCapturing();
		for (let i = 1; i <= 20; i++) p.store.update(s.id, (r) => ({ ...r, x: i }) as TLShape);
		undo.undo();
		expect(p.store.get(s.id)).toMatchObject({ x: 0 });
		undo.undo();
		expect(p.store.get(s.id)).toBeUndefined();
	});
});
