import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { addGoal } from '../../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { setNote, setPriority, toggleValidated } from '../../../src/lib/board/doc/matrix.ts';
import { setAbility, setRelationNotes, setRelationship, setSponsor } from '../../../src/lib/board/doc/internal.ts';
import { setThreshold } from '../../../src/lib/board/doc/settings.ts';
import { addInitiative } from '../../../src/lib/board/doc/initiatives.ts';
import { addAction } from '../../../src/lib/board/doc/actions.ts';
import { addDecision } from '../../../src/lib/board/doc/decisions.ts';
import { parkItem } from '../../../src/lib/board/doc/parkingLot.ts';
import { addItem, addItemList } from '../../../src/lib/board/doc/itemLists.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { computeScorecard, type Priority, type Relationship } from '../../../src/lib/board/views/index.ts';
import { docToPlain, validatePlain } from '../../../src/lib/board/doc/portable.ts';
import { BoardFileError, boardFileDocs, parseBoardFile, toBoardFile } from '../../../src/lib/board/doc/exportFile.ts';
import { TEMPLATES } from '../../../src/lib/board/model/templates.ts';

const who = { id: 'u1', name: 'Uma' };
const S = ['s0', 's1', 's2'];
const G = ['g0', 'g1', 'k0', 'k1'];
const words = fc.stringMatching(/^[a-z ]{1,20}$/).filter((s) => s.trim().length > 0);

// One change through the doc functions (the ones the board's panels call).
const op = fc.oneof(
	fc.record({ t: fc.constant('stakeholder' as const), id: fc.constantFrom(...S), name: words, side: fc.constantFrom('client', 'supplier') }),
	fc.record({ t: fc.constant('goal' as const), id: fc.constantFrom(...G), text: words }),
	fc.record({ t: fc.constant('cell' as const), s: fc.constantFrom(...S), g: fc.constantFrom(...G), p: fc.integer({ min: 0, max: 3 }), note: fc.option(words), validate: fc.boolean() }),
	fc.record({ t: fc.constant('relation' as const), s: fc.constantFrom(...S), r: fc.integer({ min: 0, max: 3 }), sponsor: fc.option(fc.constantFrom(...S)), notes: words }),
	fc.record({ t: fc.constant('ability' as const), g: fc.constantFrom(...G), a: fc.option(fc.integer({ min: 0, max: 3 })) }),
	fc.record({ t: fc.constant('threshold' as const), v: fc.double({ min: 0, max: 1, noNaN: true }) }),
	fc.record({ t: fc.constant('plan' as const), id: fc.constantFrom('i0', 'i1'), title: words, action: fc.option(words), due: fc.option(fc.constantFrom('2026-01-31', '2027-06-01')) }),
	fc.record({ t: fc.constant('decision' as const), id: fc.constantFrom('d0', 'd1'), text: words }),
	fc.record({ t: fc.constant('parked' as const), id: fc.constantFrom('p0', 'p1'), text: words }),
	fc.record({ t: fc.constant('listItem' as const), list: fc.constantFrom('l0', 'l1'), id: fc.constantFrom('x0', 'x1', 'x2'), text: words })
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(shared: Y.Doc, internal: Y.Doc, o: Op, n: number): void {
	switch (o.t) {
		case 'stakeholder':
			return void addStakeholder(shared, o.id, { name: o.name, side: o.side });
		case 'goal':
			return void addGoal(shared, { id: o.id, text: o.text, author: who, kind: o.id.startsWith('k') ? 'csf' : 'goal', parentId: 'g0', now: n });
		case 'cell': {
			const stamp = { by: who, sessionId: 'tab', now: n };
			setPriority(shared, o.s, o.g, o.p as Priority, stamp);
			if (o.note) setNote(shared, o.s, o.g, o.note, stamp);
			if (o.validate) toggleValidated(shared, o.s, o.g, stamp);
			return;
		}
		case 'relation':
			setRelationship(internal, o.s, o.r as Relationship);
			setSponsor(internal, o.s, o.sponsor);
			return void setRelationNotes(internal, o.s, o.notes);
		case 'ability':
			return void setAbility(internal, o.g, o.a as Parameters<typeof setAbility>[2]);
		case 'threshold':
			return void setThreshold(shared, o.v);
		case 'plan':
			addInitiative(shared, { id: o.id, title: o.title, author: who, targetIds: ['g0'], now: n });
			if (o.action) addAction(shared, { id: `${o.id}-a${n}`, initiativeId: o.id, text: o.action, author: who, due: o.due, now: n });
			return;
		case 'decision':
			return void addDecision(shared, { id: o.id, text: o.text, author: who, now: n });
		case 'parked':
			return void parkItem(shared, { id: o.id, text: o.text, author: who, now: n });
		case 'listItem':
			addItemList(shared, { id: o.list, title: 'List', now: n });
			return void addItem(shared, { id: o.id, listId: o.list, text: o.text, author: who, now: n });
	}
}

/** Which Yjs type holds each value: co-edited texts must come back as Y.Text, items as Y.Map. */
function shape(v: unknown): unknown {
	if (v instanceof Y.Text) return 'Y.Text';
	if (v instanceof Y.Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [k, shape(x)]));
	return typeof v;
}
const shapes = (doc: Y.Doc) => Object.fromEntries([...doc.share.keys()].map((k) => [k, shape(doc.getMap(k))]));

