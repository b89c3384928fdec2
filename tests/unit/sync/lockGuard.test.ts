import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { addGoal, goalText } from '../../../src/lib/board/doc/goals.ts';
import { setPriority } from '../../../src/lib/board/doc/matrix.ts';
import { addStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { addItem } from '../../../src/lib/board/doc/itemLists.ts';
import { lockSection, unlockSection, locksMap } from '../../../src/lib/board/doc/locks.ts';
import { addDecision } from '../../../src/lib/board/doc/decisions.ts';
import type { LockKey } from '../../../src/lib/board/model/locks.ts';

// The guard reads the lock state from the server's own copy of the document, as it is before the
// update under inspection: a locked section refuses everyone but facilitators.

const FACILITATOR = { role: 'facilitator', side: 'supplier' } as const;
const SUPPLIER = { role: 'participant', side: 'supplier' } as const;
const CLIENT = { role: 'participant', side: 'client' } as const;
const sam = { id: 'u-f', name: 'Sam' };

function pair(template: 'joint-planning' | 'advisory' = 'joint-planning') {
	const server = initialDocuments(template, 1).shared;
	addStakeholder(server, 's-c', { name: 'Cleo', side: 'client' });
	addGoal(server, { id: 'g-1', text: 'Grow', author: sam });
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	return { server, client };
}
/** Applies `change` on `from` and returns the update, also applying it to the server when accepted. */
function send(server: Y.Doc, from: Y.Doc, access: { role: 'facilitator' | 'participant'; side: 'supplier' | 'client' }, change: (d: Y.Doc) => void) {
	Y.applyUpdate(from, Y.encodeStateAsUpdate(server, Y.encodeStateVector(from)));
	const before = Y.encodeStateVector(from);
	change(from);
	const update = Y.encodeStateAsUpdate(from, before);
	const verdict = inspectUpdate(server, 'shared', Y.decodeUpdate(update), access);
	if (verdict.ok) Y.applyUpdate(server, update);
	return verdict;
}
const lockOnServer = (server: Y.Doc, key: LockKey) => lockSection(server, key, sam, 1);
const editGoal = (d: Y.Doc) => goalText(d, 'g-1')!.insert(0, 'We ');
const score = (d: Y.Doc) => setPriority(d, 's-c', 'g-1', 2, { by: sam, sessionId: 'tab-1', now: 1 });

describe('update guard: facilitator locks', () => {
	it('a locked section refuses non-facilitators, facilitators still write, other sections stay open', () => {
		const { server, client } = pair();
		lockOnServer(server, 'matrix');
		expect(send(server, client, CLIENT, score)).toMatchObject({ ok: false, kind: 'forbidden', reason: expect.stringContaining('locked') });
		expect(send(server, new Y.Doc(), SUPPLIER, score)).toMatchObject({ ok: false, kind: 'forbidden' });
		const other = new Y.Doc();
		expect(send(server, other, FACILITATOR, score)).toEqual({ ok: true });
		const third = new Y.Doc();
		expect(send(server, third, CLIENT, editGoal)).toEqual({ ok: true });
	});

	it('unlocking re-allows at once', () => {
		const { server, client } = pair();
		lockOnServer(server, 'goals');
		expect(send(server, client, CLIENT, editGoal)).toMatchObject({ ok: false, kind: 'forbidden' });
		unlockSection(server, 'goals');
		const fresh = new Y.Doc();
		expect(send(server, fresh, CLIENT, editGoal)).toEqual({ ok: true });
	});

	it('deleting in a locked section is a change too', () => {
		const { server, client } = pair();
		lockOnServer(server, 'goals');
		expect(send(server, client, SUPPLIER, (d) => d.getMap('goals').delete('g-1'))).toMatchObject({ ok: false, kind: 'forbidden' });
	});

	it('the whole board: everything but facilitation; one list alone: that list only', () => {
		const { server, client } = pair('advisory');
		lockOnServer(server, 'board');
		expect(send(server, client, CLIENT, (d) => void addDecision(d, { id: 'd-1', text: 'Go', author: sam }))).toMatchObject({ ok: false, kind: 'forbidden' });
		expect(send(server, new Y.Doc(), FACILITATOR, (d) => unlockSection(d, 'board'))).toEqual({ ok: true, locks: true });
		lockOnServer(server, 'list:ideas');
		expect(send(server, new Y.Doc(), CLIENT, (d) => void addItem(d, { id: 'it-1', listId: 'ideas', text: 'Pilot', author: sam }))).toMatchObject({ ok: false, kind: 'forbidden' });
		expect(send(server, new Y.Doc(), CLIENT, (d) => void addItem(d, { id: 'it-2', listId: 'feedback', text: 'Faster', author: sam }))).toEqual({ ok: true });
		// Deleting the locked list itself is a change to that list.
		expect(send(server, new Y.Doc(), SUPPLIER, (d) => d.getMap('itemLists').delete('ideas'))).toMatchObject({ ok: false, kind: 'forbidden' });
	});

	it('the state that counts is the server copy before the update: non-facilitators can neither lock nor unlock', () => {
		const { server, client } = pair();
		lockOnServer(server, 'goals');
		expect(send(server, client, SUPPLIER, (d) => unlockSection(d, 'goals'))).toMatchObject({ ok: false, kind: 'forbidden' });
		expect(locksMap(server).has('goals')).toBe(true);
		// Unlocking and editing in one update is a facilitator's, and fine.
		expect(send(server, new Y.Doc(), FACILITATOR, (d) => d.transact(() => { unlockSection(d, 'goals'); editGoal(d); }))).toEqual({ ok: true, locks: true });
		expect(send(server, new Y.Doc(), CLIENT, (d) => lockSection(d, 'matrix', sam))).toMatchObject({ ok: false, kind: 'forbidden' });
	});

	it('lock values outside the schema are invalid', () => {
		const { server } = pair();
		const f = new Y.Doc();
		expect(send(server, f, FACILITATOR, (d) => d.getMap('locks').set('everything', { by: sam, at: 1 }))).toMatchObject({ ok: false, kind: 'invalid' });
		expect(send(server, new Y.Doc(), FACILITATOR, (d) => d.getMap('locks').set('goals', { by: 'Sam' }))).toMatchObject({ ok: false, kind: 'invalid' });
	});
});
