import type { Db } from '../../src/lib/server/db/index.ts';
import { appendUpdates, foldLogIfFull, type LogRow } from '../../src/lib/server/docStore.ts';
import type { Log } from './log.ts';
import { arrivedAt, recordBatch, stamp, tracing, type Stamp } from './commitTrace.ts';
import { writeCorked } from './connection.ts';

/**
 * Where a batch goes: one call per batch, all rows or none. SQLite commits synchronously; a
 * networked database would return a promise (one multi-row insert per turn) and the queue waits
 * for it, collecting the next batch meanwhile.
 */
export interface CommitStore {
	/** May return each row's seq (PostgreSQL numbers rows per document): passed to that row's `done`. */
	append(rows: readonly LogRow[]): void | readonly number[] | Promise<void | readonly number[]>;
	/** Housekeeping after a committed batch's callbacks ran (its sends are out): never delays one. */
	afterBatch?(): void;
}

// SQLite: appends go to the hot log; folding it into the per-document log waits until the sends are out.
// The app's transactions on this connection span awaits (db/query.ts `transaction`): a batch written
// while one is open would commit or roll back with it, so it waits until none is open, then is written
// in the same tick as that check.
export const sqliteStore = (db: Db): CommitStore => ({
	append: (rows) => (db.$client.inTransaction ? outsideTransaction(db).then(() => appendUpdates(db, rows)) : appendUpdates(db, rows)),
	afterBatch: () => {
		if (!db.$client.inTransaction) foldLogIfFull(db);
	}
});

async function outsideTransaction(db: Db): Promise<void> {
	while (db.$client.inTransaction) await new Promise((resolve) => setImmediate(resolve));
}

/** One thing waiting for a batch: a row to store (or none), and what to do once the batch is decided. */
interface Entry {
	row: LogRow | null;
	/** False: the row's room was discarded (board deleted) before the batch was written. */
	keep(): boolean;
	done(ok: boolean, err?: unknown, seq?: number): void;
	/** SYNC_TRACE_COMMITS only: when its message arrived, and when it was queued. */
	arrived?: Stamp;
	queued?: Stamp;
}

export interface CommitQueueOptions {
	log: Log;
	/** Test and crash-test hook: called with each batch right before and right after its commit. */
	onCommit?(stage: 'before' | 'after', rows: readonly LogRow[]): void;
	/**
	 * Hold a batch open this many ms after its first row (0: until the end of the turn). A what-if
	 * for busy servers: more rows per transaction, each update waiting up to this long before it is
	 * stored and sent. Off by default (see tests/bench/README.md for what it costs and saves).
	 */
	windowMs?: number;
	/**
	 * A batch flushed less than this long ago means a busy server: the batch collects the whole
	 * turn (setImmediate), across sockets. Otherwise (default 2 ms) it is written once the callback
	 * that queued it returns (a microtask): a quiet server does not keep an update waiting behind
	 * the rest of the poll phase (the workshop load: other sockets' awareness messages).
	 */
	quietMs?: number;
}

const QUIET_MS = 2;

/**
 * Group commit: everything received during one event-loop turn, across all documents, is stored in
 * one transaction on `setImmediate`, then the callbacks run in arrival order (apply, broadcast,
 * acknowledge). Nothing waits longer than a turn plus one commit, and a burst of n updates costs
 * one commit instead of n. On a quiet server (no batch in the last quietMs) the batch is written
 * as soon as the I/O callback that queued it returns: what one socket sent at once (a burst) is
 * still one transaction, and the next rows of the turn find the server busy and batch again.
 */
export class CommitQueue {
	private collecting: Entry[] = [];
	private scheduled = false;
	/** The batch being written by an asynchronous store; the next one waits for it. */
	private writing: Promise<void> | null = null;
	private idleWaiters: Array<() => void> = [];
	private readonly store: CommitStore;
	private readonly options: CommitQueueOptions;
	/** performance.now() of the last flush that wrote rows. */
	private lastFlush = -Infinity;
	/** Batches written since startup (tests, metrics). */
	batches = 0;
	/** Rows of the batch whose callbacks are running; 0 outside them (Room.committed). */
	rowsNow = 0;

	constructor(store: CommitStore, options: CommitQueueOptions) {
		this.store = store;
		this.options = options;
	}

	/** A row to store in the current batch; `done` runs once that batch committed (true) or failed. */
	add(row: LogRow, keep: () => boolean, done: (ok: boolean, err?: unknown, seq?: number) => void): void {
		this.collecting.push(tracing ? { row, keep, done, arrived: arrivedAt(), queued: stamp() } : { row, keep, done });
		this.schedule();
	}

	/** Runs `fn` after the current batch is decided (its ok says how), in order with the rows. */
	after(fn: (ok: boolean) => void): void {
		if (this.collecting.length === 0 && !this.writing) return fn(true);
		this.collecting.push({ row: null, keep: () => true, done: fn });
		this.schedule();
	}

	get isIdle(): boolean {
		return this.collecting.length === 0 && !this.writing;
	}

