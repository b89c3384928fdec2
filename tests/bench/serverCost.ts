// `node tests/bench/serverCost.ts [rounds] [--profile=<dir>]`: the built Tandem server's CPU per
// update at the many-workshops shape (50 boards × 20 lean clients), in lockstep rounds: every client
// sends one matrix-cell update, then nothing until every update has reached the 19 others. The
// server always works through the same backlog, however slow this machine is today, so the figure
// (CPU seconds of the server process over the updates) depends on the code more than on the load.
// The `many` scenario paces its sends instead; compare the two with the same build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { paramsFor, seedPlanFor } from './params.ts';
import { copyDatabase, seedCached } from './seed.ts';
import { REPO, killAllServers, pinSelf, startServer } from './servers.ts';
import { targetOf } from './clients/target.ts';
import { LeanClient, closeAll, connectAll } from './clients/lean.ts';
import { FanoutTracker } from './clients/tracker.ts';
import { waitFor, withTimeout } from './stats.ts';
import { setBenchCell } from '../fixtures/notes.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

const rounds = Number(process.argv[2] ?? 30);
const profileDir = process.argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const params = paramsFor(true);
const p = params.many;
const seeded = seedCached(path.join(REPO, 'bench-results', '.seed-cache'), seedPlanFor(params));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-servercost-'));
process.on('exit', () => {
	killAllServers();
	fs.rmSync(workDir, { recursive: true, force: true });
});
pinSelf();

const server = await startServer('tandem', { dbPath: copyDatabase(seeded, workDir, 'cost'), cpuProfDir: profileDir });
const target = targetOf('tandem', server.port, seeded.tokens);
const tracker = new FanoutTracker();
const clients: LeanClient[] = [];
seeded.boards.many.forEach((board, b) => {
	for (let i = 0; i < p.clientsPerBoard; i++) {
		clients.push(new LeanClient({ target, room: docName(board, 'shared'), user: b * p.clientsPerBoard + i, doc: new Y.Doc(), tracker }));
	}
});
const errors = await connectAll(clients, 32);
if (errors.length) throw new Error(`${errors.length} clients could not connect: ${errors[0].message}`);
await withTimeout('clients syncing', 60_000, Promise.all(clients.map((c) => c.synced)));

let n = 0;
async function round(): Promise<void> {
	n++;
	for (const c of clients) c.write((doc) => setBenchCell(doc, String(doc.clientID), n), p.clientsPerBoard - 1);
	if (!(await waitFor(() => tracker.outstanding === 0, 30_000, 1))) throw new Error(`round ${n}: not delivered within 30 s`);
}
// Warm-up (JIT, first rows of every document), then the measured rounds.
for (let i = 0; i < 5; i++) await round();
const cpu0 = server.cpu();
const t0 = performance.now();
for (let i = 0; i < rounds; i++) await round();
const cpu = server.cpu() - cpu0;
const wall = (performance.now() - t0) / 1000;
const updates = rounds * clients.length;
console.log(
	JSON.stringify({
		updates,
		serverCpuUsPerUpdate: Number(((cpu / updates) * 1e6).toFixed(1)),
		serverCpuS: Number(cpu.toFixed(2)),
		wallS: Number(wall.toFixed(2)),
		loadAverage: os.loadavg()[0]
	})
);
await closeAll(clients);
await server.stop();
process.exit(0);
