import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { appendUpdate, readDocInto, seedDoc } from '../../../src/lib/server/docStore.ts';
import { migrateDocument } from '../../../src/lib/board/doc/migrate.ts';
import { Room } from '../../../server/sync/room.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { MESSAGE, SYNC } from '../../../server/sync/protocol.ts';
import { fakePeer, noteText, readNote, tempDb, typing, WRITER } from './helpers.ts';

// A cold load of a compacted board (one snapshot, how a board is at rest): the joiner is sent the
// stored bytes as they are, not a second encoding of the loaded document, while nothing changed.

describe('cold load: the joiner is sent the stored snapshot', () => {
	let t: ReturnType<typeof tempDb>;
	beforeEach(() => (t = tempDb()));
	afterEach(() => t.cleanup());

	/** The update a sync step 2 message carries. */
	function step2Payload(message: Uint8Array): Uint8Array {
		const d = decoding.createDecoder(message);
		expect(decoding.readVarUint(d)).toBe(MESSAGE.sync);
		expect(decoding.readVarUint(d)).toBe(SYNC.step2);
		return decoding.readVarUint8Array(d);
	}

	// A document of the current schema, typed and partly deleted, stored as one merged update: the
	// loaded document collects the deleted content, so encoding it again gives other bytes.
	function compacted(): Uint8Array {
		const { updates } = typing('hello', ' world');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.mergeUpdates(updates));
		const more: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => more.push(u));
		migrateDocument(doc, 'shared');
		doc.transact(() => noteText(doc).delete(0, 6));
		return Y.mergeUpdates([...updates, ...more]);
	}

	it('as stored while nothing changed, the encoded document after a change; both load to the same text', async () => {
		const stored = compacted();
		seedDoc(t.db, 'b1/shared', stored);
		const room = new Room('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
		try {
			await room.load();
			const payload = step2Payload(room.syncStep2(new Uint8Array([0])));
			expect(Buffer.from(payload).equals(Buffer.from(stored))).toBe(true);
			expect(Buffer.from(Y.encodeStateAsUpdate(room.doc)).equals(Buffer.from(stored))).toBe(false);
			const joiner = new Y.Doc();
			Y.applyUpdate(joiner, payload);
			expect(readNote(joiner)).toBe('world');
			const writer = fakePeer('user:w');
			room.addPeer(writer);
			const edit = new Y.Doc();
			Y.applyUpdate(edit, payload);
			noteText(edit).insert(0, '>');
			expect(room.receiveUpdate(writer, Y.encodeStateAsUpdate(edit, Y.encodeStateVector(joiner)), WRITER)).toBe('applied');
			const after = new Y.Doc();
			Y.applyUpdate(after, step2Payload(room.syncStep2(new Uint8Array([0]))));
			expect(readNote(after)).toBe('>world');
		} finally {
			room.destroy();
		}
	});

	it('a snapshot with log rows after it is encoded from the document', async () => {
		const stored = compacted();
		seedDoc(t.db, 'b1/shared', stored);
		const d = new Y.Doc();
		Y.applyUpdate(d, stored);
		const row: Uint8Array[] = [];
		d.on('update', (u: Uint8Array) => row.push(u));
		noteText(d).insert(0, '!');
		appendUpdate(t.db, 'b1/shared', row[0]);
		const loaded = new Y.Doc();
		expect(readDocInto(t.db, 'b1/shared', loaded, null)?.asStored).toBeUndefined();
		expect(readNote(loaded)).toBe('!world');
	});
});
