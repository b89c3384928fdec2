import type { SeedPlan } from './seed.ts';

/**
 * Sizes and durations of every scenario, for a full run or the quick mode. Both run at least 3
 * repetitions of every compared figure, so that the median is a real one and the spread means something.
 */
export function paramsFor(quick: boolean) {
	const s = (quickValue: number, fullValue: number) => (quick ? quickValue : fullValue);
	return {
		quick,
		workshop: { reps: s(3, 5), clients: 60, writeRate: 30, awarenessRate: 5, warmupMs: s(1500, 3000), measureMs: s(3000, 10_000), drainMs: 1500 },
		many: { reps: s(3, 5), boards: 50, clientsPerBoard: 20, rate: 5, warmupMs: s(1500, 3000), measureMs: s(3000, 10_000), drainMs: 15_000 },
		idle: { reps: s(1, 2), connections: s(2000, 10_000), perBoard: 10, settleMs: s(2000, 5000) },
		capacity: {
			reps: 1,
			items: 500,
			clientsPerBoard: 10,
			/** Per client: one update and one awareness change a second while the board is open. */
			updateRate: 1,
			awarenessRate: 1,
			step: 25,
			maxBoards: s(150, 400),
			stepMeasureMs: s(1500, 2000),
			p99LimitMs: 100,
			maxMs: s(30_000, 100_000)
		},
		cold: { reps: s(3, 5), items: 10_000, updates: 50_000, joiners: 20, rawLog: !quick },
		durability: { editors: 20, rate: 2, sessionMs: s(12_000, 120_000), drainMs: 2000 },
		memory: { cycles: 1000, boards: 100, items: 50, parallel: 10, unloadLimitMs: 30_000, heapTolerance: 0.05 },
		page: { keyPresses: s(30, 100), matrix: { rows: 30, cols: 40 } },
		/**
		 * Scenario 9 runs the many-workshops load on this many of its boards for every deployment:
		 * two nodes apply and send every update twice, and all servers share the one server core
		 * (measured: 22–25 ms of node CPU per board-second for both nodes, so 50 boards need more than
		 * the core). At 15 the two-node deployment fits the core and the latencies mean something.
		 */
		nodes: { manyBoards: 15 }
	};
}

export type Params = ReturnType<typeof paramsFor>;

export function seedPlanFor(p: Params): SeedPlan {
	return {
		users: p.workshop.clients,
		boards: {
			workshop: { count: 1, items: 0 },
			many: { count: p.many.boards, items: 0 },
			idle: { count: Math.ceil(p.idle.connections / p.idle.perBoard), items: 0 },
			capacity: { count: p.capacity.maxBoards, items: p.capacity.items },
			durability: { count: 1, items: 0 },
			memory: { count: p.memory.boards, items: p.memory.items },
			page: { count: 1, items: p.page.matrix.cols, stakeholders: p.page.matrix.rows }
		},
		cold: { items: p.cold.items, updates: p.cold.updates }
	};
}
