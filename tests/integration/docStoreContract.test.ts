// One contract, two document stores: the same cases against SQLite (the default) and a real
// PostgreSQL 15 (tests/integration/helpers/services.ts). PostgreSQL-only cases follow: per-document
// sequence numbers under concurrent writers (two pools, as two nodes would) and the compaction lease.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as Y from 'yjs';
import pg from 'pg';
import { sqliteDocStore, type DocStore } from '../../src/lib/server/docStores.ts';
import { PgDocStore } from '../../src/lib/server/docStorePg.ts';
import fs from 'node:fs';
import os from 'node:os';
import { appendUpdate, seedDoc } from '../../src/lib/server/docStore.ts';
import { closeDb, openPg } from '../../src/lib/server/db/index.ts';
import { closePgPools } from '../../src/lib/server/db/pgPool.ts';
import { migratePg } from '../../src/lib/server/db/pgPool.ts';
import { startPostgres, type Service } from './helpers/services.ts';
import { noteText, readNote, tempDb, typing } from '../unit/sync/helpers.ts';

const BAD = new Uint8Array([1, 2, 3, 250, 250, 250]);

const textOf = (state: Uint8Array | null) => {
	const d = new Y.Doc();
	if (state) Y.applyUpdate(d, state);
	return readNote(d);
};

interface Backend {
	store: DocStore;
	/** Writes a log row as is, bypassing every check (a corrupt row on disk). */
	writeRaw(name: string, data: Uint8Array): Promise<void>;
	logRows(name: string): Promise<number>;
}

let pgService: Service;
const pools: pg.Pool[] = [];
let counter = 0;
/** A fresh document name per test: the stores are shared across the cases of a backend. */
const fresh = () => `c${++counter}`;

function newPool(): pg.Pool {
	const pool = new pg.Pool({ connectionString: pgService.url });
	pool.on('error', () => {}); // the server stopping at the end
	pools.push(pool);
	return pool;
}

beforeAll(async () => {
	pgService = await startPostgres();
	const pool = newPool();
	await migratePg(pool, path.resolve('server/migrations-pg'));
});

afterAll(async () => {
	await Promise.all(pools.map((p) => p.end()));
	await pgService?.stop();
});

