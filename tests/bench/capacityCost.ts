// `node tests/bench/capacityCost.ts <tandem|y-websocket> [boards] [seconds] [--root=<dir>] [--profile=<dir>]`:
// the capacity ramp's load (500-item boards, 10 lean clients each, 1 update/s and 1 awareness/s
// per client) held at `boards` (default 40, well below where either server saturates), and for
// `seconds` the server's CPU seconds per message *delivered* to a client, next to the messages
// received per kind (0 sync/update, 1 awareness, others Tandem's own). Below saturation both servers
// deliver everything that was sent, so the figure is the server's work per delivered message and
// holds on a loaded machine better than the ramp's latencies do. `--root`: another (built) Tandem
// checkout, for A/B runs; `--profile`: write the server's V8 CPU profile into that directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { paramsFor, seedPlanFor } from './params.ts';
import { copyDatabase, goalsUpdate, seedCached } from './seed.ts';
import { REPO, killAllServers, pinSelf, startServer, type ServerKind } from './servers.ts';
import { targetOf } from './clients/target.ts';
import { LeanClient, connectAll } from './clients/lean.ts';
import { FanoutTracker } from './clients/tracker.ts';
import { Pacer } from './pacer.ts';
import { sleep, withTimeout } from './stats.ts';
import { setBenchCell } from '../fixtures/notes.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

/** Per thread (by name): user and system clock ticks (1/100 s) so far. */
function threadTimes(pid: number): Map<string, { user: number; sys: number }> {
	const out = new Map<string, { user: number; sys: number }>();
	for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
		} catch {
			continue; // the thread ended meanwhile
		}
		const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const t = out.get(name) ?? { user: 0, sys: 0 };
		t.user += Number(fields[11]);
		t.sys += Number(fields[12]);
		out.set(name, t);
	}
	return out;
}

/** µs of user and system time per delivered message, per thread name (threads that used any). */
function threadDelta(a: Map<string, { user: number; sys: number }>, b: Map<string, { user: number; sys: number }>, delivered: number) {
	const out: Record<string, { userUs: number; sysUs: number }> = {};
	for (const [name, t] of b) {
		const user = t.user - (a.get(name)?.user ?? 0);
		const sys = t.sys - (a.get(name)?.sys ?? 0);
		if (user + sys > 0) out[name] = { userUs: +((user / 100 / delivered) * 1e6).toFixed(2), sysUs: +((sys / 100 / delivered) * 1e6).toFixed(2) };
	}
	return out;
}

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const kind = (positional[0] ?? 'tandem') as ServerKind;
const boards = Number(positional[1] ?? 40);
const seconds = Number(positional[2] ?? 15);
const root = option('root');
const profileDir = option('profile');
const params = paramsFor(true);
const p = params.capacity;
const seeded = seedCached(path.join(REPO, 'bench-results', '.seed-cache'), seedPlanFor(params));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-capacitycost-'));
process.on('exit', () => {
	killAllServers();
	fs.rmSync(workDir, { recursive: true, force: true });
});
pinSelf();

const server = await startServer(kind, { ...(kind === 'tandem' ? { dbPath: copyDatabase(seeded, workDir, 'cc'), root } : {}), cpuProfDir: profileDir });
const target = targetOf(kind, server.port, seeded.tokens);
const tracker = new FanoutTracker();
const seed = kind === 'tandem' ? null : goalsUpdate(p.items);
/** Messages received by all clients, by their first varUint (0 sync, 1 awareness, 4 saved...). */
const byType = new Map<number, number>();
const clients: LeanClient[] = [];
for (let b = 0; b < boards; b++) {
	const room = docName(seeded.boards.capacity[b], 'shared');
	const cs = Array.from({ length: p.clientsPerBoard }, (_, i) => new LeanClient({ target, room, user: b * p.clientsPerBoard + i, doc: new Y.Doc(), tracker }));
	const [first, ...rest] = cs;
	await first.connect();
	if (seed) first.sendUpdate(seed);
	await first.synced;
	const errors = await connectAll(rest, 10);
	if (errors.length) throw new Error(`joining ${room}: ${errors[0].message}`);
	await withTimeout(`syncing ${room}`, 60_000, Promise.all(cs.map((c) => c.synced)));
	clients.push(...cs);
}
for (const c of clients) {
	const lean = c as unknown as { onMessage(data: Buffer): void };
	const original = lean.onMessage.bind(c);
	lean.onMessage = (data: Buffer) => {
		const t = decoding.readVarUint(decoding.createDecoder(data));
		byType.set(t, (byType.get(t) ?? 0) + 1);
		original(data);
	};
}
let updates = 0;
let awareness = 0;
const pacer = new Pacer();
for (const c of clients) {
	let n = 0;
	pacer.add(p.updateRate, () => {
		updates++;
		c.write((doc) => setBenchCell(doc, String(doc.clientID), ++n), p.clientsPerBoard - 1);
	});
	pacer.add(p.awarenessRate, () => {
		awareness++;
		c.sendAwareness({ cursor: { x: n, y: n } });
	});
}
pacer.start();
// Warm-up: JIT, every room's first commits.
await sleep(5000);
const cpu0 = server.cpu();
const threads0 = threadTimes(server.pid);
const u0 = updates;
const a0 = awareness;
const types0 = new Map(byType);
await sleep(seconds * 1000);
const cpu = server.cpu() - cpu0;
const threads1 = threadTimes(server.pid);
const sentUpdates = updates - u0;
const sentAwareness = awareness - a0;
const got = new Map([...byType].map(([t, n]) => [t, n - (types0.get(t) ?? 0)]));
pacer.stop();
const received = [...got.values()].reduce((a, b) => a + b, 0);
const fanout = (got.get(0) ?? 0) + (got.get(1) ?? 0);
console.log(
	JSON.stringify({
		kind,
		root: root ?? null,
		boards,
		seconds,
		sentUpdates,
		sentAwareness,
		received: Object.fromEntries(got),
		cpuSeconds: +cpu.toFixed(2),
		cpuShare: +(cpu / seconds).toFixed(3),
		cpuPerDeliveredUs: +((cpu / received) * 1e6).toFixed(2),
		cpuPerFanoutUs: +((cpu / fanout) * 1e6).toFixed(2),
		cpuPerSentUs: +((cpu / (sentUpdates + sentAwareness)) * 1e6).toFixed(1),
		threads: threadDelta(threads0, threads1, received),
		lateFires: pacer.lateFires,
		loadAverage: os.loadavg()[0]
	})
);
await server.stop();
process.exit(0);
