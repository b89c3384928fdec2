import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGoal } from '../../../src/lib/board/doc/goals.ts';
import { PlanInputError, PlanTextTooLongError } from '../../../src/lib/board/doc/input.ts';
import {
	actionText,
	actionsMap,
	addAction,
	deleteAction,
	editAction,
	moveAction,
	readActions,
	readPlan,
	setActionDue,
	setActionOwner,
	setActionStatus,
	type ActionView
} from '../../../src/lib/board/doc/actions.ts';
import {
	addInitiative,
	createInitiativeFromTarget,
	deleteInitiative,
	findInitiativeForTarget,
	initiativesMap,
	linkTarget,
	moveInitiative,
	readInitiatives,
	setInitiativeProcesses,
	setInitiativeTitle,
	unlinkTarget
} from '../../../src/lib/board/doc/initiatives.ts';
import { isIsoDate } from '../../../src/lib/board/model/read.ts';
import { isOverdue, sortActions, todayIso } from '../../../src/lib/board/views/actionTable.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { TextTooLongError } from '../../../src/lib/board/doc/input.ts';

const ann = { id: 'u1', name: 'Ann' };
const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

function board() {
	const doc = new Y.Doc();
	addGoal(doc, { id: 'g1', text: 'Cut time to market by 30%', author: ann });
	addGoal(doc, { id: 'c1', text: 'Shorter test cycles', author: ann, kind: 'csf', parentId: 'g1' });
	return doc;
}

describe('initiatives', () => {
	it('adds initiatives in order and reads them back as plain values', () => {
		const doc = board();
		addInitiative(doc, { id: 'i1', title: '  Shared test lab  ', author: ann, targetIds: ['g1', 'g1', ''], now: 5 });
		addInitiative(doc, { id: 'i2', title: 'Joint roadmap', author: ann });
		const list = readInitiatives(doc);
		expect(list.map((i) => i.id)).toEqual(['i1', 'i2']);
		expect(list[0]).toMatchObject({ title: 'Shared test lab', targetIds: ['g1'], processes: [], createdBy: ann, createdAt: 5, carriedFrom: null });
	});

	it('refuses empty and over-long titles with a clear message', () => {
		const doc = board();
		expect(() => addInitiative(doc, { id: 'i1', title: '   ', author: ann })).toThrow(PlanInputError);
		const long = 'x'.repeat(301);
		expect(() => addInitiative(doc, { id: 'i1', title: long, author: ann })).toThrow(
			'An initiative title is limited to 300 characters (this one has 301).'
		);
		expect(() => addInitiative(doc, { id: 'i1', title: long, author: ann })).toThrow(TextTooLongError);
		expect(() => addInitiative(doc, { id: 'i1', title: 'x'.repeat(300), author: ann })).not.toThrow();
		expect(initiativesMap(doc).size).toBe(1);
	});

	it('creates an initiative from a target once, then opens the existing one', () => {
		const doc = board();
		const r1 = createInitiativeFromTarget(doc, { id: 'i1', targetId: 'c1', author: ann });
		expect(r1).toEqual({ id: 'i1', created: true });
		expect(readInitiatives(doc)[0]).toMatchObject({ title: 'Shorter test cycles', targetIds: ['c1'] });
		const r2 = createInitiativeFromTarget(doc, { id: 'i2', targetId: 'c1', author: ann });
		expect(r2).toEqual({ id: 'i1', created: false });
		expect(readInitiatives(doc)).toHaveLength(1);
		expect(findInitiativeForTarget(doc, 'g1')).toBeNull();
		expect(() => createInitiativeFromTarget(doc, { id: 'i3', targetId: 'gone', author: ann })).toThrow(PlanInputError);
	});

	it('edits title, links and processes', () => {
		const doc = board();
		addInitiative(doc, { id: 'i1', title: 'Lab', author: ann });
		setInitiativeTitle(doc, 'i1', 'Shared lab');
		linkTarget(doc, 'i1', 'g1');
		linkTarget(doc, 'i1', 'c1');
		linkTarget(doc, 'i1', 'g1');
		unlinkTarget(doc, 'i1', 'g1');
		setInitiativeProcesses(doc, 'i1', [' testing ', 'testing', '', 'release']);
		expect(readInitiatives(doc)[0]).toMatchObject({ title: 'Shared lab', targetIds: ['c1'], processes: ['testing', 'release'] });
		expect(() => setInitiativeTitle(doc, 'i1', 'y'.repeat(400))).toThrow(/limited to 300/);
	});

	it('reorders initiatives', () => {
		const doc = board();
		for (const id of ['a', 'b', 'c']) addInitiative(doc, { id, title: id, author: ann });
		moveInitiative(doc, 'c', 0);
		moveInitiative(doc, 'a', 2);
		expect(readInitiatives(doc).map((i) => i.id)).toEqual(['c', 'b', 'a']);
	});

	it('deleting an initiative deletes its actions in one undoable step', () => {
		const doc = board();
		const undo = new Y.UndoManager([initiativesMap(doc), actionsMap(doc)], { trackedOrigins: new Set([ORIGIN.local]) });
		addInitiative(doc, { id: 'i1', title: 'Lab', author: ann });
		addInitiative(doc, { id: 'i2', title: 'Other', author: ann });
		addAction(doc, { id: 'a1', initiativeId: 'i1', text: 'Book room', author: ann });
		addAction(doc, { id: 'a2', initiativeId: 'i2', text: 'Keep me', author: ann });
		undo.stopCapturing();
		deleteInitiative(doc, 'i1');
		expect(readActions(doc).map((a) => a.id)).toEqual(['a2']);
		undo.undo();
		expect(readActions(doc).map((a) => a.id)).toEqual(['a1', 'a2']);
		expect(readInitiatives(doc).map((i) => i.id)).toEqual(['i1', 'i2']);
	});
});