const backends: Record<string, () => Backend> = {
	sqlite: () => {
		const t = tempDb();
		return {
			store: sqliteDocStore(t.db),
			writeRaw: async (name, data) => void appendUpdate(t.db, name, data),
			logRows: async (name) => (t.db.$client.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').get(name) as { n: number }).n
		};
	},
	postgres: () => {
		const pool = pools[0];
		return {
			store: new PgDocStore(pool),
			async writeRaw(name, data) {
				await new PgDocStore(pool).append([{ docName: name, data: new Uint8Array([0, 0]) }]);
				await pool.query('UPDATE doc_updates SET data = $1 WHERE doc_name = $2 AND seq = (SELECT last_seq FROM doc_heads WHERE doc_name = $2)', [Buffer.from(data), name]);
			},
			logRows: async (name) => Number((await pool.query('SELECT count(*) AS n FROM doc_updates WHERE doc_name = $1', [name])).rows[0].n)
		};
	}
};

for (const [kind, make] of Object.entries(backends)) {
	describe(`document store contract: ${kind}`, () => {
		let b: Backend;
		beforeAll(() => {
			b = make();
		});
		const board = () => fresh();

		it('loads nothing for a document never stored', async () => {
			expect(await b.store.load(`${board()}/shared`)).toBeNull();
			expect(await b.store.readInto(`${board()}/shared`, new Y.Doc(), null)).toBeNull();
		});

		it('versions a document: -1 never stored, grows with each append, kept by a compaction, gone with the board', async () => {
			const boardId = board();
			const name = `${boardId}/shared`;
			expect(await b.store.version(name)).toBe(-1);
			const { updates } = typing('a', 'b', 'c');
			await b.store.seed(name, updates[0]);
			const seeded = await b.store.version(name);
			expect(seeded).toBeGreaterThanOrEqual(0);
			await b.store.append([{ docName: name, data: updates[1] }]);
			const once = await b.store.version(name);
			expect(once).toBeGreaterThan(seeded);
			await b.store.append([{ docName: name, data: updates[2] }]);
			const twice = await b.store.version(name);
			expect(twice).toBeGreaterThan(once);
			await b.store.compact(name);
			expect(await b.store.version(name)).toBe(twice);
			expect(textOf(await b.store.load(name))).toBe('abc');
			await b.store.deleteBoard(boardId);
			expect(await b.store.version(name)).toBe(-1);
			expect(await b.store.load(name)).toBeNull();
		});

		it('loads the snapshot plus the log after it, and reports the log size', async () => {
			const name = `${board()}/shared`;
			const { doc, updates } = typing('a', 'b', 'c');
			await b.store.seed(name, updates[0]);
			await b.store.append([{ docName: name, data: updates[1] }, { docName: name, data: updates[2] }]);
			expect(textOf(await b.store.load(name))).toBe(readNote(doc));
			const report = await b.store.readInto(name, new Y.Doc(), null);
			expect(report?.logBytes).toBe(updates[1].byteLength + updates[2].byteLength);
		});

		it('refuses to seed a document that exists', async () => {
			const name = `${board()}/shared`;
			const { updates } = typing('a');
			await b.store.seed(name, updates[0]);
			await expect(b.store.seed(name, updates[0])).rejects.toThrow(/already exists/);
		});

		it('writes a batch of several documents at once', async () => {
			const x = `${board()}/shared`;
			const y = `${board()}/shared`;
			const one = typing('1', '2');
			const two = typing('z');
			await b.store.append([
				{ docName: x, data: one.updates[0] },
				{ docName: y, data: two.updates[0] },
				{ docName: x, data: one.updates[1] }
			]);
			expect(textOf(await b.store.load(x))).toBe('12');
			expect(textOf(await b.store.load(y))).toBe('z');
		});

		it('compaction folds the log into the snapshot and keeps the content; later rows stay', async () => {
			const name = `${board()}/shared`;
			const { doc, updates } = typing('a', 'b', 'c', 'd');
			await b.store.append(updates.slice(0, 3).map((data) => ({ docName: name, data })));
			expect(await b.store.compact(name)).toBeGreaterThan(0);
			expect(await b.logRows(name)).toBe(0);
			await b.store.append([{ docName: name, data: updates[3] }]);
			expect(textOf(await b.store.load(name))).toBe(readNote(doc));
			expect((await b.store.readInto(name, new Y.Doc(), null))?.logBytes).toBe(updates[3].byteLength);
			// Nothing to fold: 0, not a failure.
			expect(await b.store.compact(`${board()}/shared`)).toBe(0);
		});

		it('a compacted document reports its stored bytes (sent to joiners as they are); not once rows follow', async () => {
			const name = `${board()}/shared`;
			const { updates } = typing('a', 'b', 'c');
			await b.store.append(updates.slice(0, 2).map((data) => ({ docName: name, data })));
			expect(await b.store.readInto(name, new Y.Doc(), null)).toMatchObject({ asStored: undefined });
			await b.store.compact(name);
			const report = await b.store.readInto(name, new Y.Doc(), null);
			expect(textOf(report?.asStored ?? null)).toBe('ab');
			expect(textOf(await b.store.load(name))).toBe('ab');
			await b.store.append([{ docName: name, data: updates[2] }]);
			expect(await b.store.readInto(name, new Y.Doc(), null)).toMatchObject({ asStored: undefined });
			expect(textOf(await b.store.load(name))).toBe('abc');
		});

		it('a corrupt stored row is set aside with its reason; everything else loads', async () => {
			const id = board();
			const name = `${id}/shared`;
			const { updates } = typing('a', 'b');
			await b.store.seed(name, updates[0]);
			await b.writeRaw(name, BAD);
			await b.store.append([{ docName: name, data: updates[1] }]);
			const report = await b.store.readInto(name, new Y.Doc(), null);
			expect(report?.quarantined).toMatchObject([{ source: 'log' }]);
			expect(textOf(await b.store.load(name))).toBe('ab');
			// Set aside once: loading again finds nothing new.
			expect((await b.store.readInto(name, new Y.Doc(), null))?.quarantined).toEqual([]);
			const aside = await b.store.quarantined([name, `${id}/internal`]);
			expect(aside).toMatchObject([{ docName: name, source: 'log' }]);
			expect(aside[0].reason).not.toBe('');
			expect(await b.store.quarantined([`${board()}/shared`])).toEqual([]);
		});

		it('an unloadable snapshot is set aside, and compaction writes only a snapshot that loads', async () => {
			const name = `${board()}/shared`;
			const { updates } = typing('a', 'b');
			await b.store.seed(name, new Uint8Array([0, 1, 250, 250, 250]));
			await b.store.append(updates.map((data) => ({ docName: name, data })));
			expect(await b.store.compact(name)).toBeGreaterThan(0);
			expect(await b.store.quarantined([name])).toMatchObject([{ source: 'snapshot' }]);
			expect(await b.logRows(name)).toBe(0);
			expect(textOf(await b.store.load(name))).toBe('ab');
		});

		it('reads what was stored after a seq (a catch-up)', async () => {
			const name = `${board()}/shared`;
			const { updates } = typing('a', 'b', 'c');
			await b.store.append([{ docName: name, data: updates[0] }]);
			const at = (await b.store.heads([name])).get(name)!;
			expect(at).toBeGreaterThan(0);
			await b.store.append([{ docName: name, data: updates[1] }, { docName: name, data: updates[2] }]);
			const after = await b.store.since(name, at);
			expect(after.updates).toHaveLength(2);
			expect(after.lastSeq).toBe((await b.store.heads([name])).get(name));
			const doc = new Y.Doc();
			Y.applyUpdate(doc, updates[0]);
			for (const u of after.updates) Y.applyUpdate(doc, u);
			expect(readNote(doc)).toBe('abc');
			expect((await b.store.since(name, after.lastSeq)).updates).toEqual([]);
		});

		it('deletes both documents of a board and nothing else', async () => {
			const id = board();
			const other = `${board()}/shared`;
			const { updates } = typing('a');
			for (const name of [`${id}/shared`, `${id}/internal`, other]) await b.store.seed(name, updates[0]);
			await b.store.append([{ docName: `${id}/internal`, data: updates[0] }]);
			await b.store.deleteBoard(id);
			expect(await b.store.load(`${id}/shared`)).toBeNull();
			expect(await b.store.load(`${id}/internal`)).toBeNull();
			expect(await b.store.load(other)).not.toBeNull();
		});
	});
}

describe('document store on PostgreSQL: several nodes', () => {
	it('numbers each document 1, 2, 3… with no gap and no repeat, whatever two nodes write at once', async () => {
		const [poolA, poolB] = [newPool(), newPool()];
		const a = new PgDocStore(poolA);
		const b = new PgDocStore(poolB);
		const names = [`${fresh()}/shared`, `${fresh()}/shared`];
		const { updates } = typing(...'abcdefghij'.split(''));
		const writes: Promise<readonly number[]>[] = [];
		for (let i = 0; i < 20; i++) {
			const store = i % 2 ? a : b;
			// Mixed batches, the documents in different orders: the heads lock in name order (no deadlock).
			const rows = (i % 3 ? names : [...names].reverse()).flatMap((docName) => [{ docName, data: updates[i % 10] }, { docName, data: updates[(i + 1) % 10] }]);
			writes.push(store.append(rows));
		}
		const results = await Promise.all(writes);
		for (const name of names) {
			const seqs = results.flatMap((seqs, i) => {
				const order = i % 3 ? names : [...names].reverse();
				return seqs.filter((_, j) => order[Math.floor(j / 2)] === name);
			});
			expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
			expect((await a.heads([name])).get(name)).toBe(40);
		}
	});

	it('compaction takes a lease: while another node holds it, this one skips and the log stays', async () => {
		const pool = pools[0];
		const store = new PgDocStore(pool);
		const name = `${fresh()}/shared`;
		const { doc, updates } = typing('a', 'b');
		await store.append(updates.map((data) => ({ docName: name, data })));
		const other = await pool.connect();
		try {
			await other.query('BEGIN');
			await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7354221))', [name]);
			expect(await store.compact(name)).toBe(0);
			expect(Number((await pool.query('SELECT count(*) AS n FROM doc_updates WHERE doc_name = $1', [name])).rows[0].n)).toBe(2);
			await other.query('COMMIT');
		} finally {
			other.release();
		}
		expect(await store.compact(name)).toBeGreaterThan(0);
		expect(textOf(await store.load(name))).toBe(readNote(doc));
	});

	it('a failed batch stores none of its rows', async () => {
		const store = new PgDocStore(pools[0]);
		const name = `${fresh()}/shared`;
		const { updates } = typing('a');
		// A NUL in a name cannot be stored as text: the whole statement fails.
		await expect(store.append([{ docName: name, data: updates[0] }, { docName: 'bad\u0000name', data: updates[0] }])).rejects.toThrow();
		expect(await store.load(name)).toBeNull();
		expect((await store.heads([name])).get(name)).toBe(0);
	});

	it('a board from before the documents moved: its first state is read once from the legacy SQLite file, which is never written', async () => {
		const legacy = tempDb();
		const name = `${fresh()}/shared`;
		const { doc, updates } = typing('old', ' board');
		seedDoc(legacy.db, name, Y.encodeStateAsUpdate(doc));
		legacy.db.$client.close();
		const before = fs.statSync(legacy.file).mtimeMs;
		const store = await openPg(pgService.url, path.resolve('server/migrations-pg'), { legacyDocs: legacy.file });
		try {
			expect(textOf(await store.docs.load(name))).toBe('old board');
			// Copied into PostgreSQL: it loads from there from now on, and new writes go there.
			expect(Number((await store.pool.query('SELECT count(*) AS n FROM doc_snapshots WHERE doc_name = $1', [name])).rows[0].n)).toBe(1);
			await store.docs.append([{ docName: name, data: updates[0] }]);
			expect(textOf(await store.docs.load(name))).toBe('old board');
			// A document the legacy file does not have is simply absent.
			expect(await store.docs.load(`${fresh()}/shared`)).toBeNull();
		} finally {
			await closeDb();
			await closePgPools();
		}
		expect(fs.statSync(legacy.file).mtimeMs).toBe(before);
		legacy.cleanup();
	});

	it('the group commit has its own connection: a pool held by slow page and background queries does not delay or fail it', async () => {
		const store = await openPg(pgService.url, path.resolve('server/migrations-pg'));
		const held: pg.PoolClient[] = [];
		try {
			// Every connection of the app's pool taken (checkpoints, searches, page loads under load).
			for (let i = 0; i < 10; i++) held.push(await store.pool.connect());
			expect(store.pool.idleCount).toBe(0);
			const name = `${fresh()}/shared`;
			const { updates } = typing('x');
			const pending = store.docs.append([{ docName: name, data: updates[0] }]);
			await new Promise((r) => setImmediate(r));
			// Before it had its own connection: queued behind them, failed after the pool's 5 s connect timeout.
			expect(store.pool.waitingCount).toBe(0);
			expect(await pending).toEqual([1]);
		} finally {
			for (const c of held) c.release();
			await closePgPools();
		}
	});

	it('without a legacy file nothing is created', async () => {
		const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-nolegacy-')), 'never.db');
		const store = await openPg(pgService.url, path.resolve('server/migrations-pg'), { legacyDocs: missing });
		try {
			expect(await store.docs.load(`${fresh()}/shared`)).toBeNull();
		} finally {
			await closePgPools();
		}
		expect(fs.existsSync(missing)).toBe(false);
	});
});
