import { describe, expect, it } from 'vitest';
import { overrunLabel, readVotes, sessionWindow, sideShares, summarizeSession, type SummaryInput } from '../../../src/lib/board/views/sessionSummary.ts';

/*
 * A hand-computed session (times in minutes after T0):
 *   step 1 "Goals"     planned 20, ran 0 → 23          actual 23, overrun +3
 *   step 2 "Matrix"    planned 15, ran 23 → 35         actual 12, overrun −3
 *   step 3 "Actions"   planned 10, running since 35     at now = 47: actual 12, overrun +2
 *   step 4 "Wrap-up"   planned  5, never ran
 * Window 0 → 47. Planned 50 in all, 45 over the steps that ran; actual 47, overrun +2.
 *
 * People: ann (member, supplier), bo (member, supplier), cleo (guest, client); gone (not on the board).
 * Contributions in the window: ann 2 items + 1 cell, bo 1 note, cleo 3 items + 1 cell + 1 note, gone 1 item,
 * plus one of cleo's items before the window (−5) and one after now: not counted.
 *   items: supplier 2, client 3, unknown 1;  cells: supplier 1, client 1;  notes: supplier 1, client 1
 *   total: supplier 4, client 5, unknown 1 → shares client 5/9, supplier 4/9
 */
const MIN = 60_000;
const T0 = 1_700_000_000_000;
const t = (m: number) => T0 + m * MIN;
const ann = { id: 'u-ann', name: 'Ann' };
const bo = { id: 'u-bo', name: 'Bo' };
const cleo = { id: 'g-cleo', name: 'Cleo' };
const gone = { id: 'g-gone', name: 'Gone' };

const input: SummaryInput = {
	now: t(47),
	agenda: [
		{ id: 's1', title: 'Goals', minutes: 20, log: { startedAt: t(0), endedAt: t(23), spentMs: 23 * MIN } },
		{ id: 's2', title: 'Matrix', minutes: 15, log: { startedAt: t(23), endedAt: t(35), spentMs: 12 * MIN } },
		{ id: 's3', title: 'Actions', minutes: 10, log: { startedAt: t(35), endedAt: null, spentMs: 0 } },
		{ id: 's4', title: 'Wrap-up', minutes: 5, log: { startedAt: null, endedAt: null, spentMs: 0 } }
	],
	decisions: [
		{ id: 'd-old', text: 'Earlier decision', decidedAt: t(-100), createdAt: t(-100), deciders: [] },
		{ id: 'd-1', text: 'Pilot in Q2', decidedAt: t(30), createdAt: t(30), deciders: [{ name: 'Cleo', side: 'client' }] }
	],
	parkingLot: [
		{ id: 'p-open-old', text: 'Pricing', createdAt: t(-100), movedTo: null },
		{ id: 'p-open', text: 'Training', createdAt: t(10), movedTo: null },
		{ id: 'p-moved', text: 'Pilot site', createdAt: t(5), movedTo: { kind: 'action', at: t(40) } },
		{ id: 'p-moved-old', text: 'Old', createdAt: t(-200), movedTo: { kind: 'goal', at: t(-150) } }
	],
	actions: [
		{ id: 'a-old', text: 'Earlier action', createdAt: t(-60), owner: null, due: null },
		{ id: 'a-1', text: 'Book the pilot site', createdAt: t(40), owner: { name: 'Cleo' }, due: '2027-03-01' },
		{ id: 'a-2', text: 'Draft the plan', createdAt: t(41), owner: null, due: null }
	],
	votes: undefined,
	contributions: [
		{ kind: 'item', by: ann, at: t(1) },
		{ kind: 'item', by: ann, at: t(2) },
		{ kind: 'cell', by: ann, at: t(25) },
		{ kind: 'note', by: bo, at: t(26) },
		{ kind: 'item', by: cleo, at: t(3) },
		{ kind: 'item', by: cleo, at: t(4) },
		{ kind: 'item', by: cleo, at: t(40) },
		{ kind: 'cell', by: cleo, at: t(27) },
		{ kind: 'note', by: cleo, at: t(27) },
		{ kind: 'item', by: gone, at: t(5) },
		{ kind: 'item', by: cleo, at: t(-5) },
		{ kind: 'item', by: cleo, at: t(48) }
	],
	sides: { 'u-ann': 'supplier', 'u-bo': 'supplier', 'g-cleo': 'client' }
};

