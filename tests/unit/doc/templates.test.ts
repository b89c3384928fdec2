import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDb, type Db } from '../../../src/lib/server/db/index.ts';
import { users, workspaces } from '../../../src/lib/server/db/schema.ts';
import { createAccount, createBoard } from '../../../src/lib/server/boards.ts';
import { appendUpdate, loadDoc } from '../../../src/lib/server/docStore.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { previousPlanningBoard } from '../../../src/lib/server/boardTemplates.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { carryOver, readBoardNote } from '../../../src/lib/board/doc/carryOver.ts';
import { TEMPLATES, type TemplateId } from '../../../src/lib/board/model/templates.ts';
import { meta } from '../../../src/lib/board/doc/schema.ts';
import { addGoal, goalText, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { readItemLists } from '../../../src/lib/board/doc/itemLists.ts';
import { addAction, readActions, readPlan } from '../../../src/lib/board/doc/actions.ts';
import { addInitiative, readInitiatives } from '../../../src/lib/board/doc/initiatives.ts';
import { addPickListEntry, readPickList } from '../../../src/lib/board/doc/pickLists.ts';
import { addStakeholder, stakeholdersMap } from '../../../src/lib/board/doc/stakeholders.ts';
import { readCell, setPriority, toggleValidated } from '../../../src/lib/board/doc/matrix.ts';
import { readAbility, readRelation, setAbility, setRelationship } from '../../../src/lib/board/doc/internal.ts';
import { setThreshold } from '../../../src/lib/board/doc/settings.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';

const ann = { id: 'u1', name: 'Ann' };
const stamp = { by: ann, sessionId: 's1', now: 10 };

function stored(db: Db, boardId: string, kind: 'shared' | 'internal'): Y.Doc {
	const doc = new Y.Doc();
	const state = loadDoc(db, docName(boardId, kind));
	if (state) Y.applyUpdate(doc, state);
	return doc;
}

/** Edits a stored document the way the sync server would: one update appended to its log. */
function edit(db: Db, boardId: string, kind: 'shared' | 'internal', fn: (doc: Y.Doc) => void) {
	const doc = stored(db, boardId, kind);
	const before = Y.encodeStateVector(doc);
	fn(doc);
	appendUpdate(db, docName(boardId, kind), Y.encodeStateAsUpdate(doc, before));
}

describe('initial documents', () => {
	it('every template stamps the meta', () => {
		for (const t of TEMPLATES) {
			const { shared, internal } = initialDocuments(t);
			expect(meta(shared).toJSON()).toMatchObject({ schemaVersion: 1, template: t, threshold: 0.5 });
			expect(meta(internal).get('schemaVersion')).toBe(1);
		}
	});

	it('seeds the advisory and SOAR lists, and nothing else for the others', () => {
		const titles = (t: TemplateId) => readItemLists(initialDocuments(t).shared).map((l) => l.title);
		expect(titles('advisory')).toEqual(['Client goals', 'Client experiences', 'Ideas to try', 'Feedback']);
		expect(titles('soar')).toEqual(['Strengths', 'Opportunities', 'Aspirations', 'Results']);
		for (const t of ['joint-planning', 'qbr', 'blank'] as const) {
			const { shared } = initialDocuments(t);
			expect(titles(t)).toEqual([]);
			expect(readGoals(shared).goals).toEqual([]);
			expect(readInitiatives(shared)).toEqual([]);
		}
	});

	it('a review without a previous board starts empty with a note', () => {
		const docs = initialDocuments('qbr');
		expect(carryOver(docs, null)).toBeNull();
		expect(readBoardNote(docs.shared)).toMatch(/no earlier planning board/);
		expect(meta(docs.shared).get('carriedOver')).toBeNull();
	});
});

describe('quarterly business review (server, real database)', () => {
	let dir: string;
	let db: Db;
	let accountId: string;

	beforeEach(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-templates-'));
		db = openDb(path.join(dir, 't.db'), path.resolve('server/migrations'));
		db.insert(users).values({ id: 'u1', email: 'ann@test', name: 'Ann', passwordHash: 'x', createdAt: 0 }).run();
		db.insert(workspaces).values({ id: 'w1', name: 'Acme', createdAt: 0 }).run();
		accountId = await createAccount(db, 'w1', 'Globex', 'u1', 0);
	});
	afterEach(() => {
		db.$client.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	/** A planning board with a little of everything, edited after creation as through sync. */
	async function plannedBoard(name = 'Q1 planning', now = 1_000) {
		const id = await createBoard(db, { accountId, name, template: 'joint-planning', createdBy: 'u1' }, now);
		edit(db, id, 'shared', (doc) => {
			addGoal(doc, { id: 'g1', text: 'Grow in Asia', author: ann });
			addGoal(doc, { id: 'c1', text: 'Local partner', author: ann, kind: 'csf', parentId: 'g1' });
			addGoal(doc, { id: 'g2', text: 'Cut costs', author: ann });
			addStakeholder(doc, 'sc', { name: 'Dana', side: 'client', level: 'executive', function: 'finance' });
			addStakeholder(doc, 'ss', { name: 'Sam', side: 'supplier', level: 'senior' });
			addPickListEntry(doc, 'functions', 'treasury', 'treasury');
			setPriority(doc, 'sc', 'g1', 3, stamp);
			toggleValidated(doc, 'sc', 'g1', stamp);
			setPriority(doc, 'sc', 'c1', 1, stamp);
			setThreshold(doc, 0.6);
			addInitiative(doc, { id: 'iOpen', title: 'Asia partner search', author: ann, targetIds: ['g1'] });
			addInitiative(doc, { id: 'iDone', title: 'Cost review', author: ann, targetIds: ['g2'] });
			addInitiative(doc, { id: 'iEmpty', title: 'Idea without actions yet', author: ann });
			addAction(doc, { id: 'a1', initiativeId: 'iOpen', text: 'Shortlist partners', author: ann, status: 'in-progress', due: '2025-03-01', owner: { kind: 'stakeholder', id: 'ss', name: 'Sam' } });
			addAction(doc, { id: 'a2', initiativeId: 'iOpen', text: 'Visit Singapore', author: ann, status: 'done' });
			addAction(doc, { id: 'a3', initiativeId: 'iOpen', text: 'Budget', author: ann });
			addAction(doc, { id: 'a4', initiativeId: 'iDone', text: 'Audit', author: ann, status: 'done' });
			addAction(doc, { id: 'a5', initiativeId: 'iDone', text: 'Renegotiate', author: ann, status: 'dropped' });
		});
		edit(db, id, 'internal', (doc) => {
			setAbility(doc, 'g1', 3);
			setAbility(doc, 'c1', 1);
			setRelationship(doc, 'sc', 2);
		});
		return id;
	}

	it('copies goals, CSFs, the matrix and open actions from the previous board', async () => {
		const prev = await plannedBoard();
		const qbr = await createBoard(db, { accountId, name: 'Q2 review', template: 'qbr', createdBy: 'u1' }, 2_000);
		const shared = stored(db, qbr, 'shared');
		const internal = stored(db, qbr, 'internal');

		const goals = readGoals(shared);
		expect(goals.goals.map((g) => [g.id, g.text, g.csfs.map((c) => c.text)])).toEqual([
			['g1', 'Grow in Asia', ['Local partner']],
			['g2', 'Cut costs', []]
		]);
		expect([...stakeholdersMap(shared).keys()].sort()).toEqual(['sc', 'ss']);
		expect(readCell(shared, 'sc', 'g1')).toMatchObject({ priority: 3, validated: true });
		expect(readCell(shared, 'sc', 'c1')).toMatchObject({ priority: 1 });
		expect(readPickList(shared, 'functions').map((e) => e.label)).toContain('treasury');
		expect(meta(shared).get('threshold')).toBe(0.6);

		// Finished work stays behind: iDone (all closed), a2 (done).
		const plan = readPlan(shared);
		expect(plan.initiatives.map((i) => i.id)).toEqual(['iOpen', 'iEmpty']);
		expect(plan.initiatives[0].carriedFrom).toBe(prev);
		expect(plan.initiatives[0].actions.map((a) => [a.id, a.status])).toEqual([
			['a1', 'in-progress'],
			['a3', 'open']
		]);
		expect(plan.initiatives[0].actions[0]).toMatchObject({ due: '2025-03-01', owner: { kind: 'stakeholder', id: 'ss', name: 'Sam' }, carriedFrom: prev });
		expect(plan.orphans).toEqual([]);

		// The supplier team's view comes along in the internal document only.
		expect(readAbility(internal, 'g1')).toBe(3);
		expect(readRelation(internal, 'sc').relationship).toBe(2);
		expect(shared.getMap('ability').size).toBe(0);
		expect(toSnapshot(shared, internal).internal.ability).toEqual([
			{ targetId: 'g1', ability: 3 },
			{ targetId: 'c1', ability: 1 }
		]);

		expect(meta(shared).get('template')).toBe('qbr');
		expect(meta(shared).get('carriedOver')).toMatchObject({ boardId: prev, boardName: 'Q1 planning', goals: 2, csfs: 1, stakeholders: 2, initiatives: 2, actions: 2 });
		expect(readBoardNote(shared)).toMatch(/^Carried over from “Q1 planning” \(1 January 1970\): 2 goals, 1 CSF, 2 stakeholders .* 2 open actions in 2 initiatives/);
	});

	it('the copy is independent: editing the review leaves the previous board untouched', async () => {
		const prev = await plannedBoard();
		const qbr = await createBoard(db, { accountId, name: 'Q2 review', template: 'qbr', createdBy: 'u1' }, 2_000);
		edit(db, qbr, 'shared', (doc) => goalText(doc, 'g1')!.insert(0, 'Really '));
		expect(readGoals(stored(db, qbr, 'shared')).goals[0].text).toBe('Really Grow in Asia');
		expect(readGoals(stored(db, prev, 'shared')).goals[0].text).toBe('Grow in Asia');
	});

	it('starts from the newest planning board, skipping list boards and other accounts', async () => {
		await plannedBoard('Q1 planning', 1_000);
		const q2 = await createBoard(db, { accountId, name: 'Q2 review', template: 'qbr', createdBy: 'u1' }, 2_000);
		edit(db, q2, 'shared', (doc) => addGoal(doc, { id: 'g9', text: 'Added in Q2', author: ann }));
		await createBoard(db, { accountId, name: 'Advisory', template: 'advisory', createdBy: 'u1' }, 3_000);
		const other = await createAccount(db, 'w1', 'Initech', 'u1', 0);
		await createBoard(db, { accountId: other, name: 'Elsewhere', template: 'joint-planning', createdBy: 'u1' }, 4_000);

		expect((await previousPlanningBoard(db, accountId, { kind: 'user', userId: 'u1', name: 'Ann' }))?.id).toBe(q2);
		const q3 = await createBoard(db, { accountId, name: 'Q3 review', template: 'qbr', createdBy: 'u1' }, 5_000);
		const shared = stored(db, q3, 'shared');
		expect(readGoals(shared).goals.map((g) => g.id)).toEqual(['g1', 'g2', 'g9']);
		expect(readActions(shared).map((a) => a.id)).toEqual(['a1', 'a3']);
		expect(meta(shared).get('carriedOver')).toMatchObject({ boardId: q2, boardName: 'Q2 review' });
	});

	it('an account without a planning board gets an empty review with a note', async () => {
		await createBoard(db, { accountId, name: 'SOAR', template: 'soar', createdBy: 'u1' }, 1_000);
		const qbr = await createBoard(db, { accountId, name: 'First review', template: 'qbr', createdBy: 'u1' }, 2_000);
		const shared = stored(db, qbr, 'shared');
		expect(readGoals(shared).goals).toEqual([]);
		expect(readInitiatives(shared)).toEqual([]);
		expect(readItemLists(shared)).toEqual([]);
		expect(readBoardNote(shared)).toMatch(/no earlier planning board/);
	});

	it('list templates are stored with their lists', async () => {
		const id = await createBoard(db, { accountId, name: 'Advisory', template: 'advisory', createdBy: 'u1' }, 1_000);
		expect(readItemLists(stored(db, id, 'shared')).map((l) => l.id)).toEqual(['client-goals', 'client-experiences', 'ideas', 'feedback']);
	});
});
