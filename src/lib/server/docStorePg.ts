import type pg from 'pg';
import * as Y from 'yjs';
import { sql, type SQL } from 'drizzle-orm';
import type { AppDb, PgStore } from './db/index.ts';
import { applyParts, asStored, mergeParts, type LoadReport, type LogRow, type Part } from './docStore.ts';
import { concurrencyLimit } from './limit.ts';
import { boardDocNames, type DocStore, type QuarantineRow, type StoredSince } from './docStores.ts';

// The documents on PostgreSQL (tables: src/lib/server/db/schemaPgDocs.ts). The same behaviour as
// the SQLite store (./docStore.ts): snapshot + the log after it, bad parts set aside on load, a
// compaction never loses a row written meanwhile. What differs: seq counts per document (doc_heads),
// so that nodes relaying updates through Redis can see a gap; and a compaction holds a transaction
// advisory lock on its document, so one node at a time folds it (the others skip).

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * The statements of the caller's Drizzle transaction (board creation and deletion), as a
 * Queryable: "$n" placeholders become bound parameters of one Drizzle SQL (each one value, arrays too).
 */
function inCallerTransaction(within: PgStore): Queryable {
	const query = async (text: string, values: unknown[] = []) => {
		const chunks: SQL[] = text.split(/\$(\d+)/).map((part, i) => (i % 2 ? sql`${sql.param(values[Number(part) - 1])}` : sql.raw(part)));
		return within.orm.execute(sql.join(chunks));
	};
	return { query } as unknown as Queryable;
}

const queryableOf = (pool: pg.Pool, within?: AppDb): Queryable => (within && 'pool' in within ? inCallerTransaction(within) : pool);

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const reasonOf = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
/** PostgreSQL's "deadlock detected" and "serialization failure": the transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

interface StoredParts {
	parts: Part[];
	logBytes: number;
	/** The highest log row read (the snapshot's up_to_seq when there is none). */
	lastRow: number;
	/** doc_heads.last_seq at the same moment: every seq up to it is stored, folded or quarantined. */
	head: number;
}

/**
 * The snapshot (when `withSnapshot`, or when it folds rows after `from`), the log rows after both,
 * and the head, read in ONE statement: one consistent view, whatever compacts or appends meanwhile.
 */
async function readParts(q: Queryable, name: string, from: number, withSnapshot: boolean): Promise<StoredParts | null> {
	const { rows } = await q.query<{ k: number; seq: number; data: Buffer | null }>(
		`SELECT 0 AS k, up_to_seq AS seq, data FROM doc_snapshots WHERE doc_name = $1 AND ($3 OR up_to_seq > $2)
		 UNION ALL
		 SELECT 1, u.seq, u.data FROM doc_updates u
		  WHERE u.doc_name = $1 AND u.seq > GREATEST($2, COALESCE((SELECT up_to_seq FROM doc_snapshots WHERE doc_name = $1), 0))
		 UNION ALL
		 SELECT 2, last_seq, NULL FROM doc_heads WHERE doc_name = $1
		 ORDER BY 1, 2`,
		[name, from, withSnapshot]
	);
	const parts: Part[] = [];
	let logBytes = 0;
	let lastRow = from;
	let head = 0;
	for (const r of rows) {
		if (r.k === 2) head = r.seq;
		else {
			parts.push({ source: r.k === 0 ? 'snapshot' : 'log', seq: r.seq, data: r.data! });
			if (r.k === 1) logBytes += r.data!.byteLength;
			lastRow = Math.max(lastRow, r.seq);
		}
	}
	if (parts.length === 0 && withSnapshot) return null;
	return { parts, logBytes, lastRow, head };
}

async function quarantine(q: Queryable, name: string, bad: Array<Part & { reason: string }>, now = Date.now()): Promise<void> {
	for (const b of bad) {
		await q.query('INSERT INTO doc_quarantine (doc_name, source, seq, data, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
			name,
			b.source,
			b.seq,
			asBuffer(b.data),
			b.reason,
			now
		]);
		if (b.source === 'log') await q.query('DELETE FROM doc_updates WHERE doc_name = $1 AND seq = $2', [name, b.seq]);
		else await q.query('DELETE FROM doc_snapshots WHERE doc_name = $1', [name]);
	}
}

/** Runs `fn` in a transaction on one client of the pool; retried when PostgreSQL asks for it (deadlock). */
async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		const client = await pool.connect();
		try {
			await client.query('BEGIN');
			const out = await fn(client);
			await client.query('COMMIT');
			return out;
		} catch (err) {
			await client.query('ROLLBACK').catch(() => {});
			if (attempt < 3 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
			throw err;
		} finally {
			client.release();
		}
	}
}

