// `node tests/bench/abWake.ts <checkout> <checkout> [updates] [--busy]`: wakeProbe.ts's Tandem write
// path (200-cell board, 60 stub sockets, the real handler, guard, group commit and broadcast) for two
// checkouts in ONE process, alternating update by update, so that the machine's load falls on both
// alike: an A/B of two versions of the server code that a noisy machine does not decide. Each
// checkout runs its own modules (and its own Yjs: the "imported twice" warnings are expected) on its
// own SQLite file. The stub sockets are corkable like the real ones, so a write is timed when the
// connection uncorks its socket. Prints per checkout the median and first quartile of the wall µs
// from the handler call to the first, the mean (what the median receiver waits) and the last of the 60 socket writes, over the second half. Run it in both orders (the second
// checkout runs right after the first's update): e.g. `node tests/bench/abWake.ts /work/main $PWD 600`.
import os from 'node:os';
import path from 'node:path';

const trees = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a)).map((t) => path.resolve(t));
if (trees.length < 2) throw new Error('usage: abWake.ts <checkout> <checkout> [updates] [--busy]');
const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 400);
const busy = process.argv.includes('--busy');
const CLIENTS = 60;
let writes = 0;
let first = 0;
let last = 0;
/** Sum of the writes' times: their mean is what the median receiver waits. */
let sum = 0;
const wrote = () => {
	last = performance.now();
	if (writes++ === 0) first = last;
	sum += last;
};
const { workshopWriter } = (await import(`${trees[0]}/tests/bench/workshopWriter.ts`)) as typeof import('./workshopWriter.ts');
const { seed, updates } = workshopWriter(N);
const sides: Array<{ tree: string; deliver(m: Uint8Array): Promise<void>; times: number[]; firsts: number[]; means: number[] }> = [];
for (const tree of trees) {
	const { stubRoom } = (await import(`${tree}/tests/bench/stubRoom.ts`)) as typeof import('./stubRoom.ts');
	const { handleMessage } = (await import(`${tree}/server/sync/messages.ts`)) as typeof import('../../server/sync/messages.ts');
	const { silentLog } = (await import(`${tree}/server/sync/log.ts`)) as typeof import('../../server/sync/log.ts');
	const { commitQueueFor } = (await import(`${tree}/server/sync/commitQueue.ts`)) as typeof import('../../server/sync/commitQueue.ts');
	const { db, room, conns } = await stubRoom(CLIENTS, wrote);
	// As the real server's sockets: the connection corks the TCP socket, and what it sent is written
	// when it uncorks, which is the moment timed here (stubRoom's sockets count the send itself).
	for (const conn of conns) {
		const ws = (conn as unknown as { ws: { send(m: Uint8Array): void; _socket?: unknown } }).ws;
		let isCorked = false;
		let pending = 0;
		ws._socket = {
			cork: () => void (isCorked = true),
			uncork: () => {
				isCorked = false;
				if (pending > 0) wrote();
				pending = 0;
			}
		};
		ws.send = () => void (isCorked ? pending++ : wrote());
	}
	const queue = commitQueueFor(db, silentLog);
	const deliver = async (m: Uint8Array) => {
		handleMessage(room, conns[0], m);
		await queue.whenIdle();
	};
	for (const m of seed) await deliver(m);
	sides.push({ tree, deliver, times: [], firsts: [], means: [] });
}
for (const m of updates) {
	for (const side of sides) {
		await new Promise((resolve) => (busy ? setImmediate(resolve) : setTimeout(resolve, 3)));
		writes = 0;
		sum = 0;
		const t0 = performance.now();
		await side.deliver(m);
		// Sockets still corked are written on the next tick.
		await new Promise((resolve) => process.nextTick(resolve));
		if (writes !== CLIENTS) throw new Error(`${writes} socket writes for one update, expected ${CLIENTS}`);
		side.times.push((last - t0) * 1000);
		side.firsts.push((first - t0) * 1000);
		side.means.push((sum / CLIENTS - t0) * 1000);
	}
}
const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
console.log(`${busy ? 'busy' : 'a 3 ms sleep between updates'}, ${N} updates, load ${os.loadavg()[0].toFixed(2)}; handler call → first, mean and last write, wall µs over the last ${N - Math.floor(N / 2)}`);
for (const s of sides) {
	const half = (xs: number[]) => xs.slice(Math.floor(N / 2));
	const [xs, fs, ms] = [half(s.times), half(s.firsts), half(s.means)];
	console.log(`${s.tree}: last median ${at(xs, 0.5).toFixed(1)}, p25 ${at(xs, 0.25).toFixed(1)}; first median ${at(fs, 0.5).toFixed(1)}; mean write median ${at(ms, 0.5).toFixed(1)}`);
}
// The rooms' timers and databases are left to the exit.
process.exit(0);
