import { describe, expect, it } from 'vitest';
import { computeCoverage, overdueTouchPoints } from '../../../src/lib/board/views/coverage.ts';
import { normalizeEngagement } from '../../../src/lib/board/views/engagement.ts';
import { touchPointsForReport } from '../../../src/lib/board/views/touchPointReport.ts';

// Hand-computed: suppliers A (sales), B (marketing), C (R&D), D (service), E (sales); clients X
// (executive, weight 3), Y (senior, 2), Z (manager, 1): W = 6. g1 held by X (3) and Y (2):
// shared 5/6 ≥ 0.5, converges; g2 held by Z only: 1/6, does not. Today is 2026-12-01.
const board = {
	stakeholders: {
		A: { name: 'Ann', side: 'supplier', level: 'manager', function: 'sales', order: 'a0' },
		B: { name: 'Bo', side: 'supplier', level: 'manager', function: 'Marketing', order: 'a1' },
		C: { name: 'Cy', side: 'supplier', level: 'manager', function: 'R&D', order: 'a2' },
		D: { name: 'Di', side: 'supplier', level: 'manager', function: 'service', order: 'a3' },
		E: { name: 'Ed', side: 'supplier', level: 'executive', function: 'sales', order: 'a4' },
		X: { name: 'Xena', side: 'client', level: 'executive', function: 'operations', order: 'b0' },
		Y: { name: 'Yann', side: 'client', level: 'senior', function: 'purchasing', order: 'b1' },
		Z: { name: 'Zoe', side: 'client', level: 'manager', function: 'quality', order: 'b2' }
	},
	goals: {
		g1: { kind: 'goal', parentId: null, text: 'Lower cost to serve', order: 'a0', processes: [] },
		g2: { kind: 'goal', parentId: null, text: 'Faster launches', order: 'a1', processes: [] }
	},
	cells: [
		{ stakeholderId: 'X', targetId: 'g1', priority: 3, validated: true },
		{ stakeholderId: 'Y', targetId: 'g1', priority: 2, validated: true },
		{ stakeholderId: 'Z', targetId: 'g2', priority: 3, validated: true }
	]
};
const tp = (stakeholderId: string, ownerId: string, channel: string, due: string | null, extra: Record<string, unknown> = {}) => ({
	stakeholderId, ownerId, channel, purpose: 'p', cadence: 'once', due, function: 'sales', status: 'planned', createdBy: { id: 'u', name: 'U' }, createdAt: 1, ...extra
});
const touch = (stakeholderId: string, byId: string, channel: string, date: string) => ({ stakeholderId, byId, channel, date, outcome: '', touchPointId: null, createdBy: { id: 'u', name: 'U' }, createdAt: 1 });
const engagement = {
	engagement: { X: { owners: ['E'], notes: 'secret', email: '' } },
	touchPoints: { tp1: tp('Z', 'A', 'call', '2026-12-10'), tp2: tp('Z', 'B', 'email', '2026-11-20') },
	touches: {
		t1: touch('Z', 'A', 'call', '2026-11-25'),
		t2: touch('Z', 'B', 'event', '2026-11-10'),
		t3: touch('Z', 'C', 'in-person', '2026-11-05'),
		t4: touch('Y', 'D', 'email', '2026-08-01'),
		// In the future: not a touch yet.
		t5: touch('X', 'A', 'call', '2026-12-05')
	}
};
const today = '2026-12-01';

