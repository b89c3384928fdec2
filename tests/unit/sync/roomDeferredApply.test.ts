import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Room } from '../../../server/sync/room.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { CommitQueue, sqliteStore } from '../../../server/sync/commitQueue.ts';
import { CLOSE } from '../../../server/sync/closeCodes.ts';
import { updateMessage } from '../../../server/sync/protocol.ts';
import { loadDoc } from '../../../src/lib/server/docStore.ts';
import { lockSection } from '../../../src/lib/board/doc/locks.ts';
import { fakePeer, noteText, readNote, tempDb, WRITER, type FakePeer } from './helpers.ts';

const FACILITATOR = { role: 'facilitator', side: 'supplier' } as const;
const sam = { id: 'u-sam', name: 'Sam' };

/** Whether `doc` itself (not through Room.doc, which applies what is pending) holds `client`'s first `clock` structs. */
const holds = (doc: Y.Doc, client: number, clock = 1) => Y.getState(doc.store, client) >= clock;

// Room.defer: an update sent on as received is stored and sent before the room's copy applies it
// (Yjs would decode it a second time), yet every reader of Room.doc sees it.
describe('room: an update sent on as received is applied after its commit', () => {
	let t: ReturnType<typeof tempDb>;
	let room: Room<FakePeer>;
	let commits: CommitQueue;
	/** The room's Y.Doc as the store and the sockets find it at the moment they are called. */
	let raw: Y.Doc;
	const seenByStore: boolean[] = [];
	let watched = 0;
	beforeEach(async () => {
		t = tempDb();
		const store = sqliteStore(t.db);
		commits = new CommitQueue(
			{
				append: (rows) => {
					seenByStore.push(holds(raw, watched));
					return store.append(rows);
				}
			},
			{ log: silentLog }
		);
		room = new Room<FakePeer>('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 30, commits });
		await room.load();
		raw = room.doc;
		seenByStore.length = 0;
	});
	afterEach(() => {
		room.destroy();
		t.cleanup();
	});

	it('is not in the copy while it is stored nor when it is sent, and is applied right after the sends', async () => {
		const writer = fakePeer('user:w');
		const reader = fakePeer('user:r');
		room.addPeer(writer);
		room.addPeer(reader);
		const d = new Y.Doc();
		watched = d.clientID;
		noteText(d).insert(0, 'hi');
		const update = Y.encodeStateAsUpdate(d);
		let inCopyWhenSent: boolean | null = null;
		reader.send = (m) => {
			inCopyWhenSent = holds(raw, d.clientID);
			reader.sent.push(m);
		};
		expect(room.receiveUpdate(writer, update, WRITER, updateMessage(update))).toBe('applied');
		expect(holds(raw, d.clientID)).toBe(false);
		await commits.whenIdle();
		expect(seenByStore).toEqual([false]);
		expect(inCopyWhenSent).toBe(false);
		// Applied within the batch's callbacks, without anyone reading Room.doc.
		expect(holds(raw, d.clientID)).toBe(true);
		expect(readNote(raw)).toBe('hi');
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, 'b1/shared')!);
		expect(readNote(stored)).toBe('hi');
	});

	it('every reader in the same turn sees it: the next update’s checks, a sync answer, Room.doc', async () => {
		const a = fakePeer('user:a');
		const b = fakePeer('user:b');
		room.addPeer(a);
		room.addPeer(b);
		const da = new Y.Doc();
		watched = da.clientID;
		noteText(da).insert(0, 'hi');
		const first = Y.encodeStateAsUpdate(da);
		expect(room.receiveUpdate(a, first, WRITER)).toBe('applied');
		expect(holds(raw, da.clientID)).toBe(false);
		// b builds on a's text: checked against a copy without it, it would be 'missing' (resync).
		const db = new Y.Doc();
		Y.applyUpdate(db, first);
		const sv = Y.encodeStateVector(db);
		noteText(db).insert(2, ' there');
		expect(room.receiveUpdate(b, Y.encodeStateAsUpdate(db, sv), WRITER)).toBe('applied');
		expect(holds(raw, da.clientID)).toBe(true);
		// A joiner's full state, in the same turn, holds both.
		const joiner = new Y.Doc();
		const step2 = room.syncStep2(Y.encodeStateVector(new Y.Doc()));
		const dec = decoding.createDecoder(step2);
		decoding.readVarUint(dec); // sync
		decoding.readVarUint(dec); // step 2
		Y.applyUpdate(joiner, decoding.readVarUint8Array(dec));
		expect(readNote(joiner)).toBe('hi there');
		await commits.whenIdle();
		// Stored in the order received, and both load.
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, 'b1/shared')!);
		expect(readNote(stored)).toBe('hi there');
		expect(readNote(room.doc)).toBe('hi there');
	});

	it('a read of Room.doc before the commit applies it; the commit then applies nothing twice', async () => {
		const w = fakePeer('user:w');
		room.addPeer(w);
		const d = new Y.Doc();
		watched = d.clientID;
		noteText(d).insert(0, 'x');
		let transactions = 0;
		raw.on('afterTransaction', () => void transactions++);
		room.receiveUpdate(w, Y.encodeStateAsUpdate(d), WRITER);
		expect(readNote(room.doc)).toBe('x');
		await commits.whenIdle();
		expect(seenByStore).toEqual([true]);
		expect(transactions).toBe(1);
	});

	it('a lock change is applied at once, before its commit (the lock race starts with it)', async () => {
		const f = fakePeer('user:f');
		room.addPeer(f);
		const d = new Y.Doc();
		watched = d.clientID;
		lockSection(d, 'goals', sam, 1);
		expect(room.receiveUpdate(f, Y.encodeStateAsUpdate(d), FACILITATOR)).toBe('applied');
		expect(holds(raw, d.clientID)).toBe(true);
		await commits.whenIdle();
		expect(seenByStore).toEqual([true]);
	});

	it('if applying it after the commit throws, the room breaks: its sockets close to reload from storage', async () => {
		const w = fakePeer('user:w');
		const r = fakePeer('user:r');
		room.addPeer(w);
		room.addPeer(r);
		const d = new Y.Doc();
		noteText(d).insert(0, 'boom');
		raw.on('afterTransaction', () => {
			throw new Error('an observer failed');
		});
		room.receiveUpdate(w, Y.encodeStateAsUpdate(d), WRITER);
		await commits.whenIdle();
		expect(room.isBroken).toBe(true);
		expect(r.closed.map((c) => c.code)).toEqual([CLOSE.internalError]);
		// It was stored (and sent) before: the stored log has it.
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, 'b1/shared')!);
		expect(readNote(stored)).toBe('boom');
	});
});
