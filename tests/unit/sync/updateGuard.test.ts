import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';
import { mayChange } from '../../../src/lib/board/model/permissions.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { addGoal, goalText } from '../../../src/lib/board/doc/goals.ts';
import { addStakeholder, stakeholdersMap, updateStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { goalsMap } from '../../../src/lib/board/doc/schema.ts';
import { BOARD_LIMITS } from '../../../src/lib/board/model/limits.ts';
import { BOARD_CHANGES, PERSONAS } from '../../fixtures/boardChanges.ts';

const WRITER = { role: 'participant', side: 'supplier' } as const;
const author = { id: 'u-1', name: 'Ann' };

/** A stakeholder row written directly (past the interface's own check), as another client could. */
function rowOf(side: 'client' | 'supplier'): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	for (const [k, v] of Object.entries({ name: 'Raw', title: '', side, level: 'manager', function: 'other', order: 'a0' })) m.set(k, v);
	return m;
}

/** A goal written directly. */
function goalOf(): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	for (const [k, v] of Object.entries({ kind: 'goal', order: 'a0', processes: [], author: { id: 'u', name: 'U' }, createdAt: 1 })) m.set(k, v);
	m.set('text', new Y.Text('Raw'));
	return m;
}

/** The sender's person key in the matrix (the fixture's `setup` may link a stakeholder to it). */
const ME = 'guest:g-me';

/** The server's copy (seeded as at board creation, plus `setup`) and a client that has synced it. */
function boardPair(kind: 'shared' | 'internal' = 'shared', setup?: (d: Y.Doc, me: string) => void) {
	const docs = initialDocuments('joint-planning', 1);
	const server = kind === 'shared' ? docs.shared : docs.internal;
	setup?.(server, ME);
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	return { server, client };
}

/** What `change` sends over the wire: the client's update since it synced. */
function updateOf(client: Y.Doc, change: (d: Y.Doc) => void): Uint8Array {
	const before = Y.encodeStateVector(client);
	change(client);
	return Y.encodeStateAsUpdate(client, before);
}

const check = (server: Y.Doc, update: Uint8Array, access: { role: 'facilitator' | 'participant' | 'observer'; side: 'supplier' | 'client'; personKey?: string } = WRITER, kind: 'shared' | 'internal' = 'shared') =>
	inspectUpdate(server, kind, Y.decodeUpdate(update), access);

describe('update guard: the permission matrix', () => {
	for (const change of BOARD_CHANGES) {
		for (const persona of PERSONAS.filter((p) => p.role !== 'observer')) {
			const allowed = mayChange(persona, change.area);
			it(`${persona.role}/${persona.side}: ${change.name} → ${allowed ? 'accepted' : 'refused'}`, () => {
				const { server, client } = boardPair(change.doc, change.setup);
				const update = updateOf(client, change.make);
				expect(change.done(client)).toBe(true);
				const verdict = check(server, update, { ...persona, personKey: ME }, change.doc);
				// A change under `locks` says so: the room applies it before the commit (Room.defer).
				if (allowed) expect(verdict).toEqual(/lock/.test(change.name) ? { ok: true, locks: true } : { ok: true });
				else expect(verdict).toMatchObject({ ok: false, kind: 'forbidden' });
			});
		}
	}

	it('the model itself: observers change nothing, the client side never reaches supplier rows or internal', () => {
		for (const area of ['settings', 'supplierPeople', 'clientPeople', 'goals', 'matrix', 'plan', 'lists', 'internal', 'system'] as const) {
			expect(mayChange({ role: 'observer', side: 'supplier' }, area)).toBe(false);
			expect(mayChange({ role: 'observer', side: 'client' }, area)).toBe(false);
		}
		expect(mayChange({ role: 'facilitator', side: 'client' }, 'supplierPeople')).toBe(false);
		expect(mayChange({ role: 'facilitator', side: 'client' }, 'internal')).toBe(false);
		expect(mayChange({ role: 'facilitator', side: 'client' }, 'settings')).toBe(false);
		expect(mayChange({ role: 'participant', side: 'client' }, 'settings')).toBe(false);
		expect(mayChange({ role: 'facilitator', side: 'supplier' }, 'system')).toBe(false);
	});
});

