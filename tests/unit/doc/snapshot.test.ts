import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ORIGIN, goalsMap, meta } from '../../../src/lib/board/doc/schema.ts';
import { addStakeholder, stakeholdersMap } from '../../../src/lib/board/doc/stakeholders.ts';
import { matrixMap, setNote, setPriority, toggleValidated } from '../../../src/lib/board/doc/matrix.ts';
import { abilityMap, relationsMap, setAbility, setRelationNotes, setRelationship, setSponsor } from '../../../src/lib/board/doc/internal.ts';
import { setThreshold } from '../../../src/lib/board/doc/settings.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { computeScorecard, normalizeSnapshot, type Priority, type Relationship } from '../../../src/lib/board/views/index.ts';
import { expected, workedExample } from '../../fixtures/worked-example.ts';

const stamp = { by: { id: 'u1', name: 'Uma' }, sessionId: 'tab', now: 5 };

/** The worked example written through the domain functions (goals with their given order keys). */
function buildWorkedExample(): { shared: Y.Doc; internal: Y.Doc } {
	const shared = new Y.Doc();
	const internal = new Y.Doc();
	for (const [id, s] of Object.entries(workedExample.stakeholders)) {
		addStakeholder(shared, id, s as Parameters<typeof addStakeholder>[2]);
	}
	shared.transact(() => {
		for (const [id, g] of Object.entries(workedExample.goals)) {
			const m = new Y.Map<unknown>();
			m.set('kind', g.kind);
			if (g.parentId) m.set('parentId', g.parentId);
			m.set('text', new Y.Text(g.text));
			m.set('order', g.order);
			m.set('processes', g.processes);
			goalsMap(shared).set(id, m);
		}
	}, ORIGIN.local);
	for (const c of workedExample.cells) {
		if (c.priority !== null) setPriority(shared, c.stakeholderId, c.targetId, c.priority as Priority, stamp);
		if ('note' in c && c.note) setNote(shared, c.stakeholderId, c.targetId, c.note, stamp);
		if (c.validated && c.priority !== null) toggleValidated(shared, c.stakeholderId, c.targetId, stamp);
	}
	for (const [sid, r] of Object.entries(workedExample.internal.relations)) {
		setRelationship(internal, sid, r.relationship as Relationship);
		setSponsor(internal, sid, r.sponsorId);
		setRelationNotes(internal, sid, r.notes);
	}
	for (const [tid, a] of Object.entries(workedExample.internal.ability)) setAbility(internal, tid, a as Priority);
	setThreshold(shared, 0.5);
	return { shared, internal };
}

