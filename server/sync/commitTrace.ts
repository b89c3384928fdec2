import fs from 'node:fs';

// `SYNC_TRACE_COMMITS=<file>`: where an update's time goes between its arrival and its last socket
// write, per batch of the group commit, written to <file>.<pid>.json when the process exits (bench
// what-if runs; off by default, and then nothing here runs). Wall times in ms from performance.now();
// each stage also in the event loop thread's CPU ms (…Cpu): on a loaded machine the wall time of a
// stage includes time slices given to other processes, its CPU time does not. The thread's CPU clock
// moves in scheduler ticks here (a stage reads 0 or a whole tick), so only the mean of a …Cpu field
// over many batches means anything.
export interface BatchTrace {
	rows: number;
	/** From the socket's message event of the batch's first (oldest) row to the flush. */
	waitFirst: number;
	/** From the newest row's message event to the flush. */
	waitLast: number;
	/** Message event → queued, for the first row: decoding, the guard, applying. */
	guard: number;
	guardCpu: number;
	/** Queued → flush, for the first row: whatever else the loop ran meanwhile. */
	waitCpu: number;
	/** The store's append (the SQLite transaction). */
	store: number;
	storeCpu: number;
	/** The callbacks (apply bookkeeping, broadcast, acknowledgements), then the corked sockets' writes (writeCorked). */
	send: number;
	sendCpu: number;
	/** After the writes → the end of the tick: the batch's housekeeping and what its callbacks queued. */
	write: number;
	writeCpu: number;
}

/** A moment: wall ms (performance.now) and this thread's CPU ms. */
export interface Stamp {
	at: number;
	cpu: number;
}

const file = process.env.SYNC_TRACE_COMMITS;
export const tracing = Boolean(file);
const batches: BatchTrace[] = [];
/** When the message being handled now arrived (set by the socket's message handler). */
let arrived: Stamp = { at: 0, cpu: 0 };

export function stamp(): Stamp {
	const c = process.threadCpuUsage();
	return { at: performance.now(), cpu: (c.user + c.system) / 1000 };
}

export function messageArrived(): void {
	if (tracing) arrived = stamp();
}
export const arrivedAt = () => arrived;

export function recordBatch(b: BatchTrace): void {
	if (batches.length < 200_000) batches.push(b);
}

if (file) process.on('exit', () => fs.writeFileSync(`${file}.${process.pid}.json`, JSON.stringify(batches)));
