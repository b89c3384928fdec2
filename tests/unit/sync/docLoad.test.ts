import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { noteText, readNote, tempDb, typing } from './helpers.ts';

// Cold load: the snapshot (often megabytes) is applied to the fresh document without decoding it a
// second time first; a snapshot that fails after part of it was applied is set aside and the load
// refused, so nobody is served a half-applied document and the next load has everything else.

const decoded: Uint8Array[] = [];
vi.mock('yjs', async (importOriginal) => {
	const Yjs = await importOriginal<typeof import('yjs')>();
	return {
		...Yjs,
		decodeUpdate: (update: Uint8Array) => {
			decoded.push(update);
			return Yjs.decodeUpdate(update);
		}
	};
});
// The unit project shares one module graph between files (isolate: false in vite.config.ts): an
// earlier file may have loaded docStore with the real yjs, so load it afresh, with the mock.
vi.resetModules();
const { appendUpdate, quarantinedRows, readDocInto, seedDoc } = await import('../../../src/lib/server/docStore.ts');

describe('cold load', () => {
	let t: ReturnType<typeof tempDb>;
	beforeEach(() => {
		t = tempDb();
		decoded.length = 0;
	});
	afterEach(() => t.cleanup());

	it('applies the snapshot without decoding it first; log rows are still checked before they apply', () => {
		const { doc, updates } = typing('hello', ' world', '!');
		seedDoc(t.db, 'b1/shared', Y.mergeUpdates(updates.slice(0, 2)));
		appendUpdate(t.db, 'b1/shared', updates[2]);
		const loaded = new Y.Doc();
		expect(readDocInto(t.db, 'b1/shared', loaded, null)?.quarantined).toEqual([]);
		expect(readNote(loaded)).toBe(readNote(doc));
		expect(decoded.map((u) => u.byteLength)).toEqual([updates[2].byteLength]);
	});

	it('a snapshot that breaks after part of it applied is set aside and the load refused; the next load has the rest', () => {
		const { updates } = typing('abc', 'def');
		const base = new Y.Doc();
		Y.applyUpdate(base, Y.mergeUpdates(updates));
		base.transact(() => noteText(base).delete(0, 2));
		const full = Y.encodeStateAsUpdate(base);
		// Its structs read fine; the delete set at the end is cut off.
		seedDoc(t.db, 'b1/shared', full.slice(0, full.byteLength - 2));
		const more = typing('xyz').updates[0];
		appendUpdate(t.db, 'b1/shared', more);
		expect(() => readDocInto(t.db, 'b1/shared', new Y.Doc(), null)).toThrow(/set aside/);
		expect(quarantinedRows(t.db, ['b1/shared'])).toMatchObject([{ source: 'snapshot' }]);
		const again = new Y.Doc();
		expect(readDocInto(t.db, 'b1/shared', again, null)?.quarantined).toEqual([]);
		expect(readNote(again)).toBe('xyz');
	});
});
