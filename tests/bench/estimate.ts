// The paper estimate of the nodes scenario (scenarios/nodes.ts): from the measured cost of a board
// (CPU per board-second on a node, on PostgreSQL and on Redis), how many boards N nodes serve and
// from how many nodes on adding one serves no more (PostgreSQL's CPU, i.e. its commit rate, or Redis).
// Pure arithmetic, so that the printed figures follow from the measured ones (tests/unit/bench).

/**
 * The node that client `i` of a board connects to: i mod nodes, so every board's clients split as
 * evenly as they go and client 0 (the workshop's writer) is on node 0.
 */
export function splitNode(i: number, nodes: number): number {
	if (!(nodes >= 1) || !Number.isInteger(nodes)) throw new Error(`nodes must be a positive integer, got ${nodes}`);
	return i % nodes;
}

/** How many of a board's `clients` each node gets under splitNode. */
export function splitCounts(clients: number, nodes: number): number[] {
	const counts = new Array<number>(nodes).fill(0);
	for (let i = 0; i < clients; i++) counts[splitNode(i, nodes)]++;
	return counts;
}

/** What the estimate takes as given (stated with it): how much CPU each part may use. */
export interface Assumptions {
	/** CPU seconds per second a node may use: its event loop is one core; the rest is headroom for bursts and GC. */
	nodeCpu: number;
	/** The PostgreSQL host's cores, and the share of each it may use. */
	pgCores: number;
	pgShare: number;
	/** Redis runs its commands on one thread. */
	redisCpu: number;
}

export const ASSUMPTIONS: Assumptions = { nodeCpu: 0.7, pgCores: 4, pgShare: 0.7, redisCpu: 0.7 };

/** Measured costs, per board-second of offered load (seconds of CPU, counts, bytes). */
export interface Costs {
	/** One node on SQLite (for comparison). */
	sqliteNode: number;
	/** One node on PostgreSQL, every client of a board on it. */
	node1: number;
	/** Both nodes together, every board's clients split across them (each node applies every update). */
	node2: number;
	/** PostgreSQL, all its processes (two-node run: what a cluster asks of it, relay checks included). */
	pg: number;
	/** PostgreSQL write transactions per board-second (two-node run). */
	commits: number;
	/** WAL bytes per board-second (two-node run). */
	walBytes: number;
	redis: number;
}

export type Limit = 'nodes' | 'PostgreSQL' | 'Redis';

export interface Estimate {
	/** Boards one node serves (node-limited): on SQLite, on PostgreSQL. */
	sqliteBoards: number;
	oneNodeBoards: number;
	/** Boards per node when every board's clients are split across two nodes (node2 is both nodes' cost). */
	perNodeSplit: number;
	/** Boards PostgreSQL's CPU allows, and the commit rate that is. */
	pgBoards: number;
	pgCommitsPerSecond: number;
	redisBoards: number;
	/** The ceiling no number of nodes passes, and what sets it. */
	ceiling: number;
	ceilingBy: Exclude<Limit, 'nodes'>;
	/** WAL PostgreSQL writes at the ceiling, bytes/s. */
	walAtCeiling: number;
	byNodes: Array<{ nodes: number; boards: number; limitedBy: Limit }>;
	/** The smallest node count that reaches the ceiling: more nodes serve no more boards. */
	stopsAt: number;
}

const capacity = (budget: number, cost: number): number => (cost > 0 ? budget / cost : cost === 0 ? Infinity : NaN);

/**
 * One node serves nodeCpu / node1 boards (no Redis). N ≥ 2 nodes serve N × nodeCpu / node2 boards
 * (the measured split: every board on two nodes). Neither passes PostgreSQL's CPU
 * (pgCores × pgShare / pg) or Redis's (redisCpu / redis).
 */
export function estimate(c: Costs, a: Assumptions = ASSUMPTIONS, nodeCounts: number[] = [1, 2, 4, 8, 16, 32]): Estimate {
	const pgBudget = a.pgCores * a.pgShare;
	const pgBoards = capacity(pgBudget, c.pg);
	const redisBoards = capacity(a.redisCpu, c.redis);
	const ceilingBy = redisBoards < pgBoards ? 'Redis' : 'PostgreSQL';
	const ceiling = Math.min(pgBoards, redisBoards);
	const oneNode = capacity(a.nodeCpu, c.node1);
	const perNodeSplit = capacity(a.nodeCpu, c.node2);
	const byNodes = nodeCounts.map((nodes) => {
		if (nodes === 1) return oneNode <= pgBoards ? { nodes, boards: oneNode, limitedBy: 'nodes' as Limit } : { nodes, boards: pgBoards, limitedBy: 'PostgreSQL' as Limit };
		const served = nodes * perNodeSplit;
		return served <= ceiling ? { nodes, boards: served, limitedBy: 'nodes' as Limit } : { nodes, boards: ceiling, limitedBy: ceilingBy as Limit };
	});
	return {
		sqliteBoards: capacity(a.nodeCpu, c.sqliteNode),
		oneNodeBoards: Math.min(oneNode, pgBoards),
		perNodeSplit,
		pgBoards,
		pgCommitsPerSecond: c.commits > 0 ? pgBudget / (c.pg / c.commits) : NaN,
		redisBoards,
		ceiling,
		ceilingBy,
		walAtCeiling: ceiling * c.walBytes,
		byNodes,
		stopsAt: oneNode >= pgBoards ? 1 : Math.max(2, Math.ceil(ceiling / perNodeSplit))
	};
}

// Whole boards, rounded down (past float dust: 4 × 0.7 / 0.016 is 174.99999…).
const whole = (x: number): string => (Number.isFinite(x) ? Math.floor(x + 1e-9).toLocaleString('en-US') : x === Infinity ? 'unbounded' : '—');

/** The estimate as printed lines (the scenario logs them and keeps them in the JSON). */
export function describe(shape: string, c: Costs, e: Estimate, a: Assumptions = ASSUMPTIONS): string[] {
	const ms = (s: number) => `${(s * 1000).toFixed(2)} ms`;
	return [
		`${shape}: measured per board-second: node ${ms(c.sqliteNode)} (SQLite), ${ms(c.node1)} (PostgreSQL, one node), ${ms(c.node2)} (both nodes together, clients split); PostgreSQL ${ms(c.pg)}, ${c.commits.toFixed(1)} commits, ${(c.walBytes / 1024).toFixed(1)} KiB WAL; Redis ${ms(c.redis)}`,
		`${shape}: assuming a node may use ${a.nodeCpu} CPU/s, PostgreSQL ${a.pgCores} cores × ${a.pgShare}, Redis ${a.redisCpu}: one node serves ${whole(e.sqliteBoards)} boards on SQLite, ${whole(e.oneNodeBoards)} on PostgreSQL; split across nodes ${whole(e.perNodeSplit)} per node`,
		`${shape}: ${e.byNodes.map((n) => `${n.nodes} node${n.nodes > 1 ? 's' : ''} ${whole(n.boards)}${n.limitedBy === 'nodes' ? '' : ` (${n.limitedBy})`}`).join(', ')}`,
		`${shape}: stops scaling at ${e.stopsAt} nodes: ${e.ceilingBy} caps it at ${whole(e.ceiling)} boards (PostgreSQL: ${whole(e.pgBoards)} boards = ${whole(e.pgCommitsPerSecond)} commits/s, ${(e.walAtCeiling / 1e6).toFixed(1)} MB/s WAL at the ceiling; Redis: ${whole(e.redisBoards)} boards)`
	];
}
