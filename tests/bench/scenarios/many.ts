import { setBenchCell } from '../../fixtures/notes.ts';
import * as Y from 'yjs';
import { compare, compareFields, diskMetrics, healthMetrics, interleaved, judged, medians, singleServer, start, type Context, type Deployment, type Window } from '../context.ts';
import { LeanClient, closeAll, connectAll } from '../clients/lean.ts';
import { FanoutTracker } from '../clients/tracker.ts';
import { Pacer } from '../pacer.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import type { ServerKind } from '../servers.ts';
import { median, quantile, sleep, spread, waitFor, withTimeout } from '../stats.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

const SCENARIO = '2 many workshops';

export interface Rep {
	p50: number;
	p99: number;
	/** Several nodes: fan-out to receivers on the writer's node, and on another node. */
	sameNode: { p50: number; p99: number; n: number };
	otherNode: { p50: number; p99: number; n: number };
	delivery: number;
	window: Window;
	/** Sends the pacer fired more than a period late: the load generator fell behind. */
	lateFires: number;
	/** After the last send, until every update was delivered (NaN: not within the drain limit). */
	catchUpMs: number;
	/** Document update bytes sent during the load (what the server stores). */
	updateBytes: number;
	/** Clients whose socket the server closed during the load, by close code (none expected). */
	closed: Record<string, number>;
}

async function once(ctx: Context, kind: ServerKind): Promise<Rep> {
	const { server, target, dispose } = await start(ctx, kind, 'many');
	try {
		return await manyLoad(ctx, singleServer(server, target));
	} finally {
		await dispose();
	}
}

/** Every board's clients, every one writing; client i of a board connects to node `d.nodeOf(i)`. */
/** `boards`: the first n of the seeded many-workshops boards (scenario 9 runs a lighter load too). */
export async function manyLoad(ctx: Context, d: Deployment, boards = ctx.seeded.boards.many.length): Promise<Rep> {
	const p = ctx.params.many;
	const tracker = new FanoutTracker();
	const clients: LeanClient[] = [];
	ctx.seeded.boards.many.slice(0, boards).forEach((board, b) => {
		for (let i = 0; i < p.clientsPerBoard; i++) {
			const node = d.nodeOf(i);
			clients.push(new LeanClient({ target: d.target(node), room: docName(board, 'shared'), user: b * p.clientsPerBoard + i, node, doc: new Y.Doc(), tracker }));
		}
	});
	try {
		const errors = await connectAll(clients, 32);
		if (errors.length) throw new Error(`${errors.length} of ${clients.length} clients could not connect: ${errors[0].message}`);
		await withTimeout('clients syncing', 60_000, Promise.all(clients.map((c) => c.synced)));
		const pacer = new Pacer();
		let updateBytes = 0;
		for (const c of clients) {
			let n = 0;
			pacer.add(p.rate, () => (updateBytes += c.write((doc) => setBenchCell(doc, String(doc.clientID), ++n), p.clientsPerBoard - 1)));
		}
		// CPU is counted from the first send until every update has reached every client: the same
		// work for every server, so a server that falls behind pays for its backlog too.
		const close = await d.open();
		pacer.start();
		await sleep(p.warmupMs);
		tracker.measuring = true;
		await sleep(p.measureMs);
		tracker.measuring = false;
		pacer.stop();
		const loadSeconds = (p.warmupMs + p.measureMs) / 1000;
		const caughtUp = await waitFor(() => tracker.outstanding === 0, p.drainMs, 20);
		const window = await close();
		if (process.env.BENCH_RELAY_STATS && d.nodes > 1)
			for (let n = 0; n < d.nodes; n++) {
				const stats = await fetch(`${d.target(n).providerBase.replace(/^ws/, "http").replace(/\/sync$/, "")}/__debug/sync`).then((r) => r.json(), (e: Error) => e.message);
				ctx.log(`    node ${n}: ${JSON.stringify(stats)}; outstanding ${tracker.outstanding}`);
			}
		const closed: Record<string, number> = {};
		for (const c of clients) if (c.closedWith !== null) closed[c.closedWith] = (closed[c.closedWith] ?? 0) + 1;
		if (Object.keys(closed).length) ctx.log(`    sockets closed by the server during the load: ${JSON.stringify(closed)} (of ${clients.length})`);
		return {
			closed,
			p50: median(tracker.latencies),
			p99: quantile(tracker.latencies, 0.99),
			sameNode: spread(tracker.sameNode),
			otherNode: spread(tracker.otherNode),
			delivery: tracker.deliveryRate,
			window,
			lateFires: pacer.lateFires,
			catchUpMs: caughtUp ? (window.seconds - loadSeconds) * 1000 : NaN,
			updateBytes
		};
	} finally {
		await closeAll(clients);
	}
}

export async function many(ctx: Context): Promise<ScenarioReport> {
	const p = ctx.params.many;
	const reps = await interleaved(ctx, p.reps, (kind) => once(ctx, kind));
	const seconds = (p.warmupMs + p.measureMs) / 1000;
	const behind = [...reps.entries()].filter(([, rs]) => rs.some((r) => !(r.catchUpMs < 1000))).map(([k]) => k);
	const ours = reps.get('tandem') ?? [];
	const worstDelivery = ours.length ? Math.min(...ours.map((r) => r.delivery)) : NaN;
	const delivered = compare(reps, (r) => r.delivery, 'higher');
	const metrics: Metric[] = [
		{ scenario: SCENARIO, name: 'fan-out p50', unit: 'ms', ...judged(compare(reps, (r) => r.p50), 1.5) },
		{ scenario: SCENARIO, name: 'fan-out p99', unit: 'ms', ...judged(compare(reps, (r) => r.p99), 1.5) },
		{
			scenario: SCENARIO,
			name: `server CPU for ${seconds} s of load, until all delivered`,
			unit: 's',
			...judged(compare(reps, (r) => r.window.serverCpu), 1.0),
			note: behind.length ? `${behind.join(', ')} could not keep up with the offered load (it needed more than a second after the last send to deliver everything)` : undefined
		},
		{ scenario: SCENARIO, name: 'delivered', unit: '%', values: delivered.values, ranges: delivered.ranges, budget: '100% (ours, every rep)', met: Number.isFinite(worstDelivery) ? worstDelivery >= 1 : null },
		{ scenario: SCENARIO, name: 'catch-up after the last send', unit: 'ms', ...compareFields(compare(reps, (r) => r.catchUpMs)) },
		...diskMetrics(SCENARIO, ours, 30),
		{ scenario: SCENARIO, name: 'late sends (load generator behind)', unit: 'count', values: medians(reps, (r) => r.lateFires) },
		...healthMetrics(SCENARIO, [...reps.values()].flat().map((r) => r.window))
	];
	return { scenario: SCENARIO, metrics, raw: Object.fromEntries(reps), status: `${p.boards} boards x ${p.clientsPerBoard} lean clients x ${p.rate}/s; ${p.reps} reps` };
}
