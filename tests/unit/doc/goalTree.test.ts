import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { GoalTree, goalShape } from '../../../src/lib/board/doc/goalTree.ts';
import { addGoal, deleteGoal, moveGoal, readGoals, setProcesses } from '../../../src/lib/board/doc/goals.ts';
import { goalsMap } from '../../../src/lib/board/doc/schema.ts';

// The Goals view's tree kept up to date from Yjs events (issue #15): it must always equal a full
// re-read (readGoals), and a change to one goal or CSF must leave every other item as it was.

const AUTHOR = { id: 'u1', name: 'Ann' };

function board() {
	const doc = new Y.Doc();
	for (const g of ['g1', 'g2', 'g3']) {
		addGoal(doc, { id: g, text: `Goal ${g}`, author: AUTHOR, now: 1 });
		for (const c of ['a', 'b']) addGoal(doc, { id: `${g}${c}`, kind: 'csf', parentId: g, text: `CSF ${g}${c}`, author: AUTHOR, now: 1 });
	}
	const tree = new GoalTree(doc);
	goalsMap(doc).observeDeep((events) => tree.changed(events));
	return { doc, tree };
}

describe('goal tree kept from events', () => {
	it('reads what readGoals reads', () => {
		const { doc, tree } = board();
		expect(tree.read()).toEqual(readGoals(doc));
		expect(tree.read().goals.map((g) => [g.id, g.csfs.map((c) => c.id)])).toEqual([
			['g1', ['g1a', 'g1b']],
			['g2', ['g2a', 'g2b']],
			['g3', ['g3a', 'g3b']]
		]);
	});

	it('a keystroke in one CSF renews that CSF and its goal only; nothing changed, nothing renewed', () => {
		const { doc, tree } = board();
		const before = tree.read();
		expect(tree.read()).toBe(before);
		(goalsMap(doc).get('g2b')!.get('text') as Y.Text).insert(0, 'x');
		const after = tree.read();
		expect(after.goals[1].csfs[1].text).toBe('xCSF g2b');
		expect(after.goals[1]).not.toBe(before.goals[1]);
		expect(after.goals[1].csfs[0]).toBe(before.goals[1].csfs[0]);
		expect(after.goals[0]).toBe(before.goals[0]);
		expect(after.goals[2]).toBe(before.goals[2]);
		expect(after.orphans).toBe(before.orphans);
		expect(after).toEqual(readGoals(doc));
	});

	it("a keystroke in a goal renews that goal's node only, its CSF list the very same (nothing sorted or rebuilt)", () => {
		const { doc, tree } = board();
		const before = tree.read();
		(goalsMap(doc).get('g2')!.get('text') as Y.Text).insert(0, 'x');
		const after = tree.read();
		expect(after.goals[1].text).toBe('xGoal g2');
		expect(after.goals[1].csfs).toBe(before.goals[1].csfs);
		expect(after.goals[0]).toBe(before.goals[0]);
		expect(after.goals[2]).toBe(before.goals[2]);
		expect(after.orphans).toBe(before.orphans);
		expect(after).toEqual(readGoals(doc));
		// Then a move: built again, in the new order.
		moveGoal(doc, 'g2', 0);
		expect(tree.read()).toEqual(readGoals(doc));
		expect(tree.read().goals.map((g) => g.id)).toEqual(['g2', 'g1', 'g3']);
	});

	it('follows moves, tags, deletions and orphans', () => {
		const { doc, tree } = board();
		tree.read();
		moveGoal(doc, 'g3', 0);
		setProcesses(doc, 'g1a', ['Sourcing']);
		deleteGoal(doc, 'g3'); // with its CSFs
		goalsMap(doc).delete('g2'); // as when a CSF was added concurrently: its CSFs stay, as orphans
		expect(tree.read()).toEqual(readGoals(doc));
		expect(tree.read().goals.map((g) => g.id)).toEqual(['g1']);
		expect(tree.read().orphans.map((o) => o.id)).toEqual(['g2a', 'g2b']);
	});

	it('equals a full re-read after any sequence of changes, local or applied from another document', () => {
		const ids = ['g1', 'g2', 'g1a', 'g2a', 'x'];
		const op = fc.oneof(
			fc.tuple(fc.constant('text' as const), fc.constantFrom(...ids), fc.string({ maxLength: 3 })),
			fc.tuple(fc.constant('order' as const), fc.constantFrom(...ids), fc.constantFrom('a0', 'a5', 'Zz')),
			fc.tuple(fc.constant('add' as const), fc.constantFrom(...ids), fc.constantFrom('g1', 'g2', null)),
			fc.tuple(fc.constant('delete' as const), fc.constantFrom(...ids), fc.constant(null)),
			fc.tuple(fc.constant('parent' as const), fc.constantFrom(...ids), fc.constantFrom('g1', 'g2', 'gone'))
		);
		fc.assert(
			fc.property(fc.array(fc.tuple(op, fc.boolean()), { maxLength: 25 }), (steps) => {
				const { doc, tree } = board();
				const other = new Y.Doc();
				Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
				for (const [[kind, id, arg], remote] of steps) {
					const d = remote ? other : doc;
					const m = goalsMap(d).get(id);
					if (kind === 'text' && m) (m.get('text') as Y.Text).insert(0, arg as string);
					if (kind === 'order' && m) m.set('order', arg);
					if (kind === 'parent' && m) m.set('parentId', arg);
					if (kind === 'add') addGoal(d, { id: `${id}+`, kind: arg ? 'csf' : 'goal', parentId: arg as string | null, text: 'new', author: AUTHOR, now: 2 });
					if (kind === 'delete') goalsMap(d).delete(id);
					if (remote) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
					Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
					expect(tree.read()).toEqual(readGoals(doc));
				}
			}),
			{ numRuns: 60 }
		);
	});
});

