import { healthMetrics, interleaved, singleServer, start, type Context, type Window } from '../context.ts';
import { PgBackends, type PgWindow } from '../pgCluster.ts';
import { ASSUMPTIONS, describe, estimate, splitCounts, type Costs, type Estimate } from '../estimate.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { median, range, ratio } from '../stats.ts';
import { workshopLoad, type Rep as WorkshopRep } from './workshop.ts';
import { manyLoad, type Rep as ManyRep } from './many.ts';

// The workshop and many-workshops loads (the same clients, the same paramsFor figures; the many
// load on params.nodes.manyBoards of its boards, the same for every deployment) against
// three deployments of Tandem, interleaved: one node on SQLite (what scenarios 1 and 2 measure),
// one node on PostgreSQL, and two nodes on PostgreSQL + Redis with every board's clients split
// across them. All servers (nodes, PostgreSQL, Redis) share the server core: CPU seconds are the
// figures to compare; the two-node latencies include two nodes sharing one core.

const SCENARIO = '9 nodes';

type Kind = 'sqlite' | 'pg' | 'pg2';
const ALL_KINDS: Kind[] = ['sqlite', 'pg', 'pg2'];
/** `BENCH_NODES_KINDS=pg2` (diagnosis runs): only these deployments; the ratios against SQLite then read n/a. */
const KINDS: Kind[] = process.env.BENCH_NODES_KINDS ? ALL_KINDS.filter((k) => process.env.BENCH_NODES_KINDS!.split(',').includes(k)) : ALL_KINDS;
/** `BENCH_NODES_SHAPES=many` (diagnosis runs): only these loads. */
const shapeWanted = (name: string) => !process.env.BENCH_NODES_SHAPES || process.env.BENCH_NODES_SHAPES.split(',').includes(name);
const LABEL: Record<Kind, string> = { sqlite: 'SQLite, 1 node', pg: 'PostgreSQL, 1 node', pg2: 'PostgreSQL + Redis, 2 nodes' };
/** Our expectation (not a budget of the issue): one node on PostgreSQL within this of one node on SQLite. */
const PG_EXPECTED = 1.5;

interface Shape<R> {
	name: 'workshop' | 'many';
	title: string;
	boards: number;
	clientsPerBoard: number;
	load(ctx: Context, d: Parameters<typeof workshopLoad>[1]): Promise<R>;
	/** Seconds of offered load the window's CPU pays for (many: until all delivered, for this load). */
	loadSeconds(r: R): number;
}

type AnyRep = (WorkshopRep | ManyRep) & { window: Window | PgWindow };
const services = (r: AnyRep) => (r.window as PgWindow).services;

async function once<R extends AnyRep>(ctx: Context, backends: PgBackends, kind: Kind, shape: Shape<R>): Promise<R> {
	const label = `nodes-${shape.name}-${kind}`;
	if (kind === 'sqlite') {
		const { server, target, dispose } = await start(ctx, 'tandem', label, { startTimeoutMs: 120_000 });
		try {
			return await shape.load(ctx, singleServer(server, target));
		} finally {
			await dispose();
		}
	}
	const { deployment, dispose } = await backends.deploy(ctx, kind === 'pg' ? 1 : 2, label);
	try {
		return await shape.load(ctx, deployment);
	} finally {
		await dispose();
	}
}

/** The median and min–max of one figure of one deployment's repetitions. */
function figure<R>(reps: Map<Kind, R[]>, kind: Kind, f: (r: R) => number): Pick<Metric, 'values' | 'ranges'> {
	const xs = (reps.get(kind) ?? []).map(f);
	return { values: { tandem: median(xs) }, ranges: { tandem: range(xs) } };
}

/** A figure of a PostgreSQL deployment against SQLite's: the ratio of medians, and of repetition i to repetition i. */
function againstSqlite<R>(reps: Map<Kind, R[]>, kind: Kind, f: (r: R) => number): Pick<Metric, 'values' | 'ranges' | 'ratio' | 'ratioRange' | 'against'> {
	const ours = (reps.get(kind) ?? []).map(f);
	const base = (reps.get('sqlite') ?? []).map(f);
	return { ...figure(reps, kind, f), ratio: ratio(median(ours), median(base)), ratioRange: range(ours.map((o, i) => ratio(o, base[i] ?? NaN))), against: 'sqlite' };
}

