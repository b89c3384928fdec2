// `node tests/bench/writeCount.ts <tandem|y-websocket> [boards] [seconds] [root]`: the capacity
// ramp's load (500-item boards, 10 lean clients each, 1 update/s and 1 awareness/s per client) held
// at `boards`, and for `seconds` the server's socket write syscalls (strace -c on writev and write)
// and CPU seconds, next to what the clients sent and received: write syscalls per update sent and
// per awareness update sent, and messages received per kind. Counts, not latencies: they hold on a
// loaded machine. `root`: another (built) Tandem checkout, for A/B runs. strace stops the server at
// every syscall: beyond ~10 boards it throttles the server (fewer messages get delivered), so compare
// writes per message *received*, not per message sent, and ignore the CPU figure under strace.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { capacityProbe, countByType } from './capacityProbe.ts';
import { copyDatabase, goalsUpdate } from './seed.ts';
import { startServer, type ServerKind } from './servers.ts';
import { targetOf } from './clients/target.ts';
import type { LeanClient } from './clients/lean.ts';
import { FanoutTracker } from './clients/tracker.ts';
import { Pacer } from './pacer.ts';
import { sleep } from './stats.ts';
import { setBenchCell } from '../fixtures/notes.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { openBoard } from './scenarios/capacity.ts';

const kind = (process.argv[2] ?? 'tandem') as ServerKind;
const boards = Number(process.argv[3] ?? 50);
const seconds = Number(process.argv[4] ?? 10);
const root = process.argv[5];
const { p, seeded, workDir } = capacityProbe('writecount');

const server = await startServer(kind, kind === 'tandem' ? { dbPath: copyDatabase(seeded, workDir, 'wc'), root } : {});
const target = targetOf(kind, server.port, seeded.tokens);
const tracker = new FanoutTracker();
const seed = kind === 'tandem' ? null : goalsUpdate(p.items);
/** Messages received by all clients, by their first varUint (0 sync, 1 awareness, 4 saved...). */
const byType = new Map<number, number>();
const clients: LeanClient[] = [];
for (let b = 0; b < boards; b++) {
	const room = docName(seeded.boards.capacity[b], 'shared');
	const cs = (await openBoard(target, room, p.clientsPerBoard, b * p.clientsPerBoard, seed, tracker)).map((j) => j.client);
	clients.push(...cs);
}
for (const c of clients) countByType(c, byType);
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
await sleep(3000);
byType.clear();
updates = 0;
awareness = 0;
const summary = path.join(workDir, 'strace.txt');
// The server runs under taskset: its node process is the child of that pid or the pid itself.
const strace = spawn('strace', ['-c', '-f', '-e', 'trace=writev,write', '-o', summary, '-p', String(server.pid)], { stdio: 'ignore' });
await sleep(300);
const cpu0 = server.cpu();
const u0 = updates;
const a0 = awareness;
const types0 = new Map(byType);
await sleep(seconds * 1000);
const cpu = server.cpu() - cpu0;
const sentUpdates = updates - u0;
const sentAwareness = awareness - a0;
const got = new Map([...byType].map(([t, n]) => [t, n - (types0.get(t) ?? 0)]));
strace.kill('SIGINT');
await new Promise((r) => strace.once('exit', r));
pacer.stop();
const text = fs.readFileSync(summary, 'utf8');
// strace -c rows: % time, seconds, usecs/call, calls, [errors,] syscall.
const calls = (name: string) => {
	const row = text.split('\n').map((l) => l.trim().split(/\s+/)).find((t) => t.at(-1) === name);
	return row ? Number(row[3]) : 0;
};
const writes = calls('writev') + calls('write');
const sent = sentUpdates + sentAwareness;
console.log(
	JSON.stringify({
		kind,
		boards,
		seconds,
		sentUpdates,
		sentAwareness,
		writev: calls('writev'),
		write: calls('write'),
		writesPerSent: +(writes / sent).toFixed(2),
		received: Object.fromEntries(got),
		receivedPerSent: +([...got.values()].reduce((a, b) => a + b, 0) / sent).toFixed(2),
		cpuPerSentUs: +((cpu / sent) * 1e6).toFixed(1),
		cpuSeconds: +cpu.toFixed(2),
		lateFires: pacer.lateFires
	})
);
console.error(text);
process.exit(0);
