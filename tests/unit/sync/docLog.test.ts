import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { appendUpdate, appendUpdates, compact, compactStored, deleteDocs, FOLD_CHECK_ROWS, FOLD_ROWS, foldLog, foldLogIfFull, loadDoc, logRows, readDoc, seedDoc } from '../../../src/lib/server/docStore.ts';
import { openDb, type Db } from '../../../src/lib/server/db/index.ts';
import { noteText, readNote, tempDb } from './helpers.ts';
import { migrationsUpTo } from '../testDb.ts';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';

// The update log's layout on disk: what one commit costs in WAL frames (whole pages), and that the
// time-ordered hot log, its fold into the per-document log and the sequence lose nothing.

const textOf = (state: Uint8Array | null) => {
	const d = new Y.Doc();
	if (state) Y.applyUpdate(d, state);
	return readNote(d);
};

/** A document typing one character per update: `n` updates. */
function typing(n: number): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (let i = 0; i < n; i++) doc.transact(() => noteText(doc).insert(noteText(doc).length, String(i % 10)));
	return { doc, updates };
}

/** WAL frames written by `fn` (the WAL truncated first; no checkpoint runs in between). */
function framesOf(t: { db: Db; file: string }, fn: () => void): number {
	t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
	const pageSize = t.db.$client.pragma('page_size', { simple: true }) as number;
	fn();
	const size = fs.statSync(`${t.file}-wal`).size;
	return Math.max(0, size - 32) / (pageSize + 24);
}