function shapeMetrics<R extends AnyRep>(ctx: Context, shape: Shape<R>, reps: Map<Kind, R[]>): { metrics: Metric[]; costs: Costs; caveat?: string } {
	const s = shape.title;
	const boardSeconds = (r: R) => shape.boards * shape.loadSeconds(r);
	const perSecond = (r: R) => r.window.seconds;
	const metrics: Metric[] = [];
	const expected = (m: Pick<Metric, 'ratio'>) => ({ budget: `expect <= ${PG_EXPECTED}x SQLite`, expectation: true, met: Number.isFinite(m.ratio) ? m.ratio! <= PG_EXPECTED : null });
	for (const [what, f] of [
		['fan-out p50', (r: R) => r.p50],
		['fan-out p99', (r: R) => r.p99]
	] as const) {
		for (const kind of KINDS) {
			const name = `${s}: ${what}, ${LABEL[kind]}`;
			if (kind === 'sqlite') metrics.push({ scenario: SCENARIO, name, unit: 'ms', ...figure(reps, kind, f) });
			else {
				const m = againstSqlite(reps, kind, f);
				metrics.push({ scenario: SCENARIO, name, unit: 'ms', ...m, ...(kind === 'pg' ? expected(m) : {}) });
			}
		}
	}
	for (const side of ['sameNode', 'otherNode'] as const)
		for (const q of ['p50', 'p99'] as const)
			metrics.push({
				scenario: SCENARIO,
				name: `${s}: fan-out ${q}, 2 nodes, receivers on ${side === 'sameNode' ? "the writer's node" : 'the other node'}`,
				unit: 'ms',
				...figure(reps, 'pg2', (r) => r[side][q])
			});
	for (const kind of KINDS) {
		const worst = Math.min(...(reps.get(kind) ?? []).map((r) => r.delivery));
		metrics.push({ scenario: SCENARIO, name: `${s}: delivered, ${LABEL[kind]}`, unit: '%', ...figure(reps, kind, (r) => r.delivery), budget: '100% (every rep)', met: Number.isFinite(worst) ? worst >= 1 : null });
	}
	if (shape.name === 'workshop')
		for (const kind of KINDS) {
			const worst = Math.min(...(reps.get(kind) ?? []).map((r) => (r as WorkshopRep).awarenessDelivery));
			metrics.push({
				scenario: SCENARIO,
				name: `${s}: awareness delivered, ${LABEL[kind]}`,
				unit: '%',
				...figure(reps, kind, (r) => (r as WorkshopRep).awarenessDelivery),
				budget: '>= 99% (every rep)',
				met: Number.isFinite(worst) ? worst >= 0.99 : null
			});
		}
	// CPU per second of the window (workshop: steady load; many: from the first send until all delivered).
	metrics.push({ scenario: SCENARIO, name: `${s}: node CPU/s, ${LABEL.sqlite}`, unit: 's', ...figure(reps, 'sqlite', (r) => r.window.serverCpu / perSecond(r)) });
	{
		const m = againstSqlite(reps, 'pg', (r) => r.window.serverCpu / perSecond(r));
		metrics.push({ scenario: SCENARIO, name: `${s}: node CPU/s, ${LABEL.pg}`, unit: 's', ...m, ...expected(m) });
	}
	for (const node of [0, 1])
		metrics.push({ scenario: SCENARIO, name: `${s}: node CPU/s, 2 nodes, node ${node + 1}`, unit: 's', ...figure(reps, 'pg2', (r) => r.window.nodeCpu[node] / perSecond(r)) });
	for (const kind of ['pg', 'pg2'] as const) {
		metrics.push({ scenario: SCENARIO, name: `${s}: PostgreSQL CPU/s, ${LABEL[kind]}`, unit: 's', ...figure(reps, kind, (r) => services(r).pgCpu / perSecond(r)) });
		metrics.push({ scenario: SCENARIO, name: `${s}: PostgreSQL commits/s, ${LABEL[kind]}`, unit: 'count', ...figure(reps, kind, (r) => services(r).commits / perSecond(r)) });
	}
	metrics.push({ scenario: SCENARIO, name: `${s}: Redis CPU/s, 2 nodes`, unit: 's', ...figure(reps, 'pg2', (r) => services(r).redisCpu! / perSecond(r)) });
	for (const kind of KINDS)
		metrics.push({
			scenario: SCENARIO,
			name: `${s}: disk bytes written per update byte, ${LABEL[kind]}`,
			unit: 'x',
			...figure(reps, kind, (r) => (r.window.written + (kind === 'sqlite' ? 0 : services(r).pgWritten)) / r.updateBytes),
			note: kind === 'sqlite' ? undefined : "write_bytes of the nodes and of PostgreSQL's processes (/proc/<pid>/io) over the update bytes sent"
		});
	metrics.push({ scenario: SCENARIO, name: `${s}: PostgreSQL WAL per update byte, 2 nodes`, unit: 'x', ...figure(reps, 'pg2', (r) => services(r).walBytes / r.updateBytes) });

	const cost = (kind: Kind, f: (r: R) => number) => median((reps.get(kind) ?? []).map((r) => f(r) / boardSeconds(r)));
	const costs: Costs = {
		sqliteNode: cost('sqlite', (r) => r.window.serverCpu),
		node1: cost('pg', (r) => r.window.serverCpu),
		node2: cost('pg2', (r) => r.window.serverCpu),
		pg: cost('pg2', (r) => services(r).pgCpu),
		commits: cost('pg2', (r) => services(r).commits),
		walBytes: cost('pg2', (r) => services(r).walBytes),
		redis: cost('pg2', (r) => services(r).redisCpu!)
	};
	// The per-board costs the estimate takes (medians of the per-repetition figures shown here).
	const cpuOf = { node: (r: R) => r.window.serverCpu, pg: (r: R) => services(r).pgCpu, redis: (r: R) => services(r).redisCpu! };
	for (const [kind, part, what] of [
		['sqlite', 'node', 'node, SQLite'],
		['pg', 'node', 'node, PostgreSQL 1 node'],
		['pg2', 'node', 'both nodes together, 2 nodes'],
		['pg2', 'pg', 'PostgreSQL, 2 nodes'],
		['pg2', 'redis', 'Redis, 2 nodes']
	] as const)
		metrics.push({ scenario: SCENARIO, name: `${s}: CPU per board-second, ${what}`, unit: 'ms', ...figure(reps, kind, (r) => (cpuOf[part](r) / boardSeconds(r)) * 1000) });
	if (shape.name === 'many')
		for (const kind of KINDS)
			metrics.push({ scenario: SCENARIO, name: `${s}: late sends (load generator behind), ${LABEL[kind]}`, unit: 'count', ...figure(reps, kind, (r) => (r as ManyRep).lateFires) });
	ctx.log(`  ${s}: clients per board split ${splitCounts(shape.clientsPerBoard, 2).join(' / ')} across the two nodes`);
	// A repetition that did not deliver everything did not do all its work inside the window.
	const behind = KINDS.reduce((n, k) => n + (reps.get(k) ?? []).filter((r) => !(r.delivery >= 1)).length, 0);
	const total = KINDS.reduce((n, k) => n + (reps.get(k) ?? []).length, 0);
	const caveat = behind ? `${behind} of ${total} repetitions did not deliver everything in time: their CPU misses the backlog, so these costs are lower bounds and the board counts upper bounds` : undefined;
	return { metrics, costs, caveat };
}

