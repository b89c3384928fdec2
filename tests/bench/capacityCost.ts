// `node tests/bench/capacityCost.ts <server>... [--boards=40] [--seconds=15] [--windows=3] [--profile=<dir>]`:
// the capacity ramp's load (500-item boards, 10 lean clients each, 1 update/s and 1 awareness/s
// per client) held at `boards` on each server given (default 40 boards, well below where either
// saturates), all at once: every server runs at the same time on the server core, so the machine's
// other load weighs on all of them alike. Then for `windows` windows of `seconds` each, every
// server's CPU per message *delivered* to a client, split per thread into user and system time, and
// the messages received per kind (0 sync/update, 1 awareness). A server is `tandem`, `y-websocket`
// or `tandem@<dir>`: another built Tandem checkout, for A/B runs. `--profile`: V8 CPU profiles.
import fs from 'node:fs';
import os from 'node:os';
import { capacityProbe, countByType } from './capacityProbe.ts';
import { copyDatabase, goalsUpdate } from './seed.ts';
import { startServer, type BenchServer, type ServerKind } from './servers.ts';
import { targetOf } from './clients/target.ts';
import type { LeanClient } from './clients/lean.ts';
import { FanoutTracker } from './clients/tracker.ts';
import { Pacer } from './pacer.ts';
import { sleep } from './stats.ts';
import { setBenchCell } from '../fixtures/notes.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { openBoard } from './scenarios/capacity.ts';

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

const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const specs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (specs.length === 0) specs.push('tandem');
const boards = Number(option('boards') ?? 40);
const seconds = Number(option('seconds') ?? 15);
const windows = Number(option('windows') ?? 3);
const profileDir = option('profile');
const { p, seeded, workDir } = capacityProbe('capacitycost');

interface Under {
	spec: string;
	server: BenchServer;
	byType: Map<number, number>;
}
const under: Under[] = [];
const clients: LeanClient[] = [];
for (const [n, spec] of specs.entries()) {
	const [kind, root] = spec.split('@') as [ServerKind, string | undefined];
	const server = await startServer(kind, { ...(kind === 'tandem' ? { dbPath: copyDatabase(seeded, workDir, `cc${n}`), root } : {}), cpuProfDir: profileDir });
	const target = targetOf(kind, server.port, seeded.tokens);
	const tracker = new FanoutTracker();
	const seed = kind === 'tandem' ? null : goalsUpdate(p.items);
	/** Messages received by this server's clients, by their first varUint (0 sync, 1 awareness, 4 saved...). */
	const byType = new Map<number, number>();
	const joinCpu0 = server.cpu();
	for (let b = 0; b < boards; b++) {
		const room = docName(seeded.boards.capacity[b], 'shared');
		const cs = (await openBoard(target, room, p.clientsPerBoard, b * p.clientsPerBoard, seed, tracker)).map((j) => j.client);
		for (const c of cs) countByType(c, byType);
		clients.push(...cs);
	}
	// What the joins cost (upgrade, session and access lookups, sync), alone on the server: the
	// servers join one after another, so this one has no load from the others' clients yet.
	const joinCpuUs = ((server.cpu() - joinCpu0) / (boards * p.clientsPerBoard)) * 1e6;
	console.log(JSON.stringify({ server: spec, joins: boards * p.clientsPerBoard, cpuPerJoinUs: +joinCpuUs.toFixed(0), loadAverage: os.loadavg()[0] }));
	under.push({ spec, server, byType });
}
const pacer = new Pacer();
for (const c of clients) {
	let n = 0;
	pacer.add(p.updateRate, () => c.write((doc) => setBenchCell(doc, String(doc.clientID), ++n), p.clientsPerBoard - 1));
	pacer.add(p.awarenessRate, () => c.sendAwareness({ cursor: { x: n, y: n } }));
}
pacer.start();
// Warm-up: JIT, every room's first commits.
await sleep(5000);
for (let w = 0; w < windows; w++) {
	const before = under.map((u) => ({ cpu: u.server.cpu(), threads: threadTimes(u.server.pid), types: new Map(u.byType) }));
	await sleep(seconds * 1000);
	const loadAverage = os.loadavg()[0];
	under.forEach((u, i) => {
		const cpu = u.server.cpu() - before[i].cpu;
		const got = new Map([...u.byType].map(([t, n]) => [t, n - (before[i].types.get(t) ?? 0)]));
		const received = [...got.values()].reduce((a, b) => a + b, 0);
		console.log(
			JSON.stringify({
				window: w,
				server: u.spec,
				boards,
				seconds,
				received: Object.fromEntries(got),
				cpuSeconds: +cpu.toFixed(2),
				cpuPerDeliveredUs: +((cpu / received) * 1e6).toFixed(2),
				threads: threadDelta(before[i].threads, threadTimes(u.server.pid), received),
				lateFires: pacer.lateFires,
				loadAverage
			})
		);
	});
}
pacer.stop();
for (const u of under) await u.server.stop();
process.exit(0);
