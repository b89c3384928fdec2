import { setBenchCell } from '../../fixtures/notes.ts';
import * as Y from 'yjs';
import { healthMetrics, interleaved, medians, openWindow, start, type Context, type Window } from '../context.ts';
import { LeanClient, connectAll } from '../clients/lean.ts';
import { ProviderClient } from '../clients/provider.ts';
import type { Target } from '../clients/target.ts';
import { FanoutTracker } from '../clients/tracker.ts';
import { Pacer } from '../pacer.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import type { ServerKind } from '../servers.ts';
import { median, quantile, ratio, sleep, withTimeout } from '../stats.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

const SCENARIO = '1 workshop';

interface Rep {
	p50: number;
	p99: number;
	delivery: number;
	sends: number;
	window: Window;
	clients: 'provider' | 'lean';
}

/** A client of the workshop: the real y-websocket provider where the server speaks its protocol. */
interface WorkshopClient {
	synced: Promise<unknown>;
	write(change: (doc: Y.Doc) => void, receivers: number): void;
	awareness(state: Record<string, unknown>): void;
	close(): Promise<void>;
}

function providerClients(target: Target, room: string, n: number, tracker: FanoutTracker): WorkshopClient[] {
	return Array.from({ length: n }, (_, i) => {
		const c = new ProviderClient(target, room, i, tracker);
		return {
			synced: c.synced,
			write: (change, receivers) => c.write(change, receivers, tracker),
			awareness: (state) => c.setAwareness(state),
			close: async () => c.destroy()
		};
	});
}

/** Raw-protocol clients (the writer with a real Y.Doc) for servers with another framing. */
async function leanClients(target: Target, room: string, n: number, tracker: FanoutTracker): Promise<WorkshopClient[]> {
	const lean = Array.from({ length: n }, (_, i) => new LeanClient({ target, room, user: i, doc: i === 0 ? new Y.Doc() : undefined, tracker }));
	const errors = await connectAll(lean, 16);
	if (errors.length) throw new Error(`${errors.length} clients could not connect: ${errors[0].message}`);
	return lean.map((c) => ({
		synced: c.synced,
		write: (change, receivers) => c.write(change, receivers),
		awareness: (state) => c.sendAwareness(state),
		close: () => c.close()
	}));
}

async function once(ctx: Context, kind: ServerKind): Promise<Rep> {
	const p = ctx.params.workshop;
	const room = docName(ctx.seeded.boards.workshop[0], 'shared');
	const { server, target, dispose } = await start(ctx, kind, 'workshop');
	const tracker = new FanoutTracker();
	const useProvider = target.framing === 'y-websocket';
	let clients: WorkshopClient[] = [];
	try {
		clients = useProvider ? providerClients(target, room, p.clients, tracker) : await leanClients(target, room, p.clients, tracker);
		await withTimeout('workshop clients syncing', 30_000, Promise.all(clients.map((c) => c.synced)));

		const receivers = p.clients - 1;
		const pacer = new Pacer();
		let n = 0;
		pacer.add(p.writeRate, () => clients[0].write((doc) => setBenchCell(doc, 'writer', ++n), receivers));
		for (let i = 1; i < p.clients; i++) {
			const user = { name: `User ${i}`, color: '#3366cc' };
			pacer.add(p.awarenessRate, () => clients[i].awareness({ user, cursor: { x: Math.round(Math.random() * 1600), y: Math.round(Math.random() * 900) } }));
		}
		pacer.start();
		await sleep(p.warmupMs);
		const close = openWindow(server);
		tracker.measuring = true;
		await sleep(p.measureMs);
		tracker.measuring = false;
		const window = close();
		pacer.stop();
		await sleep(p.drainMs);
		return {
			p50: median(tracker.latencies),
			p99: quantile(tracker.latencies, 0.99),
			delivery: tracker.deliveryRate,
			sends: tracker.sends,
			window,
			clients: useProvider ? 'provider' : 'lean'
		};
	} finally {
		await Promise.all(clients.map((c) => c.close()));
		await dispose();
	}
}

export async function workshop(ctx: Context): Promise<ScenarioReport> {
	const p = ctx.params.workshop;
	const reps = await interleaved(ctx, p.reps, (kind) => once(ctx, kind));
	const p50 = medians(reps, (r) => r.p50);
	const p99 = medians(reps, (r) => r.p99);
	const delivered = medians(reps, (r) => r.delivery);
	const p50Ratio = ratio(p50.tandem ?? NaN, p50['y-websocket'] ?? NaN);
	const p99Ratio = ratio(p99.tandem ?? NaN, p99['y-websocket'] ?? NaN);
	const oursDelivered = Math.min(...(reps.get('tandem') ?? []).map((r) => r.delivery));
	const metrics: Metric[] = [
		{ scenario: SCENARIO, name: 'fan-out p50', unit: 'ms', values: p50, ratio: p50Ratio, budget: '<= 1.2x ref', met: Number.isFinite(p50Ratio) ? p50Ratio <= 1.2 : null },
		{ scenario: SCENARIO, name: 'fan-out p99', unit: 'ms', values: p99, ratio: p99Ratio, budget: '<= 1.5x ref', met: Number.isFinite(p99Ratio) ? p99Ratio <= 1.5 : null },
		{ scenario: SCENARIO, name: 'delivered (worst rep)', unit: '%', values: delivered, budget: '100% (ours)', met: Number.isFinite(oursDelivered) ? oursDelivered >= 1 : null },
		{ scenario: SCENARIO, name: 'server CPU/s', unit: 's', values: medians(reps, (r) => r.window.serverCpu / r.window.seconds) },
		...healthMetrics(SCENARIO, [...reps.values()].flat().map((r) => r.window))
	];
	const clientsUsed = [...reps.entries()].map(([k, rs]) => `${k} ${rs[0]?.clients}`).join(', ');
	return { scenario: SCENARIO, metrics, raw: Object.fromEntries(reps), status: `clients: ${clientsUsed}; ${p.reps} reps x ${p.measureMs / 1000} s` };
}