describe('actions', () => {
	function withInitiative() {
		const doc = board();
		addInitiative(doc, { id: 'i1', title: 'Lab', author: ann });
		return doc;
	}

	it('adds actions with owner, due date and status', () => {
		const doc = withInitiative();
		addAction(doc, { id: 'a1', initiativeId: 'i1', text: 'Book the lab', author: ann, owner: { kind: 'stakeholder', id: 's1', name: 'Dana' }, due: '2025-03-31', now: 1 });
		addAction(doc, { id: 'a2', initiativeId: 'i1', text: 'Draft plan', author: ann });
		const [a1, a2] = readActions(doc);
		expect(a1).toMatchObject({ text: 'Book the lab', initiativeId: 'i1', owner: { kind: 'stakeholder', id: 's1', name: 'Dana' }, due: '2025-03-31', status: 'open', createdAt: 1 });
		expect(a2).toMatchObject({ owner: null, due: null, status: 'open' });
	});

	it('validates text, dates, owners, statuses and the initiative', () => {
		const doc = withInitiative();
		const base = { id: 'a1', initiativeId: 'i1', text: 'x', author: ann };
		expect(() => addAction(doc, { ...base, text: '' })).toThrow('An action cannot be empty.');
		expect(() => addAction(doc, { ...base, text: 'x'.repeat(301) })).toThrow('An action is limited to 300 characters (this one has 301).');
		expect(() => addAction(doc, { ...base, due: '2025-02-30' })).toThrow(/real date/);
		expect(() => addAction(doc, { ...base, due: '31/03/2025' })).toThrow(/yyyy-mm-dd/);
		expect(() => addAction(doc, { ...base, owner: { kind: 'robot', id: 'r', name: 'R' } as never })).toThrow(/owner/);
		expect(() => addAction(doc, { ...base, status: 'later' as never })).toThrow(/status/);
		expect(() => addAction(doc, { ...base, initiativeId: 'nope' })).toThrow(/no longer exists/);
		expect(actionsMap(doc).size).toBe(0);
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2023-02-29')).toBe(false);
	});

	it('sets status, owner and due; edits several fields in one step', () => {
		const doc = withInitiative();
		addInitiative(doc, { id: 'i2', title: 'Roadmap', author: ann });
		addAction(doc, { id: 'a1', initiativeId: 'i1', text: 'Book', author: ann });
		setActionStatus(doc, 'a1', 'in-progress');
		setActionOwner(doc, 'a1', { kind: 'member', id: 'u2', name: ' Bob ' });
		setActionDue(doc, 'a1', '2025-01-15');
		expect(readActions(doc)[0]).toMatchObject({ status: 'in-progress', owner: { kind: 'member', id: 'u2', name: 'Bob' }, due: '2025-01-15' });
		setActionDue(doc, 'a1', null);
		setActionOwner(doc, 'a1', null);
		expect(readActions(doc)[0]).toMatchObject({ owner: null, due: null });
		expect(() => setActionStatus(doc, 'a1', 'nope' as never)).toThrow(PlanInputError);

		editAction(doc, 'a1', { text: 'Book the lab', status: 'done', initiativeId: 'i2', due: '2025-02-01' });
		const { initiatives } = readPlan(doc);
		expect(initiatives[0].actions).toEqual([]);
		expect(initiatives[1].actions[0]).toMatchObject({ text: 'Book the lab', status: 'done', due: '2025-02-01' });
		expect(() => editAction(doc, 'a1', { text: 'z'.repeat(301) })).toThrow(PlanTextTooLongError);
	});

	it('reorders and deletes actions within their initiative', () => {
		const doc = withInitiative();
		for (const id of ['a', 'b', 'c']) addAction(doc, { id, initiativeId: 'i1', text: id, author: ann });
		moveAction(doc, 'c', 0);
		expect(readPlan(doc).initiatives[0].actions.map((a) => a.id)).toEqual(['c', 'a', 'b']);
		deleteAction(doc, 'a');
		expect(readPlan(doc).initiatives[0].actions.map((a) => a.id)).toEqual(['c', 'b']);
	});

	it('co-edits action text through its Y.Text', () => {
		const a = withInitiative();
		addAction(a, { id: 'a1', initiativeId: 'i1', text: 'Book lab', author: ann });
		const b = new Y.Doc();
		sync(a, b);
		actionText(a, 'a1')!.insert(0, 'Please ');
		actionText(b, 'a1')!.insert(8, ' today');
		sync(a, b);
		expect(readActions(a)[0].text).toBe('Please Book lab today');
		expect(readActions(b)[0].text).toBe('Please Book lab today');
	});

	it('keeps an action added while its initiative is deleted elsewhere, as an orphan', () => {
		const a = withInitiative();
		const b = new Y.Doc();
		sync(a, b);
		addAction(a, { id: 'a1', initiativeId: 'i1', text: 'Still needed', author: ann });
		deleteInitiative(b, 'i1');
		sync(a, b);
		for (const d of [a, b]) {
			const plan = readPlan(d);
			expect(plan.initiatives).toEqual([]);
			expect(plan.orphans.map((o) => o.id)).toEqual(['a1']);
		}
	});

	it('reads junk written by a buggy peer without throwing', () => {
		const doc = withInitiative();
		doc.transact(() => {
			const m = new Y.Map<unknown>();
			m.set('text', 42);
			m.set('initiativeId', 'i1');
			m.set('status', 'maybe');
			m.set('due', '2025-13-45');
			m.set('owner', { kind: 'member' });
			actionsMap(doc).set('bad', m);
			initiativesMap(doc).set('junk', 'not a map' as never);
		});
		expect(readActions(doc)[0]).toMatchObject({ id: 'bad', text: '', status: 'open', due: null, owner: null });
		expect(readInitiatives(doc).map((i) => i.id)).toEqual(['i1']);
	});
});

