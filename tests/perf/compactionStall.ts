// The longest event-loop stall while a 10,000-item board is compacted (Room.flush), measured with
// perf_hooks.monitorEventLoopDelay while a 1 ms timer keeps the loop busy: first on the event loop
// (docStore compact, what Room.flush did before), then on the compaction thread (Compactor) while
// the room keeps storing and sending an update every 10 ms.
// Run: node tests/perf/compactionStall.ts   (not part of npm test: the figure depends on the machine)
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { Room } from '../../server/sync/room.ts';
import { silentLog } from '../../server/sync/log.ts';
import { commitQueueFor } from '../../server/sync/commitQueue.ts';
import { Compactor } from '../../server/sync/compactor.ts';
import { compact, seedDoc } from '../../src/lib/server/docStore.ts';
import { fakePeer, noteText, tempDb, WRITER } from '../unit/sync/helpers.ts';

const ITEMS = 10_000;
const t = tempDb();
const seed = new Y.Doc();
seed.transact(() => {
	for (let i = 0; i < ITEMS; i++) noteText(seed, `g-${i}`).insert(0, `goal number ${i}`);
});
seedDoc(t.db, 'big/shared', Y.encodeStateAsUpdate(seed));
const compactor = new Compactor(t.file, 'server/migrations', console.error);
const room = new Room('big', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 30, compactor });
await room.load();
const peer = fakePeer('user:w');
room.addPeer(peer);
// A log to fold: 2,000 keystrokes on one goal.
const client = new Y.Doc();
Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
const updates: Uint8Array[] = [];
client.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < 2_000; i++) noteText(client, 'g-1').insert(0, 'x');
for (const u of updates) room.receiveUpdate(peer, u, WRITER);
await commitQueueFor(t.db, silentLog).whenIdle();

async function measure(what: string, run: () => Promise<void> | void) {
	const h = monitorEventLoopDelay({ resolution: 1 });
	const busy = setInterval(() => {}, 1);
	h.enable();
	await new Promise((r) => setTimeout(r, 200));
	const started = performance.now();
	await run();
	const took = performance.now() - started;
	await new Promise((r) => setTimeout(r, 200));
	h.disable();
	clearInterval(busy);
	console.log(`${what}: ${took.toFixed(0)} ms until the snapshot was written; event-loop delay max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms`);
}

await measure(`on the event loop, ${ITEMS} items + ${updates.length} log rows`, () => void compact(t.db, 'big/shared', room.doc));
for (let i = 0; i < 2_000; i++) noteText(client, 'g-1').insert(0, 'y');
for (const u of updates.splice(0)) room.receiveUpdate(peer, u, WRITER);
await commitQueueFor(t.db, silentLog).whenIdle();
await measure(`on the compaction thread, ${ITEMS} items + 2000 log rows, an update stored and sent every 10 ms meanwhile`, async () => {
	let n = 0;
	const typing = setInterval(() => {
		noteText(client, 'g-2').insert(0, String(n++ % 10));
		for (const u of updates.splice(0)) room.receiveUpdate(peer, u, WRITER);
	}, 10);
	room.flush();
	await compactor.idle();
	clearInterval(typing);
});
await compactor.close();
room.destroy();
t.cleanup();