describe('goal tree shape (what the Goals view lays its rows out by)', () => {
	it('is the same object after a keystroke or a tag; a move, an added CSF and a deletion renew only what they change', () => {
		const { doc, tree } = board();
		const s0 = goalShape(tree.read(), null);
		expect(s0).toEqual({
			goals: ['g1', 'g2', 'g3'].map((g) => ({ id: g, kind: 'goal', parentId: null, csfs: ['a', 'b'].map((c) => ({ id: `${g}${c}`, kind: 'csf', parentId: g })) })),
			orphans: []
		});
		(goalsMap(doc).get('g2')!.get('text') as Y.Text).insert(0, 'x');
		(goalsMap(doc).get('g3b')!.get('text') as Y.Text).insert(0, 'y');
		setProcesses(doc, 'g1', ['Sales']);
		expect(goalShape(tree.read(), s0)).toBe(s0);

		moveGoal(doc, 'g3', 0);
		const s1 = goalShape(tree.read(), s0);
		expect(s1.goals.map((g) => g.id)).toEqual(['g3', 'g1', 'g2']);
		expect(s1.goals[0]).toBe(s0.goals[2]);
		expect(s1.goals[1]).toBe(s0.goals[0]);
		expect(s1.orphans).toBe(s0.orphans);

		addGoal(doc, { id: 'g2c', kind: 'csf', parentId: 'g2', text: 'CSF g2c', author: AUTHOR, now: 2 });
		const s2 = goalShape(tree.read(), s1);
		expect(s2.goals[2].csfs.map((c) => c.id)).toEqual(['g2a', 'g2b', 'g2c']);
		expect(s2.goals[2]).not.toBe(s1.goals[2]);
		expect(s2.goals[2].csfs[0]).toBe(s1.goals[2].csfs[0]);
		expect(s2.goals[0]).toBe(s1.goals[0]);
		expect(s2.goals[1]).toBe(s1.goals[1]);

		deleteGoal(doc, 'g1');
		const s3 = goalShape(tree.read(), s2);
		expect(s3.goals.map((g) => g.id)).toEqual(['g3', 'g2']);
		expect(s3.goals[0]).toBe(s2.goals[0]);
		expect(s3.goals[1]).toBe(s2.goals[2]);
	});
});
