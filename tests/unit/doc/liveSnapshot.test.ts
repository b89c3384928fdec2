import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { LiveSnapshot } from '../../../src/lib/board/doc/liveSnapshot.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { goalsMap, meta } from '../../../src/lib/board/doc/schema.ts';
import { stakeholdersMap } from '../../../src/lib/board/doc/stakeholders.ts';
import { matrixMap } from '../../../src/lib/board/doc/matrix.ts';
import { abilityMap, relationsMap } from '../../../src/lib/board/doc/internal.ts';

// The incremental snapshot must always equal a full re-read of the documents (toSnapshot), whatever
// sequence of changes reached them: local edits, remote updates applied in one transaction, junk.

const PEOPLE = ['c0', 'c1', 's0', 'x'];
const TARGETS = ['g0', 'g1', 'k0', 'k1', 'x'];
const junk = fc.constantFrom<unknown>(7, '2', null, 2.5, -1, true, {}, [], 'ceo');

type Op = (shared: Y.Doc, internal: Y.Doc) => void;

const goal = (kind: 'goal' | 'csf', parentId: string | null, text: string, order: string) => {
	const m = new Y.Map<unknown>();
	m.set('kind', kind);
	if (parentId) m.set('parentId', parentId);
	m.set('text', new Y.Text(text));
	m.set('order', order);
	m.set('processes', []);
	return m;
};

const ops: fc.Arbitrary<Op>[] = [
	// a goal or CSF added or replaced
	fc.tuple(fc.constantFrom(...TARGETS), fc.boolean(), fc.constantFrom('g0', 'g1', 'g2', 'x'), fc.string({ maxLength: 6 }), fc.constantFrom('a0', 'a1', 'a2', 'Zz')).map(
		([id, csf, parent, text, order]): Op => (d) => goalsMap(d).set(id, goal(csf ? 'csf' : 'goal', csf ? parent : null, text, order))
	),
	// typing into or deleting from a goal's text
	fc.tuple(fc.constantFrom(...TARGETS), fc.string({ minLength: 1, maxLength: 3 }), fc.boolean()).map(([id, s, del]): Op => (d) => {
		const t = goalsMap(d).get(id)?.get('text');
		if (!(t instanceof Y.Text)) return;
		if (del && t.length > 0) t.delete(0, 1);
		else t.insert(t.length, s);
	}),
	// a field of a goal: order, processes, kind, parent
	fc.tuple(fc.constantFrom(...TARGETS), fc.constantFrom('order', 'processes', 'kind', 'parentId'), fc.oneof(fc.constantFrom<unknown>('a0', 'a3', ['p1'], 'goal', 'csf', 'g1'), junk)).map(
		([id, field, v]): Op => (d) => goalsMap(d).get(id)?.set(field, v)
	),
	fc.constantFrom(...TARGETS).map((id): Op => (d) => goalsMap(d).delete(id)),
	// stakeholders: added, changed (side, level, name), removed
	fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom('client', 'supplier', 'other'), fc.oneof(fc.constantFrom('executive', 'senior', 'manager'), junk), fc.constantFrom('a0', 'a1', 'b')).map(
		([id, side, level, order]): Op => (d) => {
			const m = new Y.Map<unknown>();
			m.set('name', `N ${id}`);
			m.set('side', side);
			m.set('level', level);
			m.set('order', order);
			stakeholdersMap(d).set(id, m);
		}
	),
	fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom('side', 'level', 'name', 'function', 'order'), fc.oneof(fc.constantFrom<unknown>('client', 'supplier', 'senior', 'x', 'a5'), junk)).map(
		([id, field, v]): Op => (d) => stakeholdersMap(d).get(id)?.set(field, v)
	),
	fc.constantFrom(...PEOPLE).map((id): Op => (d) => stakeholdersMap(d).delete(id)),
	// cells: set, junk, removed, keys without a row or column
	fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom(...TARGETS), fc.oneof(fc.constantFrom(0, 1, 2, 3, null), junk), fc.boolean(), fc.constantFrom('', 'note'), fc.integer({ min: 0, max: 5 })).map(
		([s, t, priority, validated, note, at]): Op => (d) => matrixMap(d).set(`${s}|${t}`, { priority, validated, note, setBy: { id: 'u', name: 'U' }, setAt: at, sessionId: 'x' })
	),
	fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom(...TARGETS)).map(([s, t]): Op => (d) => matrixMap(d).delete(`${s}|${t}`)),
	fc.tuple(fc.constantFrom('junk', '|g0', 'c0|', 'c0|g0'), junk).map(([k, v]): Op => (d) => matrixMap(d).set(k, v)),
	// settings and the internal document
	fc.oneof(fc.constantFrom<unknown>(0.2, 0.5, 1), junk).map((v): Op => (d) => meta(d).set('threshold', v)),
	fc.tuple(fc.constantFrom(...PEOPLE), fc.oneof(fc.constantFrom(0, 1, 2, 3), junk), fc.constantFrom('s0', 's1', 'c0', null)).map(
		([s, relationship, sponsorId]): Op => (_, i) => relationsMap(i).set(s, { relationship, sponsorId, notes: 'n' })
	),
	fc.tuple(fc.constantFrom(...TARGETS), fc.oneof(fc.constantFrom(0, 1, 2, 3), junk)).map(([t, a]): Op => (_, i) => abilityMap(i).set(t, a))
];

