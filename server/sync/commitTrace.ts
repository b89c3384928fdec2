import fs from 'node:fs';

// `SYNC_TRACE_COMMITS=<file>`: where an update's time goes between its arrival and its broadcast,
// per batch of the group commit, written to <file>.<pid>.json when the process exits (bench what-if
// runs; off by default, and then nothing here runs). Times in ms from performance.now().
export interface BatchTrace {
	rows: number;
	/** From the socket's message event of the batch's first (oldest) row to the flush. */
	waitFirst: number;
	/** From the newest row's message event to the flush. */
	waitLast: number;
	/** Message event → queued, for the first row: decoding, the guard, applying. */
	guard: number;
	/** The store's append (the SQLite transaction). */
	store: number;
	/** The callbacks: apply bookkeeping, broadcast, acknowledgements. */
	send: number;
}

const file = process.env.SYNC_TRACE_COMMITS;
export const tracing = Boolean(file);
const batches: BatchTrace[] = [];
/** When the message being handled now arrived (set by the socket's message handler). */
let arrived = 0;

export function messageArrived(): void {
	if (tracing) arrived = performance.now();
}
export const arrivedAt = () => arrived;

export function recordBatch(b: BatchTrace): void {
	if (batches.length < 200_000) batches.push(b);
}

if (file) process.on('exit', () => fs.writeFileSync(`${file}.${process.pid}.json`, JSON.stringify(batches)));
