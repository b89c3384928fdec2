import { describe, expect, it } from 'vitest';
import { compareBoards, timelineBetween, trendSeries, type ComparableBoard } from '../../../src/lib/board/views/compare.ts';
import { normalizeSnapshot } from '../../../src/lib/board/views/normalize.ts';

// A small board by hand. Client: a Ana executive ops (w3), b Ben manager R&D (w1); W = 4.
// Before: goals G1 "Grow revenue", G2 "Cut cost"; cells a×G1 3, b×G1 1, a×G2 1, b×G2 3.
//   shared(G1) = 3/4 ≥ 0.5 → converges; shared(G2) = 1/4 → not. 1 of 2 converges.
//   alignment(a,b) = 1 - mean(|3-1|, |1-3|)/3 = 1 - 2/3 = 1/3.
//   internal: a engaged (2), b none → high executive, wide 1/2, deep 1.
// After: G1 renamed "Grow recurring revenue", G2 dropped, G3 "Win Asia" added; Ben now holds
//   G1 at 3 (a×G1 3, b×G1 3), a×G3 2. shared(G1) = 4/4 → converges; shared(G3) = 3/4 → converges.
//   2 of 2 converge. alignment(a,b) over G1 only = 1 - 0/3 = 1.
//   internal: both engaged → high executive, wide 2/2 = 1, deep 1.
const people = {
	a: { name: 'Ana', title: 'COO', side: 'client', level: 'executive', function: 'ops' },
	b: { name: 'Ben', title: 'R&D lead', side: 'client', level: 'manager', function: 'R&D' }
};
const before: ComparableBoard = {
	internal: true,
	snapshot: normalizeSnapshot({
		stakeholders: people,
		goals: { G1: { kind: 'goal', parentId: null, text: 'Grow revenue', order: 'a0' }, G2: { kind: 'goal', parentId: null, text: 'Cut cost', order: 'a1' } },
		cells: [
			{ stakeholderId: 'a', targetId: 'G1', priority: 3 },
			{ stakeholderId: 'b', targetId: 'G1', priority: 1 },
			{ stakeholderId: 'a', targetId: 'G2', priority: 1 },
			{ stakeholderId: 'b', targetId: 'G2', priority: 3 }
		],
		internal: { relations: { a: { relationship: 2, sponsorId: null, notes: '' }, b: { relationship: 0, sponsorId: null, notes: '' } } }
	}),
	actions: [
		{ id: 'x1', text: 'Send pricing', status: 'open', due: '2026-01-10' },
		{ id: 'x2', text: 'Book visit', status: 'open', due: null },
		{ id: 'x3', text: 'Draft plan', status: 'in-progress', due: '2026-03-01' }
	]
};
const after: ComparableBoard = {
	internal: true,
	snapshot: normalizeSnapshot({
		stakeholders: people,
		goals: { G1: { kind: 'goal', parentId: null, text: 'Grow recurring revenue', order: 'a0' }, G3: { kind: 'goal', parentId: null, text: 'Win Asia', order: 'a2' } },
		cells: [
			{ stakeholderId: 'a', targetId: 'G1', priority: 3 },
			{ stakeholderId: 'b', targetId: 'G1', priority: 3, provenance: { setBy: 'Ben' } },
			{ stakeholderId: 'a', targetId: 'G3', priority: 2 }
		],
		internal: { relations: { a: { relationship: 2, sponsorId: null, notes: '' }, b: { relationship: 3, sponsorId: null, notes: '' } } }
	}),
	actions: [
		{ id: 'x1', text: 'Send pricing', status: 'done', due: '2026-01-10' },
		{ id: 'x3', text: 'Draft plan', status: 'in-progress', due: '2026-03-01' },
		{ id: 'x4', text: 'Intro call', status: 'open', due: '2026-02-01', createdBy: 'Sam' }
	],
	authors: { G3: 'Sam' }
};

