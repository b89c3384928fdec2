import { describe, expect, it } from 'vitest';
import { cellLines, matrixLayout, matrixRows, peerLines, peerSummary, peersByCell } from '../../../src/lib/components/board/matrix/grid.ts';
import type { BoardSnapshot, Cell, Priority, Stakeholder, Target } from '../../../src/lib/board/views/types.ts';
import type { PeerState } from '../../../src/lib/board/presence/peer.ts';

const person = (id: string, side: 'client' | 'supplier', name = id): Stakeholder => ({ id, name, title: `${name}'s title`, side, level: 'senior', function: 'operations' });
const goal = (id: string, text = id): Target => ({ id, kind: 'goal', parentId: null, text, processes: [] });
const csf = (id: string, parentId: string, text = id): Target => ({ id, kind: 'csf', parentId, text, processes: [] });
const cell = (stakeholderId: string, targetId: string, priority: Priority | null, validated = false, note = ''): Cell => ({
	stakeholderId,
	targetId,
	priority,
	validated,
	note,
	provenance: { setBy: null, setAt: null, sessionId: null }
});

function board(cells: Cell[] = [], more: Partial<BoardSnapshot> = {}): BoardSnapshot {
	return {
		stakeholders: [person('c1', 'client', 'Clara Chief'), person('s1', 'supplier', 'Sam Supply'), person('c2', 'client', 'Carl Count')],
		targets: [goal('g1', 'Cut cost'), csf('f1', 'g1', 'Fewer defects'), csf('f2', 'g1', 'Faster audits'), goal('g2', 'Grow'), csf('f3', 'g2', 'New market')],
		cells,
		internal: { relations: [], ability: [] },
		settings: { threshold: 0.5 },
		...more
	};
}

const peer = (clientId: number, id: string, name: string, focus: string | null, color = '#1f77b4'): PeerState =>
	({ clientId, user: { id, name, side: 'client', color }, focus }) as PeerState;

describe('matrix grid: rows and columns', () => {
	it('has one row per client stakeholder, in board order, suppliers left out', () => {
		expect(matrixRows(board())).toEqual([
			{ id: 'c1', name: 'Clara Chief', title: "Clara Chief's title", level: 'senior', function: 'operations' },
			{ id: 'c2', name: 'Carl Count', title: "Carl Count's title", level: 'senior', function: 'operations' }
		]);
	});

	it('puts each goal first in its group, its CSFs after it, and counts the group span', () => {
		const { cols, groups } = matrixLayout(board());
		expect(cols.map((c) => [c.id, c.kind, c.goalText, c.first, c.ref])).toEqual([
			['g1', 'goal', 'Cut cost', true, 'G1'],
			['f1', 'csf', 'Cut cost', false, 'G1.1'],
			['f2', 'csf', 'Cut cost', false, 'G1.2'],
			['g2', 'goal', 'Grow', true, 'G2'],
			['f3', 'csf', 'Grow', false, 'G2.1']
		]);
		expect(groups).toEqual([
			{ id: 'g1', text: 'Cut cost', span: 3, ref: 'G1' },
			{ id: 'g2', text: 'Grow', span: 2, ref: 'G2' }
		]);
	});

	it('leaves out a CSF that comes before any goal instead of throwing', () => {
		const { cols, groups } = matrixLayout(board([], { targets: [csf('f0', 'gx'), goal('g1')] }));
		expect(cols.map((c) => c.id)).toEqual(['g1']);
		expect(groups).toEqual([{ id: 'g1', text: 'g1', span: 1, ref: 'G1' }]);
	});

	it('hands back the previous rows and layout when nothing they show changed', () => {
		const before = board();
		const rows = matrixRows(before);
		const layout = matrixLayout(before);
		// A priority change: a new snapshot, the same structure.
		const after = board([cell('c1', 'g1', 3)]);
		expect(matrixRows(after, rows)).toBe(rows);
		expect(matrixLayout(after, layout)).toBe(layout);
		// A renamed stakeholder or goal: new arrays.
		const renamed = board([], { stakeholders: [person('c1', 'client', 'Clara C.'), person('c2', 'client', 'Carl Count')] });
		expect(matrixRows(renamed, rows)).not.toBe(rows);
		expect(matrixRows(renamed, rows)[0].name).toBe('Clara C.');
		const moreCsf = board([], { targets: [...before.targets, csf('f4', 'g2', 'Partners')] });
		const grown = matrixLayout(moreCsf, layout);
		expect(grown).not.toBe(layout);
		expect(grown.groups[1].span).toBe(3);
	});

	it('keeps the columns a text change did not touch (issue #15: a remote keystroke re-rendered every cell)', () => {
		const before = board();
		const layout = matrixLayout(before);
		const typed = board([], { targets: before.targets.map((t) => (t.id === 'f3' ? { ...t, text: 'New markets' } : t)) });
		const after = matrixLayout(typed, layout);
		expect(after.cols.map((c) => c.text)).toEqual(['Cut cost', 'Fewer defects', 'Faster audits', 'Grow', 'New markets']);
		expect(after.cols.slice(0, 4).every((c, i) => c === layout.cols[i])).toBe(true);
		expect(after.cols[4]).not.toBe(layout.cols[4]);
		expect(after.groups).toBe(layout.groups);
		// A goal's text is its CSFs' goal text too: the goal, its CSFs and its group change, nothing else.
		const goalTyped = board([], { targets: before.targets.map((t) => (t.id === 'g2' ? { ...t, text: 'Grow more' } : t)) });
		const again = matrixLayout(goalTyped, layout);
		expect(again.cols.map((c, i) => c === layout.cols[i])).toEqual([true, true, true, false, false]);
		expect(again.cols[4].goalText).toBe('Grow more');
		expect(again.groups[0]).toBe(layout.groups[0]);
		expect(again.groups[1]).toEqual({ id: 'g2', text: 'Grow more', span: 2, ref: 'G2' });
	});
});

