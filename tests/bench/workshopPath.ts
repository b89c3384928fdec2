// `SYNC_TRACE_COMMITS=/tmp/wp node tests/bench/workshopPath.ts [updates]`: the server's stages for
// the workshop load (scenario 1) in one process, without sockets or other processes' time slices:
// one room on a SQLite file, 60 connections (stub `ws` that only counts), one writer sending a
// matrix-cell update per event-loop turn (the quiet path: each is its own commit) through the real
// message handler, guard, group commit and broadcast. Prints the commit trace's stages
// (commitTrace.ts) as the mean wall and thread-CPU µs per update over the second half, with the
// min–max of five chunks; run it next to the bench's trace to see what the bench adds. `--busy`:
// the next update right on the next turn instead of after a 3 ms sleep (the batch then waits for
// the turn, not a microtask): the same code with the thread kept running. Thread CPU is counted in
// scheduler ticks here, and a short burst right after a timer wake-up (tick-aligned) is mostly not
// charged at all: with the sleep, read the wall times.
import fs from 'node:fs';
import { handleMessage } from '../../server/sync/messages.ts';
import { silentLog } from '../../server/sync/log.ts';
import { commitQueueFor } from '../../server/sync/commitQueue.ts';
import { messageArrived, tracing } from '../../server/sync/commitTrace.ts';
import { stubRoom } from './stubRoom.ts';
import { workshopWriter } from './workshopWriter.ts';

if (!tracing) throw new Error('run with SYNC_TRACE_COMMITS=<file> (the stages come from the commit trace)');
const traceFile = `${process.env.SYNC_TRACE_COMMITS}.${process.pid}.json`;
const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3000);
const CLIENTS = 60;
let sent = 0;

const { db, room, conns, dispose } = await stubRoom(CLIENTS, () => void sent++);
const { seed: seedMessages, updates: messages } = workshopWriter(N);

const queue = commitQueueFor(db, silentLog);
// The quiet path needs 2 ms since the last commit: 30 updates/s in the bench, a 3 ms gap here.
const busy = process.argv.includes('--busy');
const gap = () => new Promise((resolve) => (busy ? setImmediate(resolve) : setTimeout(resolve, 3)));
for (const m of seedMessages) {
	handleMessage(room, conns[0], m);
	await queue.whenIdle();
}
sent = 0;
for (const m of messages) {
	await gap();
	messageArrived();
	handleMessage(room, conns[0], m);
	await queue.whenIdle();
}
await new Promise((resolve) => setImmediate(resolve));
dispose();
process.once('exit', () => {
	const batches = JSON.parse(fs.readFileSync(traceFile, 'utf8')) as Array<Record<string, number>>;
	fs.rmSync(traceFile, { force: true });
	const tail = batches.slice(Math.floor(batches.length / 2));
	const fields = ['guard', 'guardCpu', 'waitCpu', 'store', 'storeCpu', 'send', 'sendCpu', 'write', 'writeCpu'];
	const size = Math.floor(tail.length / 5);
	console.log(`${busy ? 'busy' : 'a 3 ms sleep between updates'}: ${batches.length} batches (${(sent / messages.length).toFixed(0)} messages sent per update); µs per update, mean (min–max of 5 chunks) over the last ${tail.length}`);
	for (const f of fields) {
		const means = [0, 1, 2, 3, 4].map((c) => (tail.slice(c * size, (c + 1) * size).reduce((s, b) => s + b[f], 0) / size) * 1000);
		const all = (tail.reduce((s, b) => s + b[f], 0) / tail.length) * 1000;
		console.log(`${f.padEnd(9)} ${all.toFixed(1)} (${Math.min(...means).toFixed(1)}–${Math.max(...means).toFixed(1)})`);
	}
});