describe('update log on disk', () => {
	let t: ReturnType<typeof tempDb>;
	beforeEach(() => {
		t = tempDb();
		t.db.$client.pragma('wal_autocheckpoint = 0');
	});
	afterEach(() => t.cleanup());

	it('one update per commit (the workshop load) writes one page, not one per table and index touched', () => {
		const { updates } = typing(300);
		seedDoc(t.db, 'b1/shared', updates[0]);
		for (let i = 1; i < 100; i++) appendUpdates(t.db, [{ docName: 'b1/shared', data: updates[i] }]);
		const commits = 150;
		const frames = framesOf(t, () => {
			for (let i = 100; i < 100 + commits; i++) appendUpdates(t.db, [{ docName: 'b1/shared', data: updates[i] }]);
		});
		// Was 3.0: the log's leaf, its (doc_name, seq) index leaf and sqlite_sequence.
		expect(frames / commits).toBeLessThan(1.2);
	});

	it('a one-row commit is one statement, and the log size is read once per FOLD_CHECK_ROWS rows, not per batch', () => {
		// The group commit of a quiet server: each of these statements ran on the send path.
		const statements: string[] = [];
		const client = new Database(t.file, { verbose: (s) => statements.push(String(s)) });
		const db = Object.assign(drizzle(client), { $client: client }) as unknown as Db;
		try {
			const { doc, updates } = typing(FOLD_CHECK_ROWS * 2 + 1);
			seedDoc(t.db, 'b1/shared', updates[0]);
			appendUpdates(db, [{ docName: 'b1/shared', data: updates[1] }]);
			foldLogIfFull(db);
			statements.length = 0;
			appendUpdates(db, [{ docName: 'b1/shared', data: updates[2] }]);
			foldLogIfFull(db);
			expect(statements.filter((s) => !/^(BEGIN|COMMIT)/.test(s))).toEqual([expect.stringMatching(/^INSERT INTO doc_log/)]);
			statements.length = 0;
			for (let i = 3; i < updates.length; i++) {
				appendUpdates(db, [{ docName: 'b1/shared', data: updates[i] }]);
				foldLogIfFull(db);
			}
			expect(statements.filter((s) => s.includes('min(seq)'))).toHaveLength(2);
			// Numbers still follow each other, and everything loads.
			const seqs = logRows(t.db, 'b1/shared').map((r) => r.seq);
			expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
			expect(textOf(loadDoc(t.db, 'b1/shared'))).toBe(readNote(doc));
		} finally {
			client.close();
		}
	});

	it('a one-row commit is its own statement, with no BEGIN and COMMIT around it, and as durable', () => {
		// The quiet server's commit: BEGIN IMMEDIATE and COMMIT were two statements more on the send
		// path, and better-sqlite3 built the transaction's wrapper functions anew for every commit.
		const statements: string[] = [];
		const client = new Database(t.file, { verbose: (s) => statements.push(String(s)) });
		const db = Object.assign(drizzle(client), { $client: client }) as unknown as Db;
		try {
			const { doc, updates } = typing(3);
			seedDoc(t.db, 'b1/shared', updates[0]);
			statements.length = 0;
			appendUpdates(db, [{ docName: 'b1/shared', data: updates[1] }]);
			expect(statements).toEqual([expect.stringMatching(/^INSERT INTO doc_log/)]);
			expect(client.inTransaction).toBe(false);
			// Committed on return: another connection sees it.
			expect(logRows(t.db, 'b1/shared')).toHaveLength(1);
			// Two rows are still one transaction.
			statements.length = 0;
			appendUpdates(db, [{ docName: 'b1/shared', data: updates[2] }, { docName: 'b2/shared', data: updates[2] }]);
			expect(statements[0]).toMatch(/^BEGIN IMMEDIATE/);
			expect(statements.at(-1)).toMatch(/^COMMIT/);
			expect(textOf(loadDoc(t.db, 'b1/shared'))).toBe(readNote(doc));
		} finally {
			client.close();
		}
	});

	it('a one-row append inside an open transaction is part of it: rolled back with it', () => {
		const { updates } = typing(2);
		seedDoc(t.db, 'b1/shared', updates[0]);
		const client = t.db.$client;
		client.prepare('BEGIN IMMEDIATE').run();
		appendUpdates(t.db, [{ docName: 'b1/shared', data: updates[1] }]);
		expect(client.inTransaction).toBe(true);
		client.prepare('ROLLBACK').run();
		expect(logRows(t.db, 'b1/shared')).toHaveLength(0);
	});

	it('one-row commits with no caller folding still fold the hot log past 4 × FOLD_ROWS (the safety net)', () => {
		const data = new Uint8Array(8).fill(1);
		const hotRows = () => (t.db.$client.prepare('SELECT count(*) AS n FROM doc_log').get() as { n: number }).n;
		for (let i = 0; i < 4 * FOLD_ROWS - 1; i++) appendUpdates(t.db, [{ docName: 'b1/shared', data }]);
		expect(hotRows()).toBe(4 * FOLD_ROWS - 1);
		appendUpdates(t.db, [{ docName: 'b1/shared', data }]);
		expect(hotRows()).toBe(0);
		const seqs = logRows(t.db, 'b1/shared').map((r) => r.seq);
		expect(seqs).toHaveLength(4 * FOLD_ROWS);
		expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
	});

	it('a batch over many documents (the many-workshops load) does not dirty a page per document', () => {
		const docs = Array.from({ length: 50 }, (_, i) => `d${i}/shared`);
		const data = new Uint8Array(80).fill(7);
		const batch = (k: number) => Array.from({ length: 10 }, (_, i) => ({ docName: docs[(k * 10 + i) % docs.length], data }));
		// As the group commit does it: append, then fold if FOLD_ROWS rows wait.
		const commit = (k: number) => {
			appendUpdates(t.db, batch(k));
			return foldLogIfFull(t.db);
		};
		for (let k = 0; k < 100; k++) commit(k);
		const commits = (2 * FOLD_ROWS) / 10;
		let folds = 0;
		const frames = framesOf(t, () => {
			for (let k = 0; k < commits; k++) if (commit(k)) folds++;
		});
		expect(folds).toBeGreaterThanOrEqual(1);
		// 10 rows of 80 bytes fit one page; the folds (every FOLD_ROWS rows) are included. With the
		// per-document index on the write path this was 6.4 frames per commit.
		expect(frames / commits).toBeLessThan(2.5);
	});

	it('loads the folded and the hot part of the log, in order, before and after a fold', () => {
		const { doc, updates } = typing(40);
		seedDoc(t.db, 'b1/shared', updates[0]);
		for (let i = 1; i < 20; i++) appendUpdate(t.db, 'b1/shared', updates[i]);
		appendUpdates(t.db, [{ docName: 'other/shared', data: updates[0] }]);
		foldLog(t.db);
		appendUpdates(t.db, updates.slice(20).map((data) => ({ docName: 'b1/shared', data })));
		const rows = logRows(t.db, 'b1/shared');
		expect(rows).toHaveLength(39);
		expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => a - b));
		expect(textOf(loadDoc(t.db, 'b1/shared'))).toBe(readNote(doc));
		expect(readDoc(t.db, 'b1/shared')?.logBytes).toBe(updates.slice(1).reduce((n, u) => n + u.byteLength, 0));
		foldLog(t.db);
		expect(logRows(t.db, 'b1/shared').map((r) => r.seq)).toEqual(rows.map((r) => r.seq));
		expect(textOf(loadDoc(t.db, 'b1/shared'))).toBe(readNote(doc));
	});

	it('never reuses a seq after compaction emptied the log: later updates are not hidden behind the snapshot', () => {
		const { doc, updates } = typing(30);
		seedDoc(t.db, 'b1/shared', updates[0]);
		for (let i = 1; i < 10; i++) appendUpdates(t.db, [{ docName: 'b1/shared', data: updates[i] }]);
		compact(t.db, 'b1/shared');
		for (let i = 10; i < 20; i++) appendUpdates(t.db, [{ docName: 'b1/shared', data: updates[i] }]);
		foldLog(t.db);
		expect(compactStored(t.db, 'b1/shared')).toBeGreaterThan(0);
		expect(logRows(t.db)).toHaveLength(0);
		for (let i = 20; i < 30; i++) appendUpdate(t.db, 'b1/shared', updates[i]);
		expect(textOf(loadDoc(t.db, 'b1/shared'))).toBe(readNote(doc));
		// Deleting a board leaves no way back to an old number either.
		const before = Math.max(...logRows(t.db).map((r) => r.seq));
		deleteDocs(t.db, 'b1');
		expect(appendUpdate(t.db, 'b2/shared', updates[0])).toBeGreaterThan(before);
	});
});

