import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLGeoShape, TLShape } from '@tldraw/tlschema';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { undoScopeTypes } from '../../../src/lib/board/model/undoScope.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { addGoal, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { geo, link, peer } from './harness.ts';

// Ctrl+Z on the canvas is the board's own undo (PersonalUndo): it undoes only my canvas changes,
// in one order of steps with the rest of the board, and the undone state reaches my store.

function person(doc: Y.Doc, captureTimeout = 0) {
	const undo = new PersonalUndo({ origin: ORIGIN.local, captureTimeout });
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
	// The e2e "undo is per person" case, once without a browser: p moves a's rectangle, a draws and
	// undoes another, and p's Ctrl+Z puts a's rectangle back where a drew it (with and without GC).
	for (const gc of [true, false]) {
		it(`undoing my move of someone else's shape puts it back where they left it (gc: ${gc})`, () => {
			const [da, dp] = [new Y.Doc({ gc }), new Y.Doc({ gc })];
			link(da, dp);
			const a = person(da, 600);
			const p = person(dp, 600);
			const drawn = geo('drawn', 300, 200);
			a.undo.hold();
			a.canvas.store.put([drawn]);
			a.canvas.flush();
			for (let w = 10; w <= 80; w += 10) {
				a.canvas.store.update(drawn.id, (r) => ({ ...r, props: { ...(r as TLGeoShape).props, w } }) as TLShape);
				a.canvas.flush();
			}
			a.undo.release();
			const theirs = geo('theirs', 600, 300);
			p.undo.hold();
			p.canvas.store.put([theirs]);
			p.canvas.flush();
			p.undo.release();
			p.undo.hold(); // a drag of a's rectangle, ten frames
			for (let i = 1; i <= 10; i++) {
				p.canvas.store.update(drawn.id, (r) => ({ ...r, x: 300 + 10 * i, y: 200 + 15 * i }) as TLShape);
				p.canvas.flush();
			}
			p.undo.release();
			expect(a.canvas.store.get(drawn.id)).toMatchObject({ x: 400, y: 350 });
			const third = geo('third', 900, 500);
			a.undo.hold();
			a.canvas.store.put([third]);
			a.canvas.flush();
			a.undo.release();
			a.undo.undo();
			expect(p.canvas.store.get(third.id)).toBeUndefined();
			expect(p.canvas.store.get(drawn.id)).toMatchObject({ x: 400, y: 350 });

			p.undo.undo();
			for (const s of [a.canvas.store, p.canvas.store]) {
				expect(s.get(drawn.id)).toMatchObject({ x: 300, y: 200, props: { w: 80 } });
				expect(s.get(theirs.id)).toBeDefined();
			}
			a.undo.redo();
			expect(p.canvas.store.get(third.id)).toBeDefined();
		});
	}
});