describe('coverage: supplier people × client stakeholders (hand-computed)', () => {
	const view = computeCoverage({ board, engagement, preferences: { Z: { channels: ['email'] } }, today });

	it('one cell per pair with anything, in board order, with channels, last touch and days since', () => {
		expect(view.cells.map((c) => `${c.supplierId}|${c.clientId}`)).toEqual(['A|Z', 'B|Z', 'C|Z', 'D|Y', 'E|X']);
		const [az, bz, cz, dy, ex] = view.cells;
		expect(az).toMatchObject({ channels: ['call'], planned: 1, lastTouch: '2026-11-25', daysSince: 6, engaged: true, owner: false });
		expect(bz).toMatchObject({ channels: ['email', 'event'], planned: 1, lastTouch: '2026-11-10', daysSince: 21, engaged: true });
		expect(cz).toMatchObject({ channels: ['in-person'], planned: 0, lastTouch: '2026-11-05', daysSince: 26, engaged: true });
		// 122 days ago: past the 90 engaged days.
		expect(dy).toMatchObject({ channels: ['email'], lastTouch: '2026-08-01', daysSince: 122, engaged: false });
		// Owning the relationship is not engaging: no touch, nothing planned (the future touch is not counted).
		expect(ex).toMatchObject({ owner: true, channels: [], planned: 0, lastTouch: null, engaged: false });
	});

	it('rows: who engages each client stakeholder and how recently', () => {
		expect(view.rows).toEqual([
			{ clientId: 'X', engagedBy: [], lastTouch: null, daysSince: null },
			{ clientId: 'Y', engagedBy: [], lastTouch: '2026-08-01', daysSince: 122 },
			{ clientId: 'Z', engagedBy: ['A', 'B', 'C'], lastTouch: '2026-11-25', daysSince: 6 }
		]);
	});

	it('gaps: the converging goal nobody engages, volume on Zoe, an off-channel and an overdue touch point', () => {
		expect(view.gaps).toEqual([
			{ kind: 'unengaged-goal', targetId: 'g1', text: 'Lower cost to serve', holders: ['X', 'Y'] },
			// Three functions in the last 30 days (sales, marketing, R&D); the next 30 days have two people from two.
			{ kind: 'volume', stakeholderId: 'Z', windows: [{ window: 'recent', people: ['A', 'B', 'C'], functions: ['sales', 'marketing', 'r&d'] }] },
			{ kind: 'off-channel', stakeholderId: 'Z', touchPointId: 'tp1', channel: 'call', preferred: ['email'] },
			{ kind: 'overdue', stakeholderId: 'Z', touchPointId: 'tp2', due: '2026-11-20' }
		]);
	});

	it('a converging goal is no gap once one of its holders is engaged', () => {
		const more = { ...engagement, touchPoints: { ...engagement.touchPoints, tp3: tp('Y', 'D', 'briefing', '2026-12-20') } };
		expect(computeCoverage({ board, engagement: more, today }).gaps.filter((g) => g.kind === 'unengaged-goal')).toEqual([]);
	});

	it('volume by people: five people of one function within 30 days is too much, four is not; 30 days ago is outside the window', () => {
		const five = { A: '2026-11-02', B: '2026-11-30', C: '2026-11-15', D: '2026-11-20', E: '2026-11-21' };
		const people = Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((id) => [id, { ...board.stakeholders[id as 'A'], function: 'sales' }]));
		const b2 = { ...board, stakeholders: { ...board.stakeholders, ...people } };
		const touches = (dates: Record<string, string>) => Object.fromEntries(Object.entries(dates).map(([by, date]) => [`t-${by}`, touch('X', by, 'email', date)]));
		const gapsOf = (dates: Record<string, string>) => computeCoverage({ board: b2, engagement: { touches: touches(dates) }, today }).gaps.filter((g) => g.kind === 'volume');
		// 2026-11-02 is 29 days before 2026-12-01: inside.
		expect(gapsOf(five)).toEqual([{ kind: 'volume', stakeholderId: 'X', windows: [{ window: 'recent', people: ['A', 'B', 'C', 'D', 'E'], functions: ['sales'] }] }]);
		// 2026-11-01 is 30 days before: outside, four people remain.
		expect(gapsOf({ ...five, A: '2026-11-01' })).toEqual([]);
	});

	it('volume in the plan: recurring undated and overdue touch points count for the next 30 days, ones past it do not', () => {
		const plan = {
			touchPoints: {
				a: tp('X', 'A', 'call', null, { cadence: 'monthly' }),
				b: tp('X', 'B', 'email', '2026-11-01'),
				c: tp('X', 'C', 'event', '2026-12-30'),
				// 31 days ahead: outside; done: not planned.
				d: tp('X', 'D', 'event', '2027-01-01'),
				e: tp('X', 'E', 'event', '2026-12-02', { status: 'done' })
			}
		};
		const volume = computeCoverage({ board, engagement: plan, today }).gaps.filter((g) => g.kind === 'volume');
		expect(volume).toEqual([{ kind: 'volume', stakeholderId: 'X', windows: [{ window: 'planned', people: ['A', 'B', 'C'], functions: ['sales', 'marketing', 'r&d'] }] }]);
	});

	it('tolerates junk: unknown channels, missing fields, deleted stakeholders', () => {
		const junk = { touchPoints: { x: { stakeholderId: 'Z', channel: 'fax' }, y: tp('gone', 'A', 'call', '2026-11-01'), z: 5 }, touches: { t: touch('Z', 'nobody', 'call', '2026-11-30') }, engagement: { Z: 'x' } };
		const v = computeCoverage({ board, engagement: junk, today });
		expect(v.cells).toEqual([]);
		expect(v.gaps.map((g) => g.kind)).toEqual(['unengaged-goal']);
	});
});

describe('overdue touch points and the report lines', () => {
	it('lists planned touch points past their date, oldest first', () => {
		const data = { touchPoints: { a: tp('Z', 'A', 'call', '2026-11-30'), b: tp('Z', 'A', 'call', '2026-10-01'), c: tp('Z', 'A', 'call', '2026-12-01'), d: tp('Z', 'A', 'call', '2026-09-01', { status: 'done' }) } };
		expect(overdueTouchPoints(data, today).map((t) => t.id)).toEqual(['b', 'a']);
		expect(overdueTouchPoints(normalizeEngagement(data), today).map((t) => t.id)).toEqual(['b', 'a']);
	});

	it('touchPointsForReport: names and labels, planned first by date, a session window selects those agreed in it', () => {
		const data = {
			touchPoints: {
				a: tp('Z', 'A', 'briefing', '2026-12-10', { createdAt: 100, cadence: 'quarterly', function: 'marketing', purpose: 'Roadmap' }),
				b: tp('X', 'nobody', 'call', '2026-11-01', { createdAt: 200 }),
				c: tp('Y', 'B', 'email', null, { createdAt: 300, status: 'done' })
			}
		};
		const lines = touchPointsForReport(data, board, { today });
		expect(lines.map((l) => [l.id, l.stakeholder, l.owner, l.channel, l.cadence, l.function, l.overdue])).toEqual([
			['b', 'Xena', '—', 'Call', 'Once', 'Sales', true],
			['a', 'Zoe', 'Ann', 'Briefings', 'Quarterly', 'Marketing', false],
			['c', 'Yann', 'Bo', 'Email', 'Once', 'Sales', false]
		]);
		expect(touchPointsForReport(data, board, { today, window: { start: 150, end: 300 } }).map((l) => l.id)).toEqual(['b', 'c']);
	});
});
