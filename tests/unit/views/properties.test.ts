import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeScorecard, normalizeSnapshot, pairAlignment, quadrantOf, type Scorecard } from '../../../src/lib/board/views/index.ts';
import { CLIENT_IDS, GOAL_IDS, boardAndShuffleArb, boardArb, cellArb } from './arbitraries.ts';

const views = ({ snapshot: _, ...rest }: Scorecard) => rest;

function numbers(x: unknown, out: number[] = []): number[] {
	if (typeof x === 'number') out.push(x);
	else if (typeof x === 'object' && x !== null) for (const v of Object.values(x)) numbers(v, out);
	return out;
}

const inUnit = (x: number | null) => x === null || (x >= 0 && x <= 1);

describe('view properties', () => {
	it('never throws, on anything at all', () => {
		fc.assert(
			fc.property(fc.anything(), (raw) => {
				computeScorecard(raw);
				computeScorecard({ stakeholders: raw, goals: raw, cells: raw, internal: raw, meta: raw });
			})
		);
	});

	it('never throws when any field of a board is replaced by anything', () => {
		const key = fc.constantFrom('stakeholders', 'targets', 'cells', 'internal', 'settings');
		fc.assert(
			fc.property(boardArb, key, fc.anything(), (board, k, value) => {
				computeScorecard({ ...board, [k]: value });
			})
		);
	});

	it('all numbers are finite and all ratios stay in 0..1', () => {
		fc.assert(
			fc.property(boardArb, (board) => {
				const card = computeScorecard(board);
				expect(numbers(views(card)).every(Number.isFinite)).toBe(true);
				for (const t of card.convergence.targets) {
					expect(inUnit(t.shared) && inUnit(t.known)).toBe(true);
					expect(t.known).toBeGreaterThanOrEqual(t.shared);
				}
				for (const p of card.alignment.pairs) expect(inUnit(p.alignment)).toBe(true);
				const { positioning: pos, confidence: conf } = card;
				expect([card.alignment.board, pos.wide, pos.sponsorCoverage, conf.setShare, conf.validatedShare].every(inUnit)).toBe(true);
				expect(conf.set).toBeLessThanOrEqual(conf.cells);
				expect(conf.validated).toBeLessThanOrEqual(conf.set);
				// deep is a mean count: 0 when nothing is covered, else at least 1
				expect(pos.wide === 0 ? pos.deep === 0 && pos.high === null : pos.deep >= 1 && pos.high !== null).toBe(true);
			})
		);
	});

	it('adding an unset cell changes nothing', () => {
		const unset = cellArb.map((c) => ({ ...c, priority: null }));
		fc.assert(
			fc.property(boardArb, unset, fc.nat(), (board, cell, at) => {
				const cells = [...board.cells];
				cells.splice(at % (cells.length + 1), 0, cell);
				expect(views(computeScorecard({ ...board, cells }))).toEqual(views(computeScorecard(board)));
			})
		);
	});

	it('stakeholder, cell and relation order does not matter', () => {
		fc.assert(
			fc.property(boardAndShuffleArb, ({ board, shuffled }) => {
				expect(views(computeScorecard(shuffled))).toEqual(views(computeScorecard(board)));
			})
		);
	});

	it('deleting a stakeholder is the same as also deleting its cells and relations', () => {
		fc.assert(
			fc.property(boardArb, fc.constantFrom(...CLIENT_IDS), (board, gone) => {
				const stakeholders = board.stakeholders.filter((s) => s.id !== gone);
				const dangling = { ...board, stakeholders };
				const tidy = {
					...dangling,
					cells: board.cells.filter((c) => c.stakeholderId !== gone),
					internal: { ...board.internal, relations: board.internal.relations.filter((r) => r.stakeholderId !== gone) }
				};
				expect(views(computeScorecard(dangling))).toEqual(views(computeScorecard(tidy)));
			})
		);
	});

	it('alignment is symmetric, 1 with oneself, and the board value lies within the pairs', () => {
		fc.assert(
			fc.property(boardArb, (board) => {
				const card = computeScorecard(board);
				for (const p of card.alignment.pairs) {
					expect(pairAlignment(board, p.a, p.b)).toBe(p.alignment);
					expect(pairAlignment(board, p.b, p.a)).toBe(p.alignment);
				}
				for (const s of card.snapshot.stakeholders) {
					const self = pairAlignment(board, s.id, s.id);
					const rated = card.snapshot.cells.some((c) => c.stakeholderId === s.id && c.priority !== null);
					expect(self).toBe(s.side === 'client' && rated ? 1 : null);
				}
				const defined = card.alignment.pairs.flatMap((p) => (p.alignment === null ? [] : [p.alignment]));
				if (defined.length === 0) expect(card.alignment.board).toBeNull();
				else {
					expect(card.alignment.board).toBeGreaterThanOrEqual(Math.min(...defined) - 1e-12);
					expect(card.alignment.board).toBeLessThanOrEqual(Math.max(...defined) + 1e-12);
				}
				const d = card.alignment.divergent.map((p) => p.alignment as number);
				expect(d).toEqual([...d].sort((x, y) => x - y));
			})
		);
	});

	it('raising a priority to 3 never lowers shared or known', () => {
		fc.assert(
			fc.property(boardArb, fc.constantFrom(...CLIENT_IDS), fc.constantFrom(...GOAL_IDS), (board, sid, tid) => {
				const before = computeScorecard(board).convergence.targets.find((t) => t.targetId === tid);
				const cells = [...board.cells, { stakeholderId: sid, targetId: tid, priority: 3, validated: false, setAt: 1 }];
				const after = computeScorecard({ ...board, cells }).convergence.targets.find((t) => t.targetId === tid);
				if (!before || !after) return;
				expect(after.shared).toBeGreaterThanOrEqual(before.shared);
				expect(after.known).toBeGreaterThanOrEqual(before.known);
			})
		);
	});

	it('quadrants agree with convergence and ability; ranking is sorted', () => {
		fc.assert(
			fc.property(boardArb, (board) => {
				const { convergence, whereToHelp } = computeScorecard(board);
				for (const p of whereToHelp.points) {
					expect(p.converges).toBe(convergence.totalWeight > 0 && p.x >= whereToHelp.threshold);
					expect(p.quadrant).toBe(quadrantOf(p.converges, p.y));
					if (!p.abilityKnown) expect(p.y).toBe(0);
				}
				const r = convergence.ranked;
				for (let i = 1; i < r.length; i++) {
					const [a, b] = [r[i - 1]!, r[i]!];
					expect(a.shared > b.shared || (a.shared === b.shared && a.known >= b.known)).toBe(true);
				}
			})
		);
	});

	it('normalization is idempotent', () => {
		fc.assert(
			fc.property(boardArb, (board) => {
				const once = normalizeSnapshot(board);
				expect(normalizeSnapshot(structuredClone(once))).toEqual(once);
			})
		);
	});
});