describe('compareBoards', () => {
	const c = compareBoards(before, after, '2026-02-15');
	it('lists goals added, dropped and renamed', () => {
		expect(c.targets.added.map((t) => t.text)).toEqual(['Win Asia']);
		expect(c.targets.dropped.map((t) => t.text)).toEqual(['Cut cost']);
		expect(c.targets.renamed).toEqual([{ id: 'G1', kind: 'goal', text: 'Grow recurring revenue', before: 'Grow revenue' }]);
	});
	it('lists priority shifts per executive on goals present in both', () => {
		expect(c.priorityShifts).toEqual([{ stakeholderId: 'b', name: 'Ben', level: 'manager', shifts: [{ targetId: 'G1', text: 'Grow recurring revenue', before: 1, after: 3 }] }]);
	});
	it('measures convergence, alignment and positioning before and after', () => {
		expect(c.before).toMatchObject({ converged: 1, targets: 2, positioning: { high: 'executive', wide: 0.5, deep: 1 } });
		expect(c.before.alignment).toBeCloseTo(1 / 3, 10);
		expect(c.after).toMatchObject({ converged: 2, targets: 2, alignment: 1, positioning: { high: 'executive', wide: 1, deep: 1 } });
		expect(c.startedConverging.map((t) => t.id)).toEqual(['G3']);
		expect(c.stoppedConverging.map((t) => t.id)).toEqual([]);
	});
	it('has no positioning when either side lacks internal data', () => {
		const c2 = compareBoards(before, { ...after, internal: false }, '2026-02-15');
		expect(c2.before.positioning).toBeNull();
		expect(c2.after.positioning).toBeNull();
	});
	it('lists actions done, dropped (incl. deleted while open) and overdue', () => {
		expect(c.actions.done.map((x) => x.id)).toEqual(['x1']);
		expect(c.actions.dropped.map((x) => x.id)).toEqual(['x2']);
		// x3 due 03-01 is not overdue on 02-15; x4 due 02-01 and open is; x1 is done.
		expect(c.actions.overdue.map((x) => x.id)).toEqual(['x4']);
	});
});

describe('timelineBetween', () => {
	it('names each change with who made it when the data says', () => {
		const t = timelineBetween(before, after);
		expect(t).toEqual([
			{ area: 'goal', change: 'changed', label: 'Grow revenue → Grow recurring revenue', by: null },
			{ area: 'goal', change: 'added', label: 'Win Asia', by: 'Sam' },
			{ area: 'goal', change: 'removed', label: 'Cut cost', by: null },
			{ area: 'cell', change: 'added', label: 'Ana · Win Asia: unset → 2', by: null },
			{ area: 'cell', change: 'changed', label: 'Ben · Grow recurring revenue: 1 → 3', by: 'Ben' },
			{ area: 'action', change: 'changed', label: 'Send pricing: open → done', by: null },
			{ area: 'action', change: 'added', label: 'Intro call', by: 'Sam' },
			{ area: 'action', change: 'removed', label: 'Book visit', by: null }
		]);
	});
	it('is empty between equal states', () => {
		expect(timelineBetween(after, after)).toEqual([]);
	});
});

describe('trendSeries', () => {
	it('gives convergence share, alignment and positioning per point, oldest first', () => {
		const s = trendSeries([
			{ id: 'q2', label: 'Q2', at: 200, board: after },
			{ id: 'q1', label: 'Q1', at: 100, board: before },
			{ id: 'q0', label: 'Q0', at: 50, board: { snapshot: normalizeSnapshot({}), actions: [], internal: false } }
		]);
		expect(s.map((p) => p.id)).toEqual(['q0', 'q1', 'q2']);
		expect(s[0]).toMatchObject({ convergence: null, alignment: null, positioning: null });
		expect(s[1].convergence).toBe(0.5);
		expect(s[1].positioning).toEqual({ high: 'executive', wide: 0.5, deep: 1 });
		expect(s[2]).toMatchObject({ convergence: 1, alignment: 1, positioning: { wide: 1 } });
	});
});
