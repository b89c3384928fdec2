import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { appendUpdate, appendUpdates, compact, deleteDocs, loadDoc, logRows, quarantinedRows, readDoc, seedDoc } from '../../../src/lib/server/docStore.ts';
import { docQuarantine, docSnapshots } from '../../../src/lib/server/db/schema.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { noteText, OBSERVER, readNote, tempDb, typing, WRITER } from './helpers.ts';

const textOf = (state: Uint8Array | null) => {
	const d = new Y.Doc();
	if (state) Y.applyUpdate(d, state);
	return readNote(d);
};

describe('docStore', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	beforeEach(() => {
		t = tempDb();
		db = t.db;
	});
	afterEach(() => t.cleanup());

	it('has nothing for a document never stored', () => {
		expect(loadDoc(db, 'b1/shared')).toBeNull();
	});

	it('merges the seed and the log', () => {
		const { doc, updates } = typing('hello', ' world');
		seedDoc(db, 'b1/shared', updates[0]);
		appendUpdate(db, 'b1/shared', updates[1]);
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe(readNote(doc));
		expect(readDoc(db, 'b1/shared')?.logBytes).toBe(updates[1].byteLength);
	});

	it('refuses to seed over an existing document', () => {
		const { updates } = typing('a');
		seedDoc(db, 'b1/shared', updates[0]);
		expect(() => seedDoc(db, 'b1/shared', updates[0])).toThrow(/already exists/);
	});

	it('seeds inside a caller transaction (board creation) and rolls back with it', () => {
		const { updates } = typing('a');
		expect(() =>
			db.transaction((tx) => {
				seedDoc(tx as unknown as Db, 'b1/shared', updates[0]);
				throw new Error('board insert failed');
			})
		).toThrow('board insert failed');
		expect(loadDoc(db, 'b1/shared')).toBeNull();
	});

	it('compacts into one snapshot and keeps the content', () => {
		const { doc, updates } = typing('a', 'b', 'c', 'd');
		for (const u of updates) appendUpdate(db, 'b1/shared', u);
		compact(db, 'b1/shared');
		expect(logRows(db)).toHaveLength(0);
		const snap = db.select().from(docSnapshots).where(eq(docSnapshots.docName, 'b1/shared')).get();
		expect(snap?.upToSeq).toBeGreaterThan(0);
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe(readNote(doc));
		expect(readDoc(db, 'b1/shared')?.logBytes).toBe(0);
	});

	it('compaction never drops a logged update the live document has not seen', () => {
		const { updates } = typing('x', 'y');
		appendUpdate(db, 'b1/shared', updates[0]);
		const live = new Y.Doc();
		Y.applyUpdate(live, updates[0]);
		appendUpdate(db, 'b1/shared', updates[1]); // written by someone else
		compact(db, 'b1/shared', live);
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe('xy');
	});

	it('a corrupt stored row is set aside with its reason; everything else loads', () => {
		const { updates } = typing('a', 'b');
		seedDoc(db, 'b1/shared', updates[0]);
		const bad = appendUpdate(db, 'b1/shared', new Uint8Array([1, 2, 3, 250, 250, 250]));
		appendUpdate(db, 'b1/shared', updates[1]);
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe('ab');
		const aside = db.select().from(docQuarantine).all();
		expect(aside).toHaveLength(1);
		expect(aside[0]).toMatchObject({ docName: 'b1/shared', source: 'log', seq: bad });
		expect(aside[0].reason).not.toBe('');
		expect(logRows(db).map((r) => r.seq)).not.toContain(bad);
		// Set aside once: loading again finds nothing new to set aside.
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe('ab');
		expect(db.select().from(docQuarantine).all()).toHaveLength(1);
	});

	it('an unloadable snapshot is set aside too, and compaction writes only a snapshot that loads', () => {
		const { updates } = typing('a', 'b');
		seedDoc(db, 'b1/shared', new Uint8Array([0, 1, 250, 250, 250]));
		appendUpdate(db, 'b1/shared', updates[0]);
		appendUpdate(db, 'b1/shared', updates[1]);
		compact(db, 'b1/shared');
		expect(db.select().from(docQuarantine).all()).toMatchObject([{ source: 'snapshot' }]);
		const snap = db.select().from(docSnapshots).get()!;
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, snap.data);
		expect(readNote(fresh)).toBe('ab');
		expect(logRows(db)).toHaveLength(0);
	});

	it('lists what was set aside for a board', () => {
		seedDoc(db, 'b1/shared', typing('a').updates[0]);
		appendUpdate(db, 'b1/shared', new Uint8Array([1, 2, 3, 250, 250, 250]));
		loadDoc(db, 'b1/shared');
		expect(quarantinedRows(db, ['b1/shared', 'b1/internal'])).toMatchObject([{ docName: 'b1/shared', source: 'log' }]);
		expect(quarantinedRows(db, ['b2/shared'])).toEqual([]);
	});

	it('deletes both documents of a board and nothing else', () => {
		const { updates } = typing('a');
		for (const name of ['b1/shared', 'b1/internal', 'b2/shared']) seedDoc(db, name, updates[0]);
		appendUpdate(db, 'b1/internal', updates[0]);
		deleteDocs(db, 'b1');
		expect(loadDoc(db, 'b1/shared')).toBeNull();
		expect(loadDoc(db, 'b1/internal')).toBeNull();
		expect(loadDoc(db, 'b2/shared')).not.toBeNull();
	});
});

describe('group commit statements', () => {
	it('prepares a bounded set of INSERT statements, whatever the batch sizes (a busy server sees every size)', () => {
		const t = tempDb();
		try {
			const prepare = vi.spyOn(t.db.$client, 'prepare');
			const rows = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ docName: 'b1/shared', data: new Uint8Array([from + i]) }));
			let stored = 0;
			for (let n = 1; n <= 300; n += 7) {
				appendUpdates(t.db, rows(n, stored));
				stored += n;
			}
			const warm = prepare.mock.calls.length;
			// Nine INSERTs (1, 2, 4 … 256 rows) and six fixed statements (next seq, one-row insert, fold check, fold, floor, clear).
			expect(warm).toBeLessThanOrEqual(9 + 6);
			for (const n of [17, 77, 129, 255, 300]) appendUpdates(t.db, rows(n, 0));
			expect(prepare.mock.calls.length).toBe(warm);
			expect(logRows(t.db).length).toBe(stored + 17 + 77 + 129 + 255 + 300);
		} finally {
			t.cleanup();
		}
	});
});