describe('matrix grid: cells', () => {
	const snap = board([cell('c1', 'g1', 3, true), cell('c1', 'f2', null, false, 'ask Carl'), cell('c2', 'f3', 0, false, 'why'), cell('c2', 'g2', null, true)]);
	const rows = matrixRows(snap);
	const { cols } = matrixLayout(snap);

	it('lays the cells out per row in column order, null where nothing is stored', () => {
		const lines = cellLines(snap, rows, cols);
		expect(lines.get('c1')).toEqual([{ priority: 3, validated: true, hasNote: false }, null, { priority: null, validated: false, hasNote: true }, null, null]);
		// A validation without a priority shows nothing: c2 × g2 is an empty mark.
		expect(lines.get('c2')).toEqual([null, null, null, { priority: null, validated: false, hasNote: false }, { priority: 0, validated: false, hasNote: true }]);
	});

	it('keeps the objects of unchanged cells and the arrays of unchanged rows', () => {
		const before = cellLines(snap, rows, cols);
		const next = board([cell('c1', 'g1', 3, true), cell('c1', 'f2', null, false, 'ask Carl'), cell('c2', 'f3', 1, false, 'why'), cell('c2', 'g2', null, true)]);
		const after = cellLines(next, rows, cols, before);
		expect(after.get('c1')).toBe(before.get('c1'));
		const c2 = after.get('c2')!;
		expect(c2).not.toBe(before.get('c2'));
		expect(c2[3]).toBe(before.get('c2')![3]);
		expect(c2[4]).toEqual({ priority: 1, validated: false, hasNote: true });
	});
});

describe('matrix grid: other people on cells', () => {
	const snap = board();
	const rows = matrixRows(snap);
	const { cols } = matrixLayout(snap);
	const peers = [
		peer(1, 'u-sam', 'Sam Supply', 'cell:c1|f1', '#2ca02c'),
		peer(2, 'u-sam', 'Sam Supply', 'cell:c1|f1', '#2ca02c'), // a second tab: counted once
		peer(3, 'u-ann', 'Ann Other', 'cell:c1|f1', '#d62728'),
		peer(4, 'me', 'Me Myself', 'cell:c2|g1'), // my own other tab: not shown
		peer(5, 'u-bo', 'Bo', 'goal:g1'), // not on the matrix
		peer(6, 'u-cy', 'Cy', 'cell:gone|f1') // a row that no longer exists
	];

	it('groups people by cell, once each, never me, only cell focus', () => {
		const at = peersByCell(peers, 'me');
		expect([...at.keys()]).toEqual(['c1|f1', 'gone|f1']);
		expect(at.get('c1|f1')!.map((u) => u.id)).toEqual(['u-sam', 'u-ann']);
	});

	it('marks a cell with the first person’s colour and initials and everyone’s names', () => {
		const lines = peerLines(peersByCell(peers, 'me'), rows, cols);
		expect(lines.get('c1')).toEqual([null, { color: '#2ca02c', initials: 'SS', names: 'Sam Supply, Ann Other' }, null, null, null]);
		expect(lines.get('c2')).toEqual([]); // nobody on this row: one shared empty line, read as null per cell
		expect(lines.get('c2')).toBe(lines.get('c3') ?? lines.get('c2'));
		const again = peerLines(peersByCell(peers, 'me'), rows, cols, lines);
		expect(again.get('c1')).toBe(lines.get('c1'));
	});

	it('summarises where each person is, only for cells on the grid', () => {
		expect(peerSummary(peersByCell(peers, 'me'), rows, cols).map((p) => `${p.user.name}: ${p.where}`)).toEqual([
			'Sam Supply: Clara Chief × Fewer defects',
			'Ann Other: Clara Chief × Fewer defects'
		]);
	});
});
