import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTopItemsAsInitiatives, addTopItemsAsSteps, openVote, readVote, readVotes, setVoteStatus, votesMap, writeResults } from '../../../src/lib/board/doc/votes.ts';
import { readInitiatives } from '../../../src/lib/board/doc/initiatives.ts';
import { addStep, readAgenda } from '../../../src/lib/board/doc/agenda.ts';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { undoScopeTypes } from '../../../src/lib/board/model/undoScope.ts';
import { PlanInputError } from '../../../src/lib/board/doc/input.ts';
import { decodeIncomingUpdate } from '../../../server/sync/updateContent.ts';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';

const fay = { id: 'u-fay', name: 'Fay' };
const items = [
	{ ref: 'goal:g1', label: 'Faster delivery' },
	{ ref: 'item:l1:x', label: 'Shared forecast' },
	{ ref: 'goal:g3', label: 'Lower cost' }
];

function withVote(): Y.Doc {
	const d = new Y.Doc();
	openVote(d, { id: 'v1', title: 'Priorities', items, budget: 5, maxPerItem: 3, anonymous: true, by: fay, now: 10 });
	return d;
}

/** What the sync server would say to this change from `access`, applied on top of `base`. */
function verdictOf(base: Y.Doc, change: (d: Y.Doc) => void, access: { role: 'facilitator' | 'participant'; side: 'supplier' | 'client' }) {
	const d = new Y.Doc();
	Y.applyUpdate(d, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(d);
	change(d);
	return inspectUpdate(base, 'shared', decodeIncomingUpdate(Y.encodeStateAsUpdate(d, before)), access, () => false);
}

describe('vote definitions', () => {
	it('opens with its rules and refuses impossible ones', () => {
		const d = withVote();
		expect(readVotes(d)).toMatchObject([{ id: 'v1', title: 'Priorities', budget: 5, maxPerItem: 3, anonymous: true, status: 'open', results: null }]);
		expect(() => openVote(d, { id: 'v2', title: '', items: [], budget: 5, maxPerItem: 3, anonymous: true, by: fay })).toThrow(PlanInputError);
		expect(() => openVote(d, { id: 'v2', title: '', items, budget: 2, maxPerItem: 3, anonymous: true, by: fay })).toThrow(/maximum per item/);
	});
	it('closes and reopens, but a revealed vote stays revealed', () => {
		const d = withVote();
		setVoteStatus(d, 'v1', 'closed');
		expect(readVote('v1', votesMap(d).get('v1'))!.status).toBe('closed');
		writeResults(d, 'v1', { results: { 'goal:g1': { client: 1, supplier: 0 } }, divergence: [], voters: { client: 1, supplier: 0 }, now: 20 });
		setVoteStatus(d, 'v1', 'open');
		expect(readVote('v1', votesMap(d).get('v1'))!.status).toBe('revealed');
	});
	it('a status of revealed without the server’s results reads as closed', () => {
		const d = withVote();
		votesMap(d).get('v1')!.set('status', 'revealed');
		expect(readVote('v1', votesMap(d).get('v1'))!.status).toBe('closed');
	});
	it('adds the top items as initiatives in one move, linking goals', () => {
		const d = withVote();
		writeResults(d, 'v1', {
			results: { 'goal:g1': { client: 3, supplier: 1 }, 'item:l1:x': { client: 0, supplier: 5 }, 'goal:g3': { client: 1, supplier: 0 } },
			divergence: [],
			voters: { client: 1, supplier: 1 },
			now: 20
		});
		let n = 0;
		const ids = addTopItemsAsInitiatives(d, 'v1', 2, fay, () => `i${++n}`);
		expect(ids).toEqual(['i1', 'i2']);
		expect(readInitiatives(d).map((i) => [i.title, i.targetIds])).toEqual([
			['Shared forecast', []],
			['Faster delivery', ['g1']]
		]);
		// Again: nothing twice.
		expect(addTopItemsAsInitiatives(d, 'v1', 2, fay, () => `j${++n}`)).toEqual([]);
	});
});

describe('vote results into the agenda', () => {
	const revealed = () => {
		const d = withVote();
		writeResults(d, 'v1', {
			results: { 'goal:g1': { client: 3, supplier: 1 }, 'item:l1:x': { client: 0, supplier: 5 }, 'goal:g3': { client: 1, supplier: 0 } },
			divergence: [],
			voters: { client: 1, supplier: 1 },
			now: 20
		});
		return d;
	};

	it('adds the top items as the next agenda steps, on their views, in one undo step, and nothing twice', () => {
		const d = revealed();
		const undo = new PersonalUndo({ origin: ORIGIN.local, captureTimeout: 0 });
		for (const t of undoScopeTypes({ shared: d, internal: null })) undo.track(t);
		addStep(d, 'st-0', { title: 'Opening', minutes: 5, view: 'goals', mode: 'discuss' });
		undo.stopCapturing();
		let n = 0;
		expect(addTopItemsAsSteps(d, 'v1', 2, () => `s${++n}`)).toEqual(['s1', 's2']);
		expect(readAgenda(d).map((s) => [s.title, s.view, s.mode, s.minutes])).toEqual([
			['Opening', 'goals', 'discuss', 5],
			['Shared forecast', 'lists', 'discuss', 10],
			['Faster delivery', 'goals', 'discuss', 10]
		]);
		expect(addTopItemsAsSteps(d, 'v1', 3, () => `t${++n}`)).toEqual(['t3']);
		expect(readAgenda(d).at(-1)?.title).toBe('Lower cost');
		undo.undo();
		expect(readAgenda(d)).toHaveLength(3);
		undo.undo();
		expect(readAgenda(d).map((s) => s.id)).toEqual(['st-0']);
	});

	it('only facilitators: the server refuses the steps from a participant of either side', () => {
		const base = revealed();
		const add = (d: Y.Doc) => void addTopItemsAsSteps(d, 'v1', 2, () => crypto.randomUUID());
		expect(verdictOf(base, add, { role: 'facilitator', side: 'supplier' }).ok).toBe(true);
		expect(verdictOf(base, add, { role: 'participant', side: 'supplier' })).toMatchObject({ ok: false, kind: 'forbidden' });
		expect(verdictOf(base, add, { role: 'participant', side: 'client' })).toMatchObject({ ok: false, kind: 'forbidden' });
	});

	it('an unrevealed vote adds nothing', () => {
		expect(addTopItemsAsSteps(withVote(), 'v1', 3, () => 'x')).toEqual([]);
	});
});

describe('the server guard on votes', () => {
	it('lets a facilitator open and close a vote, nobody else', () => {
		const base = new Y.Doc();
		const open = (d: Y.Doc) => openVote(d, { id: 'v1', title: 'T', items, budget: 5, maxPerItem: 3, anonymous: true, by: fay });
		expect(verdictOf(base, open, { role: 'facilitator', side: 'supplier' }).ok).toBe(true);
		expect(verdictOf(base, open, { role: 'participant', side: 'supplier' }).ok).toBe(false);
		expect(verdictOf(base, open, { role: 'participant', side: 'client' }).ok).toBe(false);
	});
	it('refuses results, live totals and voter counts from any browser, a facilitator’s too', () => {
		const base = withVote();
		for (const key of ['results', 'liveTotals', 'voters', 'revealedAt', 'divergence'] as const) {
			const value = key === 'results' ? { 'goal:g1': { client: 9, supplier: 0 } } : key === 'liveTotals' ? { 'goal:g1': 9 } : key === 'voters' ? { client: 1, supplier: 0 } : key === 'revealedAt' ? 5 : [];
			const v = verdictOf(base, (d) => votesMap(d).get('v1')!.set(key, value), { role: 'facilitator', side: 'supplier' });
			expect(v.ok, key).toBe(false);
		}
	});
});
