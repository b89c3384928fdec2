// The nodes benchmark's pure parts: how clients are split across nodes, and the paper estimate
// (tests/bench/estimate.ts), against figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { ASSUMPTIONS, describe as describeEstimate, estimate, splitCounts, splitNode, type Costs } from '../../bench/estimate.ts';

describe('splitNode / splitCounts', () => {
	it('puts client i on node i mod n, the writer (client 0) on node 0', () => {
		expect([0, 1, 2, 3, 4].map((i) => splitNode(i, 2))).toEqual([0, 1, 0, 1, 0]);
		expect(splitNode(7, 3)).toBe(1);
		expect([0, 1, 2].map((i) => splitNode(i, 1))).toEqual([0, 0, 0]);
	});

	it('splits the workshop (60) and a many-workshops board (20) evenly', () => {
		expect(splitCounts(60, 2)).toEqual([30, 30]);
		expect(splitCounts(20, 2)).toEqual([10, 10]);
		expect(splitCounts(7, 3)).toEqual([3, 2, 2]);
	});

	it('refuses a node count that is not a positive integer', () => {
		expect(() => splitNode(0, 0)).toThrow(/positive integer/);
		expect(() => splitNode(0, 1.5)).toThrow(/positive integer/);
	});
});

// 10 ms per board-second on one node, 16 ms for both nodes together when split, PostgreSQL 5 ms and
// 20 commits, Redis 1 ms, 2,000 WAL bytes; SQLite 8 ms.
const costs: Costs = { sqliteNode: 0.008, node1: 0.01, node2: 0.016, pg: 0.005, commits: 20, walBytes: 2000, redis: 0.001 };

describe('estimate', () => {
	it('works the example out as by hand', () => {
		expect(ASSUMPTIONS).toEqual({ nodeCpu: 0.7, pgCores: 4, pgShare: 0.7, redisCpu: 0.7 });
		const e = estimate(costs);
		expect(e.sqliteBoards).toBeCloseTo(87.5, 9); // 0.7 / 0.008
		expect(e.oneNodeBoards).toBeCloseTo(70, 9); // 0.7 / 0.01
		expect(e.perNodeSplit).toBeCloseTo(43.75, 9); // 0.7 / 0.016
		expect(e.pgBoards).toBeCloseTo(560, 9); // 4 × 0.7 / 0.005
		expect(e.pgCommitsPerSecond).toBeCloseTo(11_200, 6); // 2.8 / (0.005 / 20)
		expect(e.redisBoards).toBeCloseTo(700, 9); // 0.7 / 0.001
		expect(e.ceiling).toBeCloseTo(560, 9);
		expect(e.ceilingBy).toBe('PostgreSQL');
		expect(e.walAtCeiling).toBeCloseTo(1_120_000, 3); // 560 × 2000
		expect(e.byNodes.map((n) => [n.nodes, Math.round(n.boards * 100) / 100, n.limitedBy])).toEqual([
			[1, 70, 'nodes'],
			[2, 87.5, 'nodes'],
			[4, 175, 'nodes'],
			[8, 350, 'nodes'],
			[16, 560, 'PostgreSQL'], // 700 would be the nodes' share
			[32, 560, 'PostgreSQL']
		]);
		expect(e.stopsAt).toBe(13); // ceil(560 / 43.75) = ceil(12.8)
	});

	it('names Redis when its ceiling is the lower one', () => {
		const e = estimate({ ...costs, redis: 0.002 }); // 350 boards < PostgreSQL's 560
		expect(e.ceiling).toBeCloseTo(350, 9);
		expect(e.ceilingBy).toBe('Redis');
		expect(e.stopsAt).toBe(8); // 350 / 43.75 = 8 exactly
		expect(e.byNodes.find((n) => n.nodes === 8)?.boards).toBeCloseTo(350, 9);
		expect(e.byNodes.find((n) => n.nodes === 16)?.limitedBy).toBe('Redis');
	});

	it('stops at one node when PostgreSQL cannot even keep up with one', () => {
		const e = estimate({ ...costs, pg: 0.05 }); // 2.8 / 0.05 = 56 < 70
		expect(e.oneNodeBoards).toBeCloseTo(56, 9);
		expect(e.byNodes[0].boards).toBeCloseTo(56, 9);
		expect(e.byNodes[0].limitedBy).toBe('PostgreSQL');
		expect(e.stopsAt).toBe(1);
	});

	it('gives no figure rather than a wrong one when a cost is missing', () => {
		const e = estimate({ ...costs, pg: NaN });
		expect(e.pgBoards).toBeNaN();
		expect(e.byNodes[1].boards).toBeNaN();
		expect(describeEstimate('many', { ...costs, pg: NaN }, e).join('\n')).toContain('—');
	});

	it('prints the figures it computed', () => {
		const lines = describeEstimate('workshop-shaped board', costs, estimate(costs));
		expect(lines[0]).toContain('node 8.00 ms (SQLite), 10.00 ms (PostgreSQL, one node), 16.00 ms');
		expect(lines[2]).toBe('workshop-shaped board: 1 node 70, 2 nodes 87, 4 nodes 175, 8 nodes 350, 16 nodes 560 (PostgreSQL), 32 nodes 560 (PostgreSQL)');
		expect(lines[3]).toContain('stops scaling at 13 nodes: PostgreSQL caps it at 560 boards (PostgreSQL: 560 boards = 11,200 commits/s, 1.1 MB/s WAL');
	});
});