describe('session summary — a hand-computed session', () => {
	const s = summarizeSession(input);

	it('has the window from the first start to now while a step runs', () => {
		expect(s.window).toEqual({ start: t(0), end: t(47) });
	});

	it('compares planned and actual per step, with the overrun', () => {
		expect(s.steps.map((x) => [x.id, x.plannedMin, x.actualMs / MIN, x.overrunMs / MIN, x.ran])).toEqual([
			['s1', 20, 23, 3, true],
			['s2', 15, 12, -3, true],
			['s3', 10, 12, 2, true],
			['s4', 5, 0, 0, false]
		]);
		expect(s.totals).toEqual({ plannedMin: 50, plannedRunMin: 45, actualMs: 47 * MIN, overrunMs: 2 * MIN });
	});

	it('keeps the decisions and actions of the session only', () => {
		expect(s.decisions).toEqual([{ id: 'd-1', text: 'Pilot in Q2', decidedAt: t(30), deciders: [{ name: 'Cleo', side: 'client' }] }]);
		expect(s.actions).toEqual([
			{ id: 'a-1', text: 'Book the pilot site', owner: 'Cleo', due: '2027-03-01' },
			{ id: 'a-2', text: 'Draft the plan', owner: null, due: null }
		]);
	});

	it('lists every open parked item and those the session moved on', () => {
		expect(s.parkingLot.open.map((p) => p.id)).toEqual(['p-open-old', 'p-open']);
		expect(s.parkingLot.moved).toEqual([{ id: 'p-moved', text: 'Pilot site', kind: 'action' }]);
	});

	it('splits contributions by side, with exact shares', () => {
		expect(s.contributions.item).toEqual({ supplier: 2, client: 3, unknown: 1 });
		expect(s.contributions.cell).toEqual({ supplier: 1, client: 1, unknown: 0 });
		expect(s.contributions.note).toEqual({ supplier: 1, client: 1, unknown: 0 });
		expect(s.contributions.total).toEqual({ supplier: 4, client: 5, unknown: 1 });
		expect(sideShares(s.contributions.total)).toEqual({ client: 5 / 9, supplier: 4 / 9 });
	});

	it('shows no votes when the root is absent or malformed', () => {
		expect(s.votes).toEqual([]);
		for (const raw of [undefined, null, 7, 'x', [], { v1: 3 }, { v1: { results: 'no' } }]) expect(readVotes(raw).votes).toEqual([]);
	});
});

describe('session summary — edges', () => {
	it('has no window (and so no session actions) before any step ran', () => {
		const notRun = input.agenda.map((s) => ({ ...s, log: { startedAt: null, endedAt: null, spentMs: 0 } }));
		const s = summarizeSession({ ...input, agenda: notRun });
		expect(s.window).toBeNull();
		expect(s.actions).toEqual([]);
		expect(s.contributions.total).toEqual({ client: 0, supplier: 0, unknown: 0 });
		expect(sideShares(s.contributions.total)).toEqual({ client: 0, supplier: 0 });
	});

	it('ends the window at the last end once the agenda is over', () => {
		const ended = input.agenda.map((s) => (s.id === 's3' ? { ...s, log: { startedAt: t(35), endedAt: t(44), spentMs: 9 * MIN } } : s));
		expect(sessionWindow(ended, t(90))).toEqual({ start: t(0), end: t(44) });
		const s = summarizeSession({ ...input, agenda: ended, now: t(90) });
		expect(s.totals.actualMs).toBe(44 * MIN);
		expect(s.totals.overrunMs).toBe(-1 * MIN);
	});

	it('reads revealed votes by side and counts the hidden ones', () => {
		const raw = {
			v1: { title: 'Where to start', revealedAt: t(20), results: { g1: { client: 3, supplier: 1 }, g2: { client: 1, supplier: 4 }, bad: 'x', g3: { client: -2, supplier: 'y' } } },
			v2: { results: { g1: { client: 1, supplier: 1 } }, revealedAt: null }
		};
		const { votes, hidden } = readVotes(raw, { g1: 'Grow', g2: 'Cut costs' });
		expect(hidden).toBe(1);
		expect(votes).toEqual([
			{
				id: 'v1',
				title: 'Where to start',
				revealedAt: t(20),
				items: [
					{ itemId: 'g2', label: 'Cut costs', client: 1, supplier: 4 },
					{ itemId: 'g1', label: 'Grow', client: 3, supplier: 1 },
					{ itemId: 'g3', label: 'g3', client: 0, supplier: 0 }
				]
			}
		]);
	});

	it('labels vote results keyed by item refs: the current label by id, else the one the vote stored', () => {
		const raw = {
			v1: {
				title: 'Priorities',
				revealedAt: t(20),
				items: [
					{ ref: 'goal:g1', label: 'Grow (as voted)' },
					{ ref: 'item:l1:x', label: 'Shared forecast' },
					{ ref: 'initiative:i9', label: 'Pilot' }
				],
				results: { 'goal:g1': { client: 3, supplier: 0 }, 'item:l1:x': { client: 1, supplier: 1 }, 'initiative:i9': { client: 0, supplier: 1 } }
			}
		};
		const { votes } = readVotes(raw, { g1: 'Grow' });
		expect(votes[0].items.map((i) => [i.itemId, i.label])).toEqual([
			['goal:g1', 'Grow'],
			['item:l1:x', 'Shared forecast'],
			['initiative:i9', 'Pilot']
		]);
	});

	it('words overruns for people', () => {
		expect(overrunLabel(3 * MIN)).toBe('+3 min');
		expect(overrunLabel(-2 * MIN)).toBe('−2 min');
		expect(overrunLabel(20_000)).toBe('on time');
	});
});