const roundTrip = (shared: Y.Doc, internal: Y.Doc | null, template: (typeof TEMPLATES)[number]) =>
	boardFileDocs(parseBoardFile(JSON.stringify(toBoardFile({ name: 'Board', template }, shared, internal))));

describe('export and import', () => {
	it('a random board imports with identical content and identical computed views', () => {
		fc.assert(
			fc.property(fc.constantFrom(...TEMPLATES), fc.array(op, { maxLength: 40 }), (template, ops) => {
				const { shared, internal } = initialDocuments(template, 1);
				ops.forEach((o, n) => apply(shared, internal, o, n + 2));
				const copy = roundTrip(shared, internal, template);
				expect(docToPlain(copy.shared, 'shared')).toEqual(docToPlain(shared, 'shared'));
				expect(docToPlain(copy.internal, 'internal')).toEqual(docToPlain(internal, 'internal'));
				expect(toSnapshot(copy.shared, copy.internal)).toEqual(toSnapshot(shared, internal));
				expect(computeScorecard(toSnapshot(copy.shared, copy.internal))).toEqual(computeScorecard(toSnapshot(shared, internal)));
				expect(shapes(copy.shared)).toEqual(shapes(shared));
				expect(shapes(copy.internal)).toEqual(shapes(internal));
				// The imported documents hold what the schema allows (so the sync server accepts edits to them).
				expect(validatePlain('shared', copy.shared.toJSON())).toBeNull();
			}),
			{ numRuns: 60 }
		);
	});

	it('without internal content the file has no internal key and the import starts an empty internal document', () => {
		const { shared, internal } = initialDocuments('blank', 1);
		setRelationNotes(internal, 's0', 'secret');
		const file = toBoardFile({ name: 'B', template: 'blank' }, shared, null);
		expect(JSON.stringify(file)).not.toContain('secret');
		expect('internal' in file).toBe(false);
		expect(docToPlain(boardFileDocs(file).internal, 'internal').relations).toEqual({});
	});

	const good = () => toBoardFile({ name: 'B', template: 'blank' }, initialDocuments('blank', 1).shared, null) as unknown as Record<string, any>;
	const refused = (mutate: (f: Record<string, any>) => unknown, message: RegExp) => {
		const f = good();
		mutate(f);
		expect(() => parseBoardFile(JSON.stringify(f))).toThrow(BoardFileError);
		expect(() => parseBoardFile(JSON.stringify(f))).toThrow(message);
	};

	it('refuses files of another format or version, with values a board cannot hold, or too large', () => {
		expect(() => parseBoardFile(JSON.stringify(good()))).not.toThrow();
		refused((f) => (f.format = 'other'), /not a Tandem board file/);
		refused((f) => (f.version = 2), /version 2/);
		refused((f) => (f.shared.goals = { g1: { kind: 'wish', text: 'x' } }), /goals\.g1\.kind/);
		refused((f) => (f.shared.goals = { g1: { text: 'x'.repeat(100_000) } }), /goals\.g1\.text: text longer/);
		refused((f) => (f.shared.extra = {}), /shared\.extra: not part of a board/);
		refused((f) => (f.shared.session = {}), /not part of a board/);
		refused((f) => (f.shared.matrix = { 'no-bar': { priority: 1 } }), /matrix\.no-bar/);
		refused((f) => (f.internal = { relations: { s0: { relationship: 9, sponsorId: null, notes: '' } } }), /relations\.s0/);
		refused((f) => (f.board.template = 'nope'), /unknown board template/);
		expect(() => parseBoardFile('{', 1)).toThrow(/not JSON/);
		expect(() => parseBoardFile('{}', 6 * 1024 * 1024)).toThrow(/larger than 5 MB/);
	});
});