describe('update guard: the schema', () => {
	it('refuses a value nested deeper than the schema allows, before it is stored', () => {
		const { server, client } = boardPair();
		let deep: unknown[] = [];
		for (let i = 0; i < 500; i++) deep = [deep];
		const update = updateOf(client, (d) => d.getMap('matrix').set('s|g', deep));
		expect(check(server, update)).toMatchObject({ ok: false, kind: 'invalid' });
	});

	it('refuses root types and keys the schema does not name', () => {
		const a = boardPair();
		expect(check(a.server, updateOf(a.client, (d) => d.getText('notes').insert(0, 'x')))).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('unknown root type') });
		const b = boardPair();
		expect(check(b.server, updateOf(b.client, (d) => d.getMap('meta').set('evil', 1)))).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('unknown key') });
		const c = boardPair(undefined, (d) => void addGoal(d, { id: 'g-1', text: 'Grow', author }));
		expect(check(c.server, updateOf(c.client, (d) => d.getMap<Y.Map<unknown>>('goals').get('g-1')!.set('extra', 'x')))).toMatchObject({ kind: 'invalid' });
	});

	it('refuses values of the wrong kind, also inside a new row', () => {
		const a = boardPair();
		expect(check(a.server, updateOf(a.client, (d) => d.getMap('meta').set('threshold', 7)))).toMatchObject({ kind: 'invalid' });
		const b = boardPair();
		const badRow = updateOf(b.client, (d) => {
			const m = new Y.Map<unknown>();
			m.set('name', 'Eve');
			m.set('side', 'both');
			d.getMap('stakeholders').set('s-x', m);
		});
		expect(check(b.server, badRow)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('side') });
		const c = boardPair();
		const wrongType = updateOf(c.client, (d) => d.getMap('goals').set('g-x', new Y.Array()));
		expect(check(c.server, wrongType)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('wrong type') });
	});

	it('refuses formatting and embeds inside a co-edited text, accepts plain typing', () => {
		const setup = (d: Y.Doc) => void addGoal(d, { id: 'g-1', text: 'Grow', author });
		const a = boardPair('shared', setup);
		expect(check(a.server, updateOf(a.client, (d) => goalText(d, 'g-1')!.format(0, 2, { bold: true })))).toMatchObject({ kind: 'invalid' });
		const b = boardPair('shared', setup);
		expect(check(b.server, updateOf(b.client, (d) => goalText(d, 'g-1')!.insertEmbed(0, { src: 'http://evil.test' })))).toMatchObject({ kind: 'invalid' });
		const c = boardPair('shared', setup);
		expect(check(c.server, updateOf(c.client, (d) => goalText(d, 'g-1')!.insert(4, ' 🌏 fast')))).toEqual({ ok: true });
	});

	it('caps a co-edited text, counting what the same update deletes', () => {
		const setup = (d: Y.Doc) => void addGoal(d, { id: 'g-1', text: 'x'.repeat(300), author });
		const a = boardPair('shared', setup);
		const max = BOARD_LIMITS.coEditedText;
		expect(check(a.server, updateOf(a.client, (d) => goalText(d, 'g-1')!.insert(0, 'y'.repeat(max - 300))))).toEqual({ ok: true });
		const b = boardPair('shared', setup);
		expect(check(b.server, updateOf(b.client, (d) => goalText(d, 'g-1')!.insert(0, 'y'.repeat(max - 299))))).toMatchObject({ kind: 'invalid' });
		// Replacing the whole text with one as long: 300 deleted, 300 inserted.
		const c = boardPair('shared', setup);
		const replace = updateOf(c.client, (d) => {
			const t = goalText(d, 'g-1')!;
			d.transact(() => {
				t.delete(0, t.length);
				t.insert(0, 'z'.repeat(max));
			});
		});
		expect(check(c.server, replace)).toEqual({ ok: true });
	});

	it('caps the number of entries in a map, saying what a board holds', () => {
		const people = (d: Y.Doc) => {
			for (let i = 0; i < BOARD_LIMITS.stakeholders; i++) addStakeholder(d, `s-${i}`, { name: `P${i}`, side: i < BOARD_LIMITS.clientStakeholders ? 'client' : 'supplier' });
		};
		const a = boardPair('shared', people);
		expect(check(a.server, updateOf(a.client, (d) => stakeholdersMap(d).set('s-over', rowOf('supplier'))))).toMatchObject({
			kind: 'invalid',
			reason: `a board holds at most ${BOARD_LIMITS.stakeholders} stakeholders`
		});
		// Editing an existing row at the cap is fine.
		const b = boardPair('shared', people);
		expect(check(b.server, updateOf(b.client, (d) => updateStakeholder(d, 's-0', { name: 'Renamed' })))).toEqual({ ok: true });

		const g = boardPair('shared', (d) => {
			for (let i = 0; i < BOARD_LIMITS.goals; i++) addGoal(d, { id: `g-${i}`, text: `G${i}`, author });
		});
		expect(check(g.server, updateOf(g.client, (d) => goalsMap(d).set('g-over', goalOf())))).toMatchObject({ kind: 'invalid', reason: `a board holds at most ${BOARD_LIMITS.goals} goals and CSFs` });
	});

	it('caps client-side stakeholders (the matrix rows), new rows and rows changing side alike', () => {
		const full = (d: Y.Doc) => {
			for (let i = 0; i < BOARD_LIMITS.clientStakeholders; i++) addStakeholder(d, `c-${i}`, { name: `C${i}`, side: 'client' });
			addStakeholder(d, 'sup', { name: 'Sam', side: 'supplier' });
		};
		const reason = `a board holds at most ${BOARD_LIMITS.clientStakeholders} client-side stakeholders`;
		const a = boardPair('shared', full);
		expect(check(a.server, updateOf(a.client, (d) => stakeholdersMap(d).set('c-over', rowOf('client'))))).toMatchObject({ kind: 'invalid', reason });
		const b = boardPair('shared', full);
		expect(check(b.server, updateOf(b.client, (d) => stakeholdersMap(d).get('sup')!.set('side', 'client')))).toMatchObject({ kind: 'invalid', reason });
		// A supplier row is still fine, and so is a client row once another left the client side.
		const c = boardPair('shared', full);
		expect(check(c.server, updateOf(c.client, (d) => stakeholdersMap(d).set('sup-2', rowOf('supplier'))))).toEqual({ ok: true });
		const e = boardPair('shared', full);
		const swap = updateOf(e.client, (d) =>
			d.transact(() => {
				stakeholdersMap(d).get('c-0')!.set('side', 'supplier');
				stakeholdersMap(d).set('c-new', rowOf('client'));
			})
		);
		expect(check(e.server, swap)).toEqual({ ok: true });
	});

	it('accepts consecutive writes of one key that Yjs merged into one item (undo keeps them), checking every value', () => {
		const { server, client } = boardPair();
		const keep = new Y.UndoManager(client.getMap('meta'), { trackedOrigins: new Set([null]) });
		const merged = updateOf(client, (d) => {
			d.getMap('meta').set('threshold', 0.6);
			d.getMap('meta').set('threshold', 0.7);
			d.getMap('meta').set('threshold', 0.8);
		});
		expect(Y.decodeUpdate(merged).structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentAny && s.content.arr.length > 1)).toBe(true);
		expect(check(server, merged, { role: 'facilitator', side: 'supplier' })).toEqual({ ok: true });
		const bad = boardPair();
		const badMerged = updateOf(bad.client, (d) => {
			new Y.UndoManager(d.getMap('meta'), { trackedOrigins: new Set([null]) });
			d.getMap('meta').set('threshold', 7);
			d.getMap('meta').set('threshold', 0.8);
		});
		expect(check(bad.server, badMerged, { role: 'facilitator', side: 'supplier' })).toMatchObject({ kind: 'invalid' });
		keep.destroy();
	});

	it('refuses an update with two blocks for one client (Yjs would apply only the last)', () => {
		const { server, client } = boardPair();
		const first = updateOf(client, (d) => void addGoal(d, { id: 'g-1', text: 'First', author }));
		const second = updateOf(client, (d) => goalText(d, 'g-1')!.insert(0, 'The '));
		// A one-client update without deletions is [1, …block, 0]: join the blocks, later one first.
		expect([first[0], first.at(-1), second[0], second.at(-1)]).toEqual([1, 0, 1, 0]);
		const twoBlocks = new Uint8Array([2, ...second.slice(1, -1), ...first.slice(1, -1), 0]);
		expect(Y.decodeUpdate(twoBlocks).structs.length).toBeGreaterThan(1);
		expect(check(server, twoBlocks)).toMatchObject({ ok: false, kind: 'invalid', reason: expect.stringContaining('two blocks') });
		// Each alone, in order, is fine.
		expect(check(server, first)).toEqual({ ok: true });
	});

	it("refuses changes under a client id another connected person announced", () => {
		const { server, client } = boardPair();
		const update = updateOf(client, (d) => void addGoal(d, { id: 'g-1', text: 'Mine?', author }));
		const victim = client.clientID;
		expect(inspectUpdate(server, 'shared', Y.decodeUpdate(update), WRITER, (c) => c === victim)).toMatchObject({ ok: false, kind: 'forbidden' });
		expect(inspectUpdate(server, 'shared', Y.decodeUpdate(update), WRITER, (c) => c !== victim)).toEqual({ ok: true });
	});

	it('says "missing" for an update that builds on changes the server never saw', () => {
		const { server, client } = boardPair();
		updateOf(client, (d) => void addGoal(d, { id: 'g-1', text: 'Grow', author })); // never sent
		const second = updateOf(client, (d) => goalText(d, 'g-1')!.insert(0, 'We '));
		expect(check(server, second)).toMatchObject({ ok: false, kind: 'missing' });
	});

	it('says "missing" for a gap: a later change sent without the one before it', () => {
		const { server, client } = boardPair();
		updateOf(client, (d) => void addGoal(d, { id: 'g-1', text: 'First', author })); // refused or lost
		const independent = updateOf(client, (d) => void addGoal(d, { id: 'g-2', text: 'Second', author }));
		expect(check(server, independent)).toMatchObject({ ok: false, kind: 'missing' });
	});

	it('accepts typing into an item someone else deleted meanwhile (Yjs garbage-collects it)', () => {
		const { server, client } = boardPair('shared', (d) => void addGoal(d, { id: 'g-1', text: 'Grow', author }));
		server.getMap('goals').delete('g-1');
		expect(check(server, updateOf(client, (d) => goalText(d, 'g-1')!.insert(0, 'We ')))).toEqual({ ok: true });
	});
});