/** The lock key of a document's compaction (and deletion): one 64-bit hash of its name. */
const LOCK_SQL = `hashtextextended($1, 7354221)`;

/**
 * The group commit's statement: numbers the rows per document (doc_heads, upserted in name order
 * so two nodes' batches lock heads in the same order) and inserts them, in one statement and so one
 * transaction. Returns, per document, its new head; row seqs follow from the order of the input.
 */
const APPEND_SQL = `
WITH input AS (
	SELECT d.doc_name, d.data, d.ord FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS d(doc_name, data, ord)
), counts AS (
	SELECT doc_name, count(*)::bigint AS n FROM input GROUP BY doc_name
), heads AS (
	INSERT INTO doc_heads AS h (doc_name, last_seq) SELECT doc_name, n FROM counts ORDER BY doc_name
	ON CONFLICT (doc_name) DO UPDATE SET last_seq = h.last_seq + EXCLUDED.last_seq
	RETURNING h.doc_name, h.last_seq
), numbered AS (
	SELECT i.doc_name, i.data, heads.last_seq - c.n + row_number() OVER (PARTITION BY i.doc_name ORDER BY i.ord) AS seq
	FROM input i JOIN counts c USING (doc_name) JOIN heads USING (doc_name)
), inserted AS (
	INSERT INTO doc_updates (doc_name, seq, data, created_at) SELECT doc_name, seq, data, $3 FROM numbered
)
SELECT doc_name, last_seq FROM heads`;

/** Catch-up reads (since) in flight at once, per store (one per process): the app's pool has 10 connections. */
const CATCH_UP_READS = 2;

export interface PgDocStoreOptions {
	/**
	 * Boards created on PostgreSQL before their documents moved here were seeded in the SQLite file
	 * (DATABASE_PATH) and copied in on first load. When PostgreSQL holds nothing of a document, this
	 * state (if any) is copied in first. New boards are seeded here, with their row (boards.ts).
	 */
	adopt?(name: string): Uint8Array | null;
	/** The group commit's own pool (db/pgPool.ts, role 'commit'); without one, appends share the pool. */
	commitPool?: pg.Pool;
}

export class PgDocStore implements DocStore {
	readonly backend = 'postgres' as const;
	private readonly pool: pg.Pool;
	private readonly options: PgDocStoreOptions;
	private readonly inFlight = new Set<Promise<unknown>>();
	/** Catch-up reads take at most CATCH_UP_READS connections at once: the pool stays open to pages. */
	private readonly catchUpRead = concurrencyLimit(CATCH_UP_READS);

	constructor(pool: pg.Pool, options: PgDocStoreOptions = {}) {
		this.pool = pool;
		this.options = options;
	}

	async readInto(name: string, doc: Y.Doc, origin: unknown): Promise<LoadReport | null> {
		let stored = await readParts(this.pool, name, 0, true);
		if (!stored) {
			const first = this.options.adopt?.(name);
			if (!first) return null;
			await this.pool.query('INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING', [
				name,
				asBuffer(first),
				Date.now()
			]);
			stored = await readParts(this.pool, name, 0, true);
			if (!stored) return null;
		}
		const bad = applyParts(doc, stored.parts, origin);
		if (bad.length) await inTransaction(this.pool, (c) => quarantine(c, name, bad));
		const badLogBytes = bad.filter((b) => b.source === 'log').reduce((n, b) => n + b.data.byteLength, 0);
		return {
			logBytes: stored.logBytes - badLogBytes,
			lastSeq: Math.max(stored.head, stored.lastRow),
			quarantined: bad.map(({ source, seq, reason }) => ({ source, seq, reason })),
			asStored: asStored(stored.parts, bad)
		};
	}

	async load(name: string): Promise<Uint8Array | null> {
		const doc = new Y.Doc();
		try {
			const report = await this.readInto(name, doc, null);
			return report ? (report.asStored ?? Y.encodeStateAsUpdate(doc)) : null;
		} finally {
			doc.destroy();
		}
	}

	/** `within`: the caller's transaction (board creation), so the document commits with the board row. */
	async seed(name: string, update: Uint8Array, within?: AppDb): Promise<void> {
		const { rowCount } = await queryableOf(this.pool, within).query(
			`INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at)
			 SELECT $1, $2, 0, $3 WHERE NOT EXISTS (SELECT 1 FROM doc_updates WHERE doc_name = $1)
			 ON CONFLICT DO NOTHING`,
			[name, asBuffer(update), Date.now()]
		);
		if (rowCount !== 1) throw new Error(`document ${name} already exists`);
	}

