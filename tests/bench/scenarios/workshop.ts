import { setBenchCell } from '../../fixtures/notes.ts';
import * as Y from 'yjs';
import { compare, compareFields, diskMetrics, healthMetrics, interleaved, judged, singleServer, start, type Context, type Deployment, type Window } from '../context.ts';
import { LeanClient, closeAll, connectAll } from '../clients/lean.ts';
import { FanoutTracker } from '../clients/tracker.ts';
import { Pacer } from '../pacer.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import type { ServerKind } from '../servers.ts';
import { median, quantile, sleep, spread, withTimeout } from '../stats.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

const SCENARIO = '1 workshop';

export interface Rep {
	p50: number;
	p99: number;
	/** Several nodes: document fan-out to receivers on the writer's node, and on the other node. */
	sameNode: { p50: number; p99: number; n: number };
	otherNode: { p50: number; p99: number; n: number };
	delivery: number;
	sends: number;
	/** Awareness: each person's own cursor updates, send → receipt at every other client. */
	awarenessP50: number;
	awarenessP99: number;
	awarenessDelivery: number;
	awarenessSends: number;
	/** Document update bytes sent while measuring (what the server stores). */
	updateBytes: number;
	window: Window;
}

async function once(ctx: Context, kind: ServerKind): Promise<Rep> {
	const { server, target, dispose } = await start(ctx, kind, 'workshop');
	try {
		return await workshopLoad(ctx, singleServer(server, target));
	} finally {
		await dispose();
	}
}

/**
 * One board, the same raw-protocol clients for every server (one socket each, y-websocket
 * messages, a Y.Doc only for the writer): one writer at `writeRate`, everyone else moving a cursor
 * at `awarenessRate`. Document and awareness deliveries are tracked per (client, clock). Client i
 * connects to node `d.nodeOf(i)` (one server: all to it).
 */
export async function workshopLoad(ctx: Context, d: Deployment): Promise<Rep> {
	const p = ctx.params.workshop;
	const room = docName(ctx.seeded.boards.workshop[0], 'shared');
	const tracker = new FanoutTracker();
	const awareness = new FanoutTracker();
	const clients = Array.from({ length: p.clients }, (_, i) => {
		const node = d.nodeOf(i);
		return new LeanClient({ target: d.target(node), room, user: i, node, doc: i === 0 ? new Y.Doc() : undefined, tracker, awarenessTracker: awareness });
	});
	try {
		const errors = await connectAll(clients, 16);
		if (errors.length) throw new Error(`${errors.length} clients could not connect: ${errors[0].message}`);
		await withTimeout('workshop clients syncing', 30_000, Promise.all(clients.map((c) => c.synced)));

		const receivers = p.clients - 1;
		const pacer = new Pacer();
		let n = 0;
		let updateBytes = 0;
		pacer.add(p.writeRate, () => {
			const bytes = clients[0].write((doc) => setBenchCell(doc, 'writer', ++n), receivers);
			if (tracker.measuring) updateBytes += bytes;
		});
		for (let i = 1; i < p.clients; i++) {
			const c = clients[i];
			pacer.add(p.awarenessRate, () => c.sendAwareness({ cursor: { x: Math.round(Math.random() * 1600), y: Math.round(Math.random() * 900) } }, receivers));
		}
		pacer.start();
		await sleep(p.warmupMs);
		const close = await d.open();
		tracker.measuring = awareness.measuring = true;
		await sleep(p.measureMs);
		tracker.measuring = awareness.measuring = false;
		const window = await close();
		pacer.stop();
		await sleep(p.drainMs);
		return {
			p50: median(tracker.latencies),
			p99: quantile(tracker.latencies, 0.99),
			sameNode: spread(tracker.sameNode),
			otherNode: spread(tracker.otherNode),
			delivery: tracker.deliveryRate,
			sends: tracker.sends,
			awarenessP50: median(awareness.latencies),
			awarenessP99: quantile(awareness.latencies, 0.99),
			awarenessDelivery: awareness.deliveryRate,
			awarenessSends: awareness.sends,
			updateBytes,
			window
		};
	} finally {
		await closeAll(clients);
	}
}

export async function workshop(ctx: Context): Promise<ScenarioReport> {
	const p = ctx.params.workshop;
	const reps = await interleaved(ctx, p.reps, (kind) => once(ctx, kind));
	const ours = reps.get('tandem') ?? [];
	const worst = (f: (r: Rep) => number) => (ours.length ? Math.min(...ours.map(f)) : NaN);
	const docDelivered = compare(reps, (r) => r.delivery, 'higher');
	const awDelivered = compare(reps, (r) => r.awarenessDelivery, 'higher');
	const metrics: Metric[] = [
		{ scenario: SCENARIO, name: 'document fan-out p50', unit: 'ms', ...judged(compare(reps, (r) => r.p50), 1.2) },
		{ scenario: SCENARIO, name: 'document fan-out p99', unit: 'ms', ...judged(compare(reps, (r) => r.p99), 1.2) },
		{ scenario: SCENARIO, name: 'document updates delivered', unit: '%', values: docDelivered.values, ranges: docDelivered.ranges, budget: '100% (ours, every rep)', met: Number.isFinite(worst((r) => r.delivery)) ? worst((r) => r.delivery) >= 1 : null },
		{
			scenario: SCENARIO,
			name: `awareness delivered (own cursor updates, ${p.awarenessRate}/s per person)`,
			unit: '%',
			values: awDelivered.values,
			ranges: awDelivered.ranges,
			budget: '>= 99% (ours, every rep)',
			met: Number.isFinite(worst((r) => r.awarenessDelivery)) ? worst((r) => r.awarenessDelivery) >= 0.99 : null
		},
		{ scenario: SCENARIO, name: 'awareness p50', unit: 'ms', ...compareFields(compare(reps, (r) => r.awarenessP50)) },
		{ scenario: SCENARIO, name: 'awareness p99', unit: 'ms', ...judged(compare(reps, (r) => r.awarenessP99), 1.5) },
		{ scenario: SCENARIO, name: 'server CPU/s', unit: 's', ...compareFields(compare(reps, (r) => r.window.serverCpu / r.window.seconds)) },
		...diskMetrics(SCENARIO, ours),
		...healthMetrics(SCENARIO, [...reps.values()].flat().map((r) => r.window))
	];
	return {
		scenario: SCENARIO,
		metrics,
		raw: Object.fromEntries(reps),
		status: `${p.clients} raw-protocol clients on every server; 1 writer x ${p.writeRate}/s, ${p.clients - 1} x ${p.awarenessRate} awareness/s; ${p.reps} reps x ${p.measureMs / 1000} s`
	};
}