function estimateMetrics(title: string, e: Estimate, caveat?: string): Metric[] {
	const boards = (x: number) => (Number.isFinite(x) ? Math.floor(x + 1e-9) : NaN);
	return [
		{ scenario: SCENARIO, name: `${title}: paper estimate, boards one node serves on SQLite / PostgreSQL`, unit: '', values: { tandem: `${boards(e.sqliteBoards)} / ${boards(e.oneNodeBoards)}` } },
		{
			scenario: SCENARIO,
			name: `${title}: paper estimate, boards on ${e.byNodes.map((n) => n.nodes).join(' / ')} nodes`,
			unit: '',
			values: { tandem: e.byNodes.map((n) => `${boards(n.boards)}${n.limitedBy === 'nodes' ? '' : '*'}`).join(' / ') },
			note: `* capped by ${e.ceilingBy}; assumptions: node ${ASSUMPTIONS.nodeCpu} CPU/s, PostgreSQL ${ASSUMPTIONS.pgCores} cores x ${ASSUMPTIONS.pgShare}, Redis ${ASSUMPTIONS.redisCpu} CPU/s`
		},
		{
			scenario: SCENARIO,
			name: `${title}: paper estimate, stops scaling at (nodes; ceiling)`,
			unit: '',
			values: { tandem: `${e.stopsAt} nodes; ${boards(e.ceiling)} boards, ${e.ceilingBy} (${boards(e.pgCommitsPerSecond)} commits/s)` },
			note: caveat
		}
	];
}

