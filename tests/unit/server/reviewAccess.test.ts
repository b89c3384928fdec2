import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { boardMembers, guests } from '../../../src/lib/server/db/schema.ts';
import { createAccount, createBoard } from '../../../src/lib/server/boards.ts';
import { reviewDocuments } from '../../../src/lib/server/boardTemplates.ts';
import { resolveBoardAccess } from '../../../src/lib/server/access.ts';
import { appendUpdate, loadDoc } from '../../../src/lib/server/docStore.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { addGoal, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { readRelation, relationsMap, setRelationNotes } from '../../../src/lib/board/doc/internal.ts';
import { meta } from '../../../src/lib/board/doc/schema.ts';
import { addUser, tempDb } from '../testDb.ts';

// A review copies the previous board only as far as its creator may read it.

let db: Db;
let cleanup: () => void;
let accountId: string;
const ann = { id: 'alice', name: 'Alice' };

function stored(boardId: string, kind: 'shared' | 'internal'): Y.Doc {
	const doc = new Y.Doc();
	const state = loadDoc(db, docName(boardId, kind));
	if (state) Y.applyUpdate(doc, state);
	return doc;
}
function edit(boardId: string, kind: 'shared' | 'internal', fn: (doc: Y.Doc) => void) {
	const doc = stored(boardId, kind);
	const before = Y.encodeStateVector(doc);
	fn(doc);
	appendUpdate(db, docName(boardId, kind), Y.encodeStateAsUpdate(doc, before));
}
async function planning(name: string, now: number, note: string) {
	const id = await createBoard(db, { accountId, name, template: 'joint-planning', createdBy: 'alice' }, now);
	edit(id, 'shared', (doc) => {
		addGoal(doc, { id: `g-${name}`, text: `Goal of ${name}`, author: ann });
		addStakeholder(doc, 's1', { name: 'Cleo', side: 'client', level: 'executive' });
	});
	edit(id, 'internal', (doc) => setRelationNotes(doc, 's1', note));
	return id;
}
const remove = (boardId: string, userId: string) =>
	db.insert(boardMembers).values({ boardId, userId, role: 'removed', side: 'supplier', updatedAt: 0 }).run();

beforeEach(async () => {
	({ db, cleanup } = tempDb());
	addUser(db, 'alice', 'w1');
	addUser(db, 'bob', 'w1');
	addUser(db, 'carol', 'w1');
	accountId = await createAccount(db, 'w1', 'ACME', 'alice');
});
afterEach(() => cleanup());

describe('quarterly review carry-over and access', () => {
	it('copies nothing at all from a board its creator was removed from', async () => {
		const q1 = await planning('Q1', 1_000, 'secret');
		remove(q1, 'bob');
		const review = await createBoard(db, { accountId, name: 'Q2', template: 'qbr', createdBy: 'bob' }, 2_000);
		expect(readGoals(stored(review, 'shared')).goals).toEqual([]);
		expect(JSON.stringify(stored(review, 'shared').toJSON())).not.toContain('Cleo');
		expect(relationsMap(stored(review, 'internal')).size).toBe(0);
		expect(meta(stored(review, 'shared')).get('carriedOver')).toBeNull();
	});

	it('starts from the newest planning board its creator can open', async () => {
		await planning('Q1', 1_000, 'older notes');
		const q2 = await planning('Q2', 2_000, 'newer secret');
		remove(q2, 'bob');
		const review = await createBoard(db, { accountId, name: 'Q3', template: 'qbr', createdBy: 'bob' }, 3_000);
		expect(readGoals(stored(review, 'shared')).goals.map((g) => g.text)).toEqual(['Goal of Q1']);
		expect(readRelation(stored(review, 'internal'), 's1').notes).toBe('older notes');
	});

	it('copies the internal document only for a creator who may read it', async () => {
		const q1 = await planning('Q1', 1_000, 'secret');
		db.insert(guests).values({ id: 'g1', boardId: q1, displayName: 'Dan', side: 'client', role: 'participant', createdAt: 0 }).run();
		const clientSide = { kind: 'guest' as const, guestId: 'g1', name: 'Dan', boardId: q1, role: 'participant' as const, side: 'client' as const, removed: false };
		const docs = await reviewDocuments(db, accountId, clientSide, 2_000);
		expect(readGoals(docs.shared).goals.map((g) => g.text)).toEqual(['Goal of Q1']);
		expect(relationsMap(docs.internal).size).toBe(0);
		const supplier = await reviewDocuments(db, accountId, { kind: 'user', userId: 'carol', name: 'Carol' }, 2_000);
		expect(readRelation(supplier.internal, 's1').notes).toBe('secret');
	});

	it('keeps whoever was removed from the source board out of the review', async () => {
		const q1 = await planning('Q1', 1_000, 'secret');
		remove(q1, 'bob');
		const review = await createBoard(db, { accountId, name: 'Q2', template: 'qbr', createdBy: 'alice' }, 2_000);
		expect(readRelation(stored(review, 'internal'), 's1').notes).toBe('secret');
		expect(await resolveBoardAccess(db, { kind: 'user', userId: 'bob', name: 'Bob' }, review)).toBeNull();
		expect((await resolveBoardAccess(db, { kind: 'user', userId: 'carol', name: 'Carol' }, review))?.side).toBe('supplier');
	});
});
