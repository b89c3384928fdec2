import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGoal, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { goalsMap } from '../../../src/lib/board/doc/schema.ts';

const author = { id: 'u1', name: 'Ana' };
const order = (doc: Y.Doc, id: string) => goalsMap(doc).get(id)!.get('order') as string;
const ORDER_KEY = /^[0-9A-Za-z]{1,256}$/; // contentSchema.ts's check

describe('order keys of appended goals', () => {
	it('a fresh key at the end sorts after every existing key, even after an invalid one', () => {
		const doc = new Y.Doc();
		for (const id of ['g1', 'g2', 'g3']) addGoal(doc, { id, text: id, author });
		// A buggy peer wrote a key the fractional-indexing library refuses (head "b" needs three characters).
		doc.transact(() => goalsMap(doc).get('g3')!.set('order', 'b1'));
		addGoal(doc, { id: 'g4', text: 'g4', author });
		addGoal(doc, { id: 'g5', text: 'g5', author });
		expect(readGoals(doc).goals.map((g) => g.id)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
		expect(order(doc, 'g4') > 'b1').toBe(true);
		expect(order(doc, 'g4')).toMatch(ORDER_KEY);
	});

	it('two people adding ten goals each at the end while offline get two runs of ten once synced', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		addGoal(a, { id: 'g0', text: 'first', author });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		// Offline: each adds ten goals at the end without seeing the other's.
		for (let i = 1; i <= 10; i++) {
			addGoal(a, { id: `a${String(i).padStart(2, '0')}`, text: `A ${i}`, author });
			addGoal(b, { id: `b${String(i).padStart(2, '0')}`, text: `B ${i}`, author: { id: 'u2', name: 'Ben' } });
		}
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const ids = readGoals(a).goals.map((g) => g.id);
		expect(readGoals(b).goals.map((g) => g.id)).toEqual(ids);
		expect(ids[0]).toBe('g0');
		const sides = ids.slice(1).map((id) => id[0]).join('');
		expect(['a'.repeat(10) + 'b'.repeat(10), 'b'.repeat(10) + 'a'.repeat(10)]).toContain(sides);
		// Each run keeps its own order, and every key passes the server's schema check.
		expect(ids.filter((id) => id.startsWith('a'))).toEqual([...Array(10)].map((_, i) => `a${String(i + 1).padStart(2, '0')}`));
		for (const id of ids) expect(order(a, id)).toMatch(ORDER_KEY);
	});
});