describe('the action table', () => {
	const row = (id: string, p: Partial<ActionView> & { initiativeTitle?: string } = {}) => ({
		id,
		text: id,
		initiativeId: 'i',
		owner: null,
		due: null,
		status: 'open' as const,
		order: 'a0',
		createdBy: null,
		createdAt: 0,
		carriedFrom: null,
		initiativeTitle: 'I',
		...p
	});

	it('flags overdue only for open work past its day', () => {
		expect(isOverdue({ due: '2025-01-09', status: 'open' }, '2025-01-10')).toBe(true);
		expect(isOverdue({ due: '2025-01-09', status: 'in-progress' }, '2025-01-10')).toBe(true);
		expect(isOverdue({ due: '2025-01-10', status: 'open' }, '2025-01-10')).toBe(false);
		expect(isOverdue({ due: '2025-01-09', status: 'done' }, '2025-01-10')).toBe(false);
		expect(isOverdue({ due: '2025-01-09', status: 'dropped' }, '2025-01-10')).toBe(false);
		expect(isOverdue({ due: null, status: 'open' }, '2025-01-10')).toBe(false);
		expect(todayIso(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
	});

	it('sorts by each column, empties last, ties in board order', () => {
		const rows = [
			row('a', { due: '2025-03-01', owner: { kind: 'member', id: '1', name: 'zed' }, status: 'done', initiativeTitle: 'Beta' }),
			row('b', { due: null, owner: null, status: 'open', initiativeTitle: 'alpha' }),
			row('c', { due: '2025-01-01', owner: { kind: 'stakeholder', id: '2', name: 'Amy' }, status: 'in-progress', initiativeTitle: 'Beta' }),
			row('d', { due: '2025-01-01', owner: { kind: 'stakeholder', id: '3', name: 'amy' }, status: 'open', initiativeTitle: 'Gamma' })
		];
		const ids = (k: Parameters<typeof sortActions>[1], d: 'asc' | 'desc') => sortActions(rows, k, d).map((r) => r.id);
		expect(ids('due', 'asc')).toEqual(['c', 'd', 'a', 'b']);
		expect(ids('due', 'desc')).toEqual(['a', 'c', 'd', 'b']);
		expect(ids('owner', 'asc')).toEqual(['c', 'd', 'a', 'b']);
		expect(ids('owner', 'desc')).toEqual(['a', 'c', 'd', 'b']);
		expect(ids('status', 'asc')).toEqual(['b', 'd', 'c', 'a']);
		expect(ids('initiative', 'asc')).toEqual(['b', 'a', 'c', 'd']);
		expect(ids('text', 'desc')).toEqual(['d', 'c', 'b', 'a']);
	});
});