describe('toSnapshot', () => {
	it('reads the documents into the snapshot the views expect', () => {
		const { shared, internal } = buildWorkedExample();
		const snap = toSnapshot(shared, internal);
		const ref = normalizeSnapshot(workedExample);
		expect(snap.stakeholders).toEqual(ref.stakeholders);
		expect(snap.targets).toEqual(ref.targets);
		expect(snap.internal).toEqual(ref.internal);
		expect(snap.settings).toEqual(ref.settings);
		const key = (c: { stakeholderId: string; targetId: string }) => `${c.stakeholderId}|${c.targetId}`;
		const cells = (s: typeof snap) =>
			s.cells
				.filter((c) => c.priority !== null)
				.map((c) => [key(c), c.priority, c.validated])
				.sort();
		expect(cells(snap)).toEqual(cells(ref));
		expect(snap.cells.find((c) => key(c) === 'c1|G1')?.provenance).toEqual({ setBy: 'u1', setAt: 5, sessionId: 'tab' });

		const score = computeScorecard(snap);
		expect(score.convergence.ranked.map((t) => t.targetId)).toEqual(expected.ranked);
		expect(score.alignment.board).toBeCloseTo(expected.alignment.board, 12);
		expect(score.positioning.sponsorCoverage).toBeCloseTo(expected.positioning.sponsorCoverage, 12);
		expect(score.confidence).toMatchObject({ set: expected.confidence.set, validated: expected.confidence.validated });
	});

	it('gives the client side no internal data at all', () => {
		const { shared } = buildWorkedExample();
		const snap = toSnapshot(shared, null);
		expect(snap.internal).toEqual({ relations: [], ability: [] });
		expect(computeScorecard(snap).positioning.high).toBeNull();
	});

	it('ignores garbage peers wrote into every map, and never throws', () => {
		const { shared, internal } = buildWorkedExample();
		const clean = toSnapshot(shared, internal);
		shared.transact(() => {
			const s = stakeholdersMap(shared) as Y.Map<unknown>;
			s.set('x1', 'not a map');
			s.set('x2', { name: 'Plain object, no side' });
			const bad = new Y.Map<unknown>();
			bad.set('name', 'Nobody');
			bad.set('side', 'neither');
			s.set('x3', bad);
			const nested = new Y.Map<unknown>();
			nested.set('side', 'client');
			nested.set('name', new Y.Map()); // a Y type where a string belongs
			nested.set('order', 'zz');
			s.set('x4', nested);
			const g = goalsMap(shared) as Y.Map<unknown>;
			g.set('junk', 42);
			const orphan = new Y.Map<unknown>();
			orphan.set('kind', 'csf');
			orphan.set('parentId', 'gone');
			g.set('orphan', orphan);
			const m = matrixMap(shared);
			m.set('no-separator', { priority: 3 });
			m.set('|G1', { priority: 3 });
			m.set('c1|', { priority: 3 });
			m.set('c9|G1', { priority: 3 }); // stakeholder that doesn't exist
			m.set('s1|G1', { priority: 3 }); // supplier side
			m.set('c5|G1', { priority: 7 });
			m.set('c5|C1a', { priority: '2', stakeholderId: 'c1', targetId: 'C1b' }); // fields inside can't redirect
			m.set('c5|C1b', 'high');
			m.set('c4|C2a', null);
			meta(shared).set('threshold', 'half');
		});
		internal.transact(() => {
			relationsMap(internal).set('c9', { relationship: 3 });
			relationsMap(internal).set('s2', { relationship: 3 });
			relationsMap(internal).set('c5', 'trusted');
			abilityMap(internal).set('C3b', 9);
			abilityMap(internal).set('G9', 3);
		});
		const snap = toSnapshot(shared, internal);
		// x4 is a client with a junk name: kept (it has a side), shown with an empty name.
		expect(snap.stakeholders.map((s) => s.id)).toEqual([...clean.stakeholders.map((s) => s.id), 'x4']);
		expect(snap.stakeholders.at(-1)?.name).toBe('');
		expect(snap.targets).toEqual(clean.targets);
		const x = (s: typeof snap) => s.cells.filter((c) => c.priority !== null).map((c) => `${c.stakeholderId}|${c.targetId}:${c.priority}`).sort();
		expect(x(snap)).toEqual(x(clean));
		expect(snap.internal).toEqual(clean.internal);
		expect(snap.settings.threshold).toBe(0.5);
	});

	it('an empty pair of documents is an empty board', () => {
		expect(toSnapshot(new Y.Doc(), new Y.Doc())).toEqual({
			stakeholders: [],
			targets: [],
			cells: [],
			internal: { relations: [], ability: [] },
			settings: { threshold: 0.5 }
		});
	});

	it('reads the facilitator’s threshold and refuses an invalid one', () => {
		const doc = new Y.Doc();
		setThreshold(doc, 0.75);
		expect(toSnapshot(doc, null).settings.threshold).toBe(0.75);
		for (const t of [-0.1, 1.5, Number.NaN]) expect(() => setThreshold(doc, t)).toThrow(RangeError);
		expect(toSnapshot(doc, null).settings.threshold).toBe(0.75);
	});
});