describe('migration 0006 (hot log)', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-mig-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	const upTo = (last: number) => migrationsUpTo(dir, last);

	it('keeps everything a database of the previous schema stored, and never hands out a number it used', () => {
		const file = path.join(dir, 'old.db');
		const { doc, updates } = typing(30);
		const old = openDb(file, upTo(5));
		const raw = old.$client;
		raw.prepare('INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at) VALUES (?, ?, 0, 0)').run('b1/shared', Buffer.from(updates[0]));
		const insert = raw.prepare('INSERT INTO doc_updates (doc_name, data, created_at) VALUES (?, ?, 0)');
		for (let i = 1; i < 20; i++) insert.run('b1/shared', Buffer.from(updates[i]));
		// A compacted document whose rows (the highest seqs) are gone: only sqlite_sequence remembers them.
		for (let i = 0; i < 5; i++) insert.run('b2/shared', Buffer.from(updates[0]));
		raw.prepare("UPDATE doc_snapshots SET up_to_seq = 0 WHERE doc_name = 'b1/shared'").run();
		raw.prepare('INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at) VALUES (?, ?, 24, 0)').run('b2/shared', Buffer.from(updates[0]));
		raw.prepare("DELETE FROM doc_updates WHERE doc_name = 'b2/shared'").run();
		raw.close();

		const db = openDb(file, path.resolve('server/migrations'));
		try {
			expect(logRows(db, 'b1/shared')).toHaveLength(19);
			for (let i = 20; i < 30; i++) expect(appendUpdate(db, 'b1/shared', updates[i])).toBeGreaterThan(24);
			expect(textOf(loadDoc(db, 'b1/shared'))).toBe(readNote(doc));
			foldLog(db);
			compact(db, 'b1/shared');
			expect(textOf(loadDoc(db, 'b1/shared'))).toBe(readNote(doc));
		} finally {
			db.$client.close();
		}
	});
});