	async append(rows: readonly LogRow[], now = Date.now()): Promise<readonly number[]> {
		if (rows.length === 0) return [];
		const names = rows.map((r) => r.docName);
		const data = rows.map((r) => asBuffer(r.data));
		let result: pg.QueryResult<{ doc_name: string; last_seq: number }> | undefined;
		for (let attempt = 0; !result; attempt++) {
			try {
				result = await (this.options.commitPool ?? this.pool).query<{ doc_name: string; last_seq: number }>(APPEND_SQL, [names, data, now]);
			} catch (err) {
				if (attempt < 3 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
				throw err;
			}
		}
		const head = new Map(result.rows.map((r) => [r.doc_name, r.last_seq]));
		const count = new Map<string, number>();
		for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
		const next = new Map<string, number>();
		return names.map((n) => {
			const k = (next.get(n) ?? 0) + 1;
			next.set(n, k);
			return head.get(n)! - count.get(n)! + k;
		});
	}

	async version(name: string): Promise<number> {
		// doc_heads.last_seq only grows (a compaction keeps it); a seeded document has no head yet.
		const { rows } = await this.pool.query<{ v: number }>(
			`SELECT COALESCE((SELECT last_seq FROM doc_heads WHERE doc_name = $1), (SELECT up_to_seq FROM doc_snapshots WHERE doc_name = $1), -1)::bigint AS v`,
			[name]
		);
		return Number(rows[0].v);
	}

	async since(name: string, from: number): Promise<StoredSince> {
		const stored = await this.catchUpRead(() => readParts(this.pool, name, from, false));
		return { updates: stored!.parts.map((p) => p.data), lastSeq: Math.max(from, stored!.head, stored!.lastRow) };
	}

	async heads(names: readonly string[]): Promise<Map<string, number>> {
		const out = new Map<string, number>(names.map((n) => [n, 0]));
		if (names.length === 0) return out;
		const { rows } = await this.pool.query<{ doc_name: string; last_seq: number }>('SELECT doc_name, last_seq FROM doc_heads WHERE doc_name = ANY($1::text[])', [
			[...names]
		]);
		for (const r of rows) out.set(r.doc_name, r.last_seq);
		return out;
	}

	compact(name: string, now = Date.now()): Promise<number | null> {
		const run = inTransaction(this.pool, async (c) => {
			const { rows } = await c.query<{ got: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_SQL}) AS got`, [name]);
			if (!rows[0].got) return 0; // another node is folding this document right now
			const stored = await readParts(c, name, 0, true);
			if (!stored || !stored.parts.some((p) => p.source === 'log')) return 0;
			const { data, bad } = mergeParts(stored.parts);
			await quarantine(c, name, bad, now);
			const upToSeq = stored.lastRow;
			await c.query(
				`INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at) VALUES ($1, $2, $3, $4)
				 ON CONFLICT (doc_name) DO UPDATE SET data = EXCLUDED.data, up_to_seq = EXCLUDED.up_to_seq, updated_at = EXCLUDED.updated_at`,
				[name, data, upToSeq, now]
			);
			await c.query('DELETE FROM doc_updates WHERE doc_name = $1 AND seq <= $2', [name, upToSeq]);
			return data.byteLength;
		}).catch(() => null);
		this.inFlight.add(run);
		void run.finally(() => this.inFlight.delete(run));
		return run;
	}

	/** `within`: the caller's transaction (board deletion), so the documents go with the board row. */
	async deleteBoard(boardId: string, within?: AppDb): Promise<void> {
		const names = boardDocNames(boardId);
		const remove = async (c: Queryable) => {
			// Waits for a compaction of either document to finish, so it cannot write the snapshot back.
			for (const n of [...names].sort()) await c.query(`SELECT pg_advisory_xact_lock(${LOCK_SQL})`, [n]);
			for (const table of ['doc_updates', 'doc_snapshots', 'doc_quarantine', 'doc_heads'])
				await c.query(`DELETE FROM ${table} WHERE doc_name = ANY($1::text[])`, [names]);
		};
		if (within && 'pool' in within) await remove(inCallerTransaction(within));
		else await inTransaction(this.pool, remove);
	}

	async quarantined(names: readonly string[]): Promise<QuarantineRow[]> {
		if (names.length === 0) return [];
		const { rows } = await this.pool.query<QuarantineRow>(
			`SELECT doc_name AS "docName", source, reason, created_at AS "createdAt" FROM doc_quarantine WHERE doc_name = ANY($1::text[]) ORDER BY id DESC`,
			[[...names]]
		);
		return rows;
	}

	async drain(): Promise<void> {
		await Promise.allSettled([...this.inFlight]);
	}
}