/** A step: one change, or several in one transaction (as a remote update arrives). */
const step = fc.oneof({ weight: 3, arbitrary: fc.oneof(...ops).map((op) => [op]) }, { weight: 1, arbitrary: fc.array(fc.oneof(...ops), { minLength: 2, maxLength: 6 }) });

/** A filled board to start from (or not): every row, column and cell exists, so changes hit listed ones. */
function fill(shared: Y.Doc, internal: Y.Doc): void {
	shared.transact(() => {
		goalsMap(shared).set('g0', goal('goal', null, 'Grow', 'a0'));
		goalsMap(shared).set('g1', goal('goal', null, 'Cut', 'a1'));
		goalsMap(shared).set('k0', goal('csf', 'g0', 'Win', 'a0'));
		goalsMap(shared).set('k1', goal('csf', 'g1', 'Keep', 'a0'));
		for (const [id, side] of [['c0', 'client'], ['c1', 'client'], ['s0', 'supplier']]) {
			const m = new Y.Map<unknown>();
			m.set('name', id);
			m.set('side', side);
			stakeholdersMap(shared).set(id, m);
		}
		for (const s of PEOPLE) for (const t of TARGETS) matrixMap(shared).set(`${s}|${t}`, { priority: 2, validated: true, note: '', setBy: null, setAt: 1, sessionId: null });
	});
	relationsMap(internal).set('c0', { relationship: 2, sponsorId: 's0', notes: '' });
	abilityMap(internal).set('g0', 2);
}

function observed(shared: Y.Doc, internal: Y.Doc | null) {
	const live = new LiveSnapshot(shared, internal);
	for (const t of live.sources()) t.observeDeep((events) => live.changed(events));
	return live;
}

describe('LiveSnapshot', () => {
	it('equals a full re-read after any sequence of changes (seeded property)', () => {
		fc.assert(
			fc.property(fc.boolean(), fc.array(step, { minLength: 1, maxLength: 40 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (filled, steps, reads) => {
				const shared = new Y.Doc();
				const internal = new Y.Doc();
				if (filled) fill(shared, internal);
				const live = observed(shared, internal);
				const client = observed(shared, null);
				expect(live.snapshot()).toEqual(toSnapshot(shared, internal));
				steps.forEach((ops, i) => {
					shared.transact(() => internal.transact(() => ops.forEach((op) => op(shared, internal))));
					// Reading after some steps only: several steps' events then meet in one snapshot().
					if (reads[i]) {
						expect(live.snapshot()).toEqual(toSnapshot(shared, internal));
						expect(client.snapshot()).toEqual(toSnapshot(shared, null));
					}
				});
				expect(live.snapshot()).toEqual(toSnapshot(shared, internal));
				expect(client.snapshot()).toEqual(toSnapshot(shared, null));
			}),
			{ seed: 15_04, numRuns: 300 }
		);
	});

	it('equals a full re-read when changes arrive as remote updates', () => {
		fc.assert(
			fc.property(fc.boolean(), fc.array(step, { minLength: 1, maxLength: 25 }), (filled, steps) => {
				const source = new Y.Doc();
				const sourceInternal = new Y.Doc();
				if (filled) fill(source, sourceInternal);
				const shared = new Y.Doc();
				const internal = new Y.Doc();
				Y.applyUpdate(shared, Y.encodeStateAsUpdate(source));
				Y.applyUpdate(internal, Y.encodeStateAsUpdate(sourceInternal));
				const live = observed(shared, internal);
				live.snapshot();
				for (const ops of steps) {
					const before = Y.encodeStateVector(source);
					const beforeI = Y.encodeStateVector(sourceInternal);
					ops.forEach((op) => op(source, sourceInternal));
					Y.applyUpdate(shared, Y.encodeStateAsUpdate(source, before), 'remote');
					Y.applyUpdate(internal, Y.encodeStateAsUpdate(sourceInternal, beforeI), 'remote');
					expect(live.snapshot()).toEqual(toSnapshot(shared, internal));
				}
			}),
			{ seed: 15_4, numRuns: 150 }
		);
	});

	it('keeps the parts that did not change: a goal keystroke leaves cells and stakeholders as they were', () => {
		const shared = new Y.Doc();
		const live = observed(shared, null);
		shared.transact(() => {
			goalsMap(shared).set('g0', goal('goal', null, 'Grow', 'a0'));
			goalsMap(shared).set('g1', goal('goal', null, 'Cut', 'a1'));
			const s = new Y.Map<unknown>();
			s.set('name', 'Clara');
			s.set('side', 'client');
			stakeholdersMap(shared).set('c0', s);
			matrixMap(shared).set('c0|g0', { priority: 2, validated: false, note: '', setBy: null, setAt: 1, sessionId: null });
			matrixMap(shared).set('c0|g1', { priority: 1, validated: false, note: '', setBy: null, setAt: 1, sessionId: null });
		});
		const a = live.snapshot();
		(goalsMap(shared).get('g0')!.get('text') as Y.Text).insert(4, ' share');
		const b = live.snapshot();
		expect(b.targets[0].text).toBe('Grow share');
		expect(b.targets[1]).toBe(a.targets[1]);
		expect(b.cells).toBe(a.cells);
		expect(b.stakeholders).toBe(a.stakeholders);
		matrixMap(shared).set('c0|g1', { priority: 3, validated: false, note: '', setBy: null, setAt: 2, sessionId: null });
		const c = live.snapshot();
		expect(c.cells[1].priority).toBe(3);
		expect(c.cells[0]).toBe(b.cells[0]);
		expect(c.targets).toBe(b.targets);
		expect(live.snapshot()).toBe(c);
	});
});
