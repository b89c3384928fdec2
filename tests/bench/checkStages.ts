// `node tests/bench/checkStages.ts [updates]`: where the server's time goes before a workshop
// writer's update (scenario 1: one matrix cell set, ~90 bytes) is queued for its commit, on a board
// of 200 cells: decode, the content check (hasNewContent, onlyNew), the guard, and the apply to the
// room's copy. The room path decodes each update twice (Y.decodeUpdate for the guard, then
// Y.applyUpdate reads it again); y-websocket only applies. Printed per stage in µs: the median of
// five chunks of the second half (the first half warms the JIT), with the chunks' min–max.
import * as Y from 'yjs';
import { inspectUpdate, locksInDoc } from '../../server/sync/updateGuard.ts';
import { decodeIncomingUpdate, hasNewContent, onlyNew } from '../../server/sync/updateContent.ts';
import { setBenchCell } from '../fixtures/notes.ts';

const N = Number(process.argv[2] ?? 20000);
/** `--cold`: 8 MiB of other memory is touched between updates, like a server that handles other
 * sockets (and other processes share its cores) between one update and the next. */
const cold = process.argv.includes('--cold');
const other = new Uint8Array(cold ? 8 << 20 : 0);
let sink = 0;
const CELLS = 200;
const writer = new Y.Doc();
const server = new Y.Doc();
const updates: Uint8Array[] = [];
writer.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < CELLS; i++) setBenchCell(writer, `r${i}`, 1);
for (const u of updates.splice(0)) Y.applyUpdate(server, u);
for (let i = 0; i < N; i++) setBenchCell(writer, 'writer', i);

const access = { role: 'participant', side: 'supplier' } as const;
const STAGES = ['decode', 'content', 'locks', 'guard', 'apply'] as const;
type Stage = (typeof STAGES)[number];
const chunks: Record<Stage, number>[] = [];
const CHUNK = Math.floor(N / 10);
let t = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
for (let i = 0; i < N; i++) {
	if (cold) for (let j = (i & 63) * 4; j < other.length; j += 64) sink += other[j]++;
	const u = updates[i];
	let a = performance.now();
	const d = decodeIncomingUpdate(u);
	let b = performance.now();
	t.decode += b - a;
	a = b;
	hasNewContent(server, d);
	onlyNew(server, d);
	b = performance.now();
	t.content += b - a;
	a = b;
	const locks = locksInDoc(server);
	b = performance.now();
	t.locks += b - a;
	a = b;
	const v = inspectUpdate(server, 'shared', d, access, () => false, locks);
	b = performance.now();
	t.guard += b - a;
	a = b;
	if (!v.ok) throw new Error(JSON.stringify(v));
	Y.applyUpdate(server, u);
	t.apply += performance.now() - a;
	if ((i + 1) % CHUNK === 0) {
		if (i >= N / 2) chunks.push(t);
		t = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
	}
}
const us = (ms: number) => (ms / CHUNK) * 1000;
console.log(`${cold ? 'cold (caches thrashed between updates); ' : ''}update bytes: ${updates[0].byteLength}; µs per update, median (min–max) of ${chunks.length} chunks of ${CHUNK}`);
for (const s of STAGES) {
	const v = chunks.map((c) => us(c[s])).sort((x, y) => x - y);
	console.log(`${s.padEnd(8)} ${v[v.length >> 1].toFixed(1)} (${v[0].toFixed(1)}–${v[v.length - 1].toFixed(1)})`);
}
if (sink < 0) console.log(sink);