	/** Resolves once nothing is waiting or being written. */
	whenIdle(): Promise<void> {
		if (this.isIdle) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Writes what is collected now, synchronously (shutdown, compaction). Only for a synchronous store. */
	flushNow(): void {
		if (this.writing) throw new Error('a batch is still being written');
		this.flush();
	}

	private schedule(): void {
		if (this.scheduled || this.writing) return;
		this.scheduled = true;
		const run = () => {
			this.scheduled = false;
			if (!this.writing) this.flush();
		};
		if (this.options.windowMs) setTimeout(run, this.options.windowMs);
		else if (performance.now() - this.lastFlush >= (this.options.quietMs ?? QUIET_MS)) queueMicrotask(run);
		else setImmediate(run);
	}

	private flush(): void {
		const batch = this.collecting;
		this.collecting = [];
		if (batch.length === 0) return this.settle();
		const rows: LogRow[] = [];
		/** Per entry of the batch, its row's index in `rows` (-1: none). */
		const at: number[] = [];
		for (const e of batch) at.push(e.row && e.keep() ? rows.push(e.row) - 1 : -1);
		const flushed = tracing ? stamp() : null;
		const flushedAt = performance.now();
		if (rows.length) this.lastFlush = flushedAt;
		let result: void | readonly number[] | Promise<void | readonly number[]>;
		try {
			this.options.onCommit?.('before', rows);
			result = rows.length ? this.store.append(rows) : undefined;
		} catch (err) {
			return this.decide(batch, rows, err, flushedAt);
		}
		if (result instanceof Promise) {
			this.writing = result.then(
				(seqs) => this.decide(batch, rows, null, flushedAt, seqs, at, flushed),
				(err: unknown) => this.decide(batch, rows, err ?? new Error('commit failed'), flushedAt)
			);
			return;
		}
		this.decide(batch, rows, null, flushedAt, result, at, flushed);
	}

	private decide(batch: Entry[], rows: LogRow[], err: unknown, flushedAt = 0, seqs?: void | readonly number[], at?: number[], flushed?: Stamp | null): void {
		const stored = tracing ? stamp() : null;
		this.writing = null;
		const ok = err === null;
		if (ok) {
			this.batches++;
			this.options.onCommit?.('after', rows);
		} else {
			this.options.log('error', `could not store a batch of ${rows.length} updates; nothing of it was applied or sent`, err);
		}
		this.rowsNow = ok ? rows.length : 0;
		for (let i = 0; i < batch.length; i++) {
			const e = batch[i];
			try {
				e.done(ok, err, seqs && at && at[i] >= 0 ? seqs[at[i]] : undefined);
			} catch (cbErr) {
				this.options.log('error', 'a commit callback failed', cbErr);
			}
		}
		this.rowsNow = 0;
		// The batch's broadcast and acknowledgements are on corked sockets: written now, before the
		// housekeeping below and whatever the callbacks queued, not at the end of the tick.
		writeCorked();
		if (flushed && stored && ok && rows.length) traceBatch(batch, rows.length, flushed, stored);
		if (ok && rows.length) {
			try {
				this.store.afterBatch?.();
			} catch (mErr) {
				this.options.log('error', 'housekeeping after a batch failed (the batch is stored)', mErr);
			}
		}
		if (this.collecting.length) this.schedule();
		else this.settle();
	}

	private settle(): void {
		if (!this.isIdle) return;
		for (const w of this.idleWaiters.splice(0)) w();
	}
}

/** SYNC_TRACE_COMMITS: the batch's stages (its sockets are written at the end of its callbacks), up to the end of the tick. */
function traceBatch(batch: Entry[], rows: number, flushed: Stamp, stored: Stamp): void {
	const first = batch.find((e) => e.row);
	const last = batch.findLast((e) => e.row);
	if (!first?.arrived || !first.queued || !last?.arrived) return;
	const sent = stamp();
	const { arrived, queued } = first;
	const lastArrived = last.arrived;
	// Runs after the batch's housekeeping and the microtasks its callbacks queued.
	process.nextTick(() => {
		const written = stamp();
		recordBatch({
			rows,
			waitFirst: flushed.at - arrived.at,
			waitLast: flushed.at - lastArrived.at,
			guard: queued.at - arrived.at,
			guardCpu: queued.cpu - arrived.cpu,
			waitCpu: flushed.cpu - queued.cpu,
			store: stored.at - flushed.at,
			storeCpu: stored.cpu - flushed.cpu,
			send: sent.at - stored.at,
			sendCpu: sent.cpu - stored.cpu,
			write: written.at - sent.at,
			writeCpu: written.cpu - sent.cpu
		});
	});
}

/** Crash tests: `TANDEM_DEBUG_CRASH=before-commit:3` kills the process (SIGKILL) at the third batch. */
export function crashHookFromEnv(env = process.env): CommitQueueOptions['onCommit'] {
	const m = /^(before|after)-commit:(\d+)$/.exec(env.TANDEM_DEBUG_CRASH ?? '');
	if (!m) return undefined;
	const stage = m[1] as 'before' | 'after';
	let left = Number(m[2]);
	return (s, rows) => {
		if (s === stage && rows.length > 0 && --left === 0) process.kill(process.pid, 'SIGKILL');
	};
}

/** `SYNC_COMMIT_WINDOW_MS=4`: the bounded commit window (bench what-if runs); 0 or unset: one turn. */
export function commitWindowFromEnv(env = process.env): number {
	const ms = Number(env.SYNC_COMMIT_WINDOW_MS ?? 0);
	return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 50) : 0;
}

/** `SYNC_COMMIT_QUIET_MS=1000000000`: what-if runs with the quiet path off (every batch waits for the turn). */
export function commitQuietFromEnv(env = process.env): number | undefined {
	const ms = Number(env.SYNC_COMMIT_QUIET_MS);
	return env.SYNC_COMMIT_QUIET_MS && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

const queues = new WeakMap<Db, CommitQueue>();

/** The process's queue for a database: every room on it shares one, so a turn is one transaction. */
export function commitQueueFor(db: Db, log: Log): CommitQueue {
	let q = queues.get(db);
	if (!q) queues.set(db, (q = new CommitQueue(sqliteStore(db), { log, onCommit: crashHookFromEnv(), windowMs: commitWindowFromEnv(), quietMs: commitQuietFromEnv() })));
	return q;
}
