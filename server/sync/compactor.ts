import { Worker } from 'node:worker_threads';
import type { Log } from './log.ts';

/**
 * Compaction off the event loop. Merging and verifying a large document takes seconds on a busy
 * machine (10,000 goals: ~3 s measured), all of it a stall if done on the sync thread. A worker
 * thread with its own SQLite connection does it from the stored log (which holds everything any
 * room has applied and sent) and writes the snapshot in a short transaction.
 * Requests for a document already queued are merged.
 */
export class Compactor {
	private worker: Worker | null = null;
	private nextId = 0;
	private readonly waiting = new Map<number, { docName: string; resolve: (bytes: number | null) => void }>();
	private readonly queued = new Map<string, Promise<number | null>>();
	private readonly file: string;
	private readonly migrationsFolder: string;
	private readonly log: Log;
	private readonly workerFile: string | URL;

	/** `workerFile`: compactWorker.ts; next to this module by default (source runs: tests, dev). */
	constructor(file: string, migrationsFolder: string, log: Log, workerFile: string | URL = new URL('./compactWorker.ts', import.meta.url)) {
		this.file = file;
		this.migrationsFolder = migrationsFolder;
		this.log = log;
		this.workerFile = workerFile;
	}

	/** Folds the stored log of `docName` into its snapshot; resolves with its size (null: nothing done). */
	compact(docName: string): Promise<number | null> {
		const already = this.queued.get(docName);
		if (already) return already;
		const id = ++this.nextId;
		const done = new Promise<number | null>((resolve) => this.waiting.set(id, { docName, resolve }));
		this.queued.set(docName, done);
		this.start().postMessage({ id, docName });
		return done;
	}

	/** Resolves once every requested compaction finished. */
	async idle(): Promise<void> {
		await Promise.all([...this.queued.values()]);
	}

	async close(): Promise<void> {
		await this.idle();
		await this.worker?.terminate();
		this.worker = null;
	}

	private start(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(this.workerFile, { workerData: { file: this.file, migrationsFolder: this.migrationsFolder } });
		worker.unref();
		worker.on('message', (m: { id: number; ok: boolean; bytes?: number | null; error?: string }) => {
			const w = this.waiting.get(m.id);
			if (!w) return;
			this.waiting.delete(m.id);
			this.queued.delete(w.docName);
			// The log still holds everything; the next flush tries again.
			if (!m.ok) this.log('error', `compaction of ${w.docName} failed: ${m.error}`);
			w.resolve(m.ok ? (m.bytes ?? null) : null);
		});
		worker.on('error', (err) => {
			this.log('error', 'the compaction thread failed', err);
			this.failAll();
		});
		worker.on('exit', () => {
			if (this.worker === worker) this.worker = null;
			this.failAll();
		});
		this.worker = worker;
		return worker;
	}

	private failAll(): void {
		for (const [id, w] of this.waiting) {
			this.waiting.delete(id);
			this.queued.delete(w.docName);
			w.resolve(null);
		}
	}
}
