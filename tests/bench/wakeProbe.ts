// `node tests/bench/wakeProbe.ts <tandem|y-websocket> [updates] [--busy]`: the workshop's write path
// (scenario 1) of either server in one process, without sockets: one document with 200 cells, 60
// connections whose `ws` is a stub that records when it is written to, one writer sending a
// matrix-cell update every 3 ms (as at 30 updates/s: the thread sleeps between updates, so each one
// meets a cold thread, as in the bench), or with `--busy` on the very next turn. Tandem: the real
// message handler, guard, group commit (SQLite file) and broadcast; y-websocket: its own
// `setupWSConnection` (@y/websocket-server 0.1.1) and in-memory document. Prints, in µs of wall
// time per update (mean and median over the second half, min–max of 5 chunks' means): handler
// call → first socket write, → last (60th). Run the two one after the other on a quiet machine and
// compare the same columns; the difference is the code between the wake-up and the writes.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { workshopWriter } from './workshopWriter.ts';

const server = process.argv[2];
if (server !== 'tandem' && server !== 'y-websocket') throw new Error('usage: wakeProbe.ts <tandem|y-websocket> [updates] [--busy]');
const N = Number(process.argv.slice(3).find((a) => /^\d+$/.test(a)) ?? 2000);
const busy = process.argv.includes('--busy');
const CLIENTS = 60;

/** When the current update's first and last socket writes happened (performance.now()). */
let writes = 0;
let first = 0;
let last = 0;
const wrote = () => {
	const t = performance.now();
	if (writes++ === 0) first = t;
	last = t;
};

const { seed: seedMessages, updates: messages } = workshopWriter(N);

/** Hands one message to the server as its socket would; resolves once the server is done with it. */
let deliver: (m: Uint8Array) => Promise<void>;
let cleanup: () => void;

if (server === 'tandem') {
	const { stubRoom } = await import('./stubRoom.ts');
	const { handleMessage } = await import('../../server/sync/messages.ts');
	const { silentLog } = await import('../../server/sync/log.ts');
	const { commitQueueFor } = await import('../../server/sync/commitQueue.ts');
	const { db, room, conns, dispose } = await stubRoom(CLIENTS, wrote);
	const queue = commitQueueFor(db, silentLog);
	deliver = async (m) => {
		handleMessage(room, conns[0], m);
		await queue.whenIdle();
	};
	cleanup = dispose;
} else {
	const { setupWSConnection } = (await import('@y/websocket-server/utils')) as unknown as {
		setupWSConnection(conn: unknown, req: unknown, opts: { docName: string; gc?: boolean }): void;
	};
	class StubSocket extends EventEmitter {
		readyState = 1;
		binaryType = 'arraybuffer';
		send(_m: Uint8Array, _opts: unknown, cb?: (err?: Error) => void) {
			wrote();
			cb?.();
		}
		ping() {}
		close() {
			this.readyState = 3;
		}
	}
	const conns = Array.from({ length: CLIENTS }, () => {
		const ws = new StubSocket();
		setupWSConnection(ws, { url: '/board0' }, { docName: 'board0' });
		return ws;
	});
	deliver = async (m) => {
		conns[0].emit('message', m);
	};
	// Its ping timers keep the process alive: it exits after the report.
	cleanup = () => {};
}

for (const m of seedMessages) await deliver(m);
const gap = () => new Promise((resolve) => (busy ? setImmediate(resolve) : setTimeout(resolve, 3)));
const toFirst: number[] = [];
const toLast: number[] = [];
for (const m of messages) {
	await gap();
	writes = 0;
	const t0 = performance.now();
	await deliver(m);
	if (writes !== CLIENTS) throw new Error(`${writes} socket writes for one update, expected ${CLIENTS}`);
	toFirst.push((first - t0) * 1000);
	toLast.push((last - t0) * 1000);
}
cleanup();

const tail = (xs: number[]) => xs.slice(Math.floor(xs.length / 2));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const chunks = (xs: number[]) => [0, 1, 2, 3, 4].map((c) => mean(xs.slice((c * xs.length) / 5, ((c + 1) * xs.length) / 5)));
const line = (name: string, xs: number[]) => {
	const t = tail(xs);
	const cs = chunks(t);
	return `${name} mean ${mean(t).toFixed(1)} (${Math.min(...cs).toFixed(1)}–${Math.max(...cs).toFixed(1)}), median ${median(t).toFixed(1)}`;
};
console.log(`${server}, ${busy ? 'busy' : 'a 3 ms sleep between updates'}, ${messages.length} updates, µs over the last ${tail(toLast).length}, load ${os.loadavg()[0].toFixed(2)}`);
console.log(line('to first write', toFirst));
console.log(line('to last write ', toLast));
process.exit(0);