export async function nodes(ctx: Context): Promise<ScenarioReport> {
	const pw = ctx.params.workshop;
	const pm = ctx.params.many;
	ctx.log('  starting PostgreSQL and Redis, seeding PostgreSQL');
	const backends = await PgBackends.start(ctx);
	try {
		const workshopShape: Shape<WorkshopRep> = { name: 'workshop', title: 'workshop', boards: 1, clientsPerBoard: pw.clients, load: workshopLoad, loadSeconds: (r) => r.window.seconds };
		// `BENCH_NODES_MANY_BOARDS=50` (diagnosis runs): another board count.
		const manyBoards = Math.min(pm.boards, Number(process.env.BENCH_NODES_MANY_BOARDS) || ctx.params.nodes.manyBoards);
		const manyShape: Shape<ManyRep> = { name: 'many', title: 'many', boards: manyBoards, clientsPerBoard: pm.clientsPerBoard, load: (c, d) => manyLoad(c, d, manyBoards), loadSeconds: () => (pm.warmupMs + pm.measureMs) / 1000 };
		ctx.log('  workshop load');
		const w = await interleaved(ctx, shapeWanted('workshop') ? pw.reps : 0, (kind: Kind) => once(ctx, backends, kind, workshopShape), KINDS);
		ctx.log(`  many-workshops load on ${manyBoards} boards`);
		const m = await interleaved(ctx, shapeWanted('many') ? pm.reps : 0, (kind: Kind) => once(ctx, backends, kind, manyShape), KINDS);
		const ws = shapeMetrics(ctx, workshopShape, w);
		const ms = shapeMetrics(ctx, manyShape, m);
		const estimates = {
			workshop: { costs: ws.costs, estimate: estimate(ws.costs) },
			many: { costs: ms.costs, estimate: estimate(ms.costs) }
		};
		const lines: string[] = [
			...describe(`workshop-shaped board (${pw.clients} people, ${pw.writeRate} updates/s, ${pw.clients - 1} cursors at ${pw.awarenessRate}/s)`, ws.costs, estimates.workshop.estimate),
			...describe(`many-shaped board (${pm.clientsPerBoard} people x ${pm.rate} updates/s)`, ms.costs, estimates.many.estimate)
		];
		for (const c of [ws.caveat, ms.caveat]) if (c) lines.push(`caveat: ${c}`);
		ctx.log('  paper estimate (from the medians above):');
		for (const l of lines) ctx.log(`    ${l}`);
		const metrics: Metric[] = [
			...ws.metrics,
			...ms.metrics,
			...estimateMetrics('workshop', estimates.workshop.estimate, ws.caveat),
			...estimateMetrics('many', estimates.many.estimate, ms.caveat),
			...healthMetrics(SCENARIO, [...w.values(), ...m.values()].flat().map((r) => r.window))
		];
		return {
			scenario: SCENARIO,
			metrics,
			raw: { workshop: Object.fromEntries(w), many: Object.fromEntries(m), assumptions: ASSUMPTIONS, estimates, estimateText: lines, postgres: { synchronousCommit: backends.synchronousCommit } },
			status: `workshop (${pw.clients} clients) and many (${manyBoards} x ${pm.clientsPerBoard}) loads on ${KINDS.map((k) => LABEL[k]).join(' / ')}; ${pw.reps} + ${pm.reps} reps; PostgreSQL fsync on, synchronous_commit ${backends.synchronousCommit}; all servers on the server core`
		};
	} finally {
		await backends.stop();
	}
}
