import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Compactor } from '../../../server/sync/compactor.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { appendUpdate, compactStored, deleteDocs, loadDoc, logRows, readDoc, seedDoc } from '../../../src/lib/server/docStore.ts';
import { docSnapshots } from '../../../src/lib/server/db/schema.ts';
import { noteText, readNote, tempDb } from './helpers.ts';

function typed(doc: Y.Doc, text: string): Uint8Array[] {
	const out: Uint8Array[] = [];
	const on = (u: Uint8Array) => out.push(u);
	doc.on('update', on);
	for (const ch of text) noteText(doc).insert(noteText(doc).length, ch);
	doc.off('update', on);
	return out;
}

const stored = (db: Parameters<typeof loadDoc>[0]) => {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, loadDoc(db, 'b1/shared')!);
	return readNote(doc);
};

describe('compaction off the event loop', () => {
	let t: ReturnType<typeof tempDb>;
	beforeEach(() => {
		t = tempDb();
	});
	afterEach(() => t.cleanup());

	it('folds the stored log into the snapshot and keeps rows appended later', () => {
		const d = new Y.Doc();
		seedDoc(t.db, 'b1/shared', Y.encodeStateAsUpdate(d));
		for (const u of typed(d, 'abc')) appendUpdate(t.db, 'b1/shared', u);
		expect(compactStored(t.db, 'b1/shared')).toBeGreaterThan(0);
		expect(logRows(t.db)).toHaveLength(0);
		for (const u of typed(d, 'de')) appendUpdate(t.db, 'b1/shared', u);
		expect(stored(t.db)).toBe('abcde');
		expect(readDoc(t.db, 'b1/shared')!.logBytes).toBeGreaterThan(0);
	});

	it('changes nothing when the document was compacted or deleted after it read the log', () => {
		const d = new Y.Doc();
		for (const u of typed(d, 'abc')) appendUpdate(t.db, 'b1/shared', u);
		// Simulate the race: the read happened, then the board was deleted before the write.
		const realTransaction = t.db.transaction.bind(t.db);
		let calls = 0;
		(t.db as { transaction: unknown }).transaction = ((fn: never, cfg: never) => {
			if (++calls === 2) deleteDocs(t.db, 'b1');
			return realTransaction(fn, cfg);
		}) as never;
		expect(compactStored(t.db, 'b1/shared')).toBeNull();
		(t.db as { transaction: unknown }).transaction = realTransaction;
		expect(t.db.select().from(docSnapshots).all()).toHaveLength(0);
		expect(loadDoc(t.db, 'b1/shared')).toBeNull();
	});

	it('runs on a worker thread with its own connection', async () => {
		const d = new Y.Doc();
		for (const u of typed(d, 'worker')) appendUpdate(t.db, 'b1/shared', u);
		const compactor = new Compactor(t.file, 'server/migrations', silentLog);
		try {
			expect(await compactor.compact('b1/shared')).toBeGreaterThan(0);
		} finally {
			await compactor.close();
		}
		expect(logRows(t.db)).toHaveLength(0);
		expect(t.db.select().from(docSnapshots).all()).toHaveLength(1);
		expect(stored(t.db)).toBe('worker');
		// A worker thread compiles its modules afresh: seconds on a loaded 2-core machine.
	}, 30_000);
});
