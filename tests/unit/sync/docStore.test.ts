import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { appendUpdate, compact, deleteDocs, loadDoc, readDoc, seedDoc } from '../../../src/lib/server/docStore.ts';
import { docSnapshots, docUpdates } from '../../../src/lib/server/db/schema.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { tempDb } from './helpers.ts';

const textOf = (state: Uint8Array | null) => {
	const d = new Y.Doc();
	if (state) Y.applyUpdate(d, state);
	return d.getText('t').toString();
};

/** Updates of a doc that types `words` one after another. */
function typing(...words: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (const w of words) doc.getText('t').insert(doc.getText('t').length, w);
	return { doc, updates };
}

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
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe(doc.getText('t').toString());
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
		expect(db.select().from(docUpdates).all()).toHaveLength(0);
		const snap = db.select().from(docSnapshots).where(eq(docSnapshots.docName, 'b1/shared')).get();
		expect(snap?.upToSeq).toBeGreaterThan(0);
		expect(textOf(loadDoc(db, 'b1/shared'))).toBe(doc.getText('t').toString());
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

	it('a corrupt stored row makes the load throw rather than return an empty document', () => {
		seedDoc(db, 'b1/shared', typing('a').updates[0]);
		appendUpdate(db, 'b1/shared', new Uint8Array([1, 2, 3, 250, 250, 250]));
		expect(() => loadDoc(db, 'b1/shared')).toThrow();
		expect(() => compact(db, 'b1/shared')).toThrow();
		expect(db.select().from(docUpdates).all()).toHaveLength(1);
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
