import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import { Room } from '../../../server/sync/room.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { commitQueueFor } from '../../../server/sync/commitQueue.ts';
import { MESSAGE } from '../../../server/sync/protocol.ts';
import { MessageError } from '../../../server/sync/closeCodes.ts';
import { loadDoc, logRows } from '../../../src/lib/server/docStore.ts';

import { awarenessUpdate, fakeClock, fakePeer, noteText, readNote, tempDb, WRITER, OBSERVER } from './helpers.ts';
import { AWARENESS_LIMITS } from '../../../server/sync/awarenessGuard.ts';

const typeOf = (m: Uint8Array) => decoding.readVarUint(decoding.createDecoder(m));

describe('room: updates', () => {
	let t: ReturnType<typeof tempDb>;
	let room: Room;
	const rows = () => logRows(t.db).length;
	beforeEach(async () => {
		t = tempDb();
		room = new Room('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
		await room.load();
	});
	afterEach(() => {
		room.destroy();
		t.cleanup();
	});

	it('stores an update before anyone is sent it', async () => {
		const writer = fakePeer('user:w');
		const reader = fakePeer('user:r');
		room.addPeer(writer);
		room.addPeer(reader);
		const before = rows();
		let rowsWhenSent = -1;
		reader.send = () => {
			rowsWhenSent = rows();
		};
		const d = new Y.Doc();
		noteText(d).insert(0, 'hi');
		expect(room.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER)).toBe('applied');
		// Group commit: nothing leaves during the turn; the batch commits, then it is sent.
		expect(rowsWhenSent).toBe(-1);
		await commitQueueFor(t.db, silentLog).whenIdle();
		expect(rowsWhenSent).toBe(before + 1);
	});

	it("refuses a read-only person's change: not applied, not stored, not sent", () => {
		const observer = fakePeer('guest:o');
		const other = fakePeer('user:p');
		room.addPeer(observer);
		room.addPeer(other);
		const before = rows();
		const sentBefore = other.sent.length;
		const d = new Y.Doc();
		noteText(d).insert(0, 'sneaky');
		expect(room.receiveUpdate(observer, Y.encodeStateAsUpdate(d), OBSERVER)).toBe('read-only');
		expect(readNote(room.doc)).toBe('');
		expect(rows()).toBe(before);
		expect(other.sent.length).toBe(sentBefore);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, 'b1/shared')!);
		expect(readNote(stored)).toBe('');
	});

	it('lets a read-only person sync: a step 2 with nothing new (deletions included) is not a write', () => {
		const writer = fakePeer('user:w');
		room.addPeer(writer);
		const d = new Y.Doc();
		noteText(d).insert(0, 'hello world');
		noteText(d).delete(0, 6);
		room.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER);
		// The observer's copy equals the server's; its step 2 carries the whole delete set.
		const observerCopy = new Y.Doc();
		Y.applyUpdate(observerCopy, Y.encodeStateAsUpdate(room.doc));
		const step2 = Y.encodeStateAsUpdate(observerCopy, Y.encodeStateVector(room.doc));
		const before = rows();
		expect(room.receiveUpdate(fakePeer('guest:o'), step2, OBSERVER)).toBe('unchanged');
		expect(room.receiveUpdate(writer, step2, WRITER)).toBe('unchanged');
		expect(rows()).toBe(before);
		// A deletion of known content is a change.
		noteText(observerCopy).delete(0, 1);
		const deletion = Y.encodeStateAsUpdate(observerCopy, Y.encodeStateVector(room.doc));
		expect(room.receiveUpdate(fakePeer('guest:o'), deletion, OBSERVER)).toBe('read-only');
	});

	it('refuses bytes that are not an update before storing anything', () => {
		const before = rows();
		expect(() => room.receiveUpdate(fakePeer(), new Uint8Array([5, 200, 200, 200, 1]), WRITER)).toThrow(MessageError);
		expect(rows()).toBe(before);
	});

	it('greets a joining socket with our state vector, then the current cursors', () => {
		const a = fakePeer('user:a');
		room.addPeer(a);
		expect(a.sent.map(typeOf)).toEqual([MESSAGE.sync]);
		room.receiveAwareness(a, awarenessUpdate(101, 1, { name: 'A' }));
		const b = fakePeer('user:b');
		room.addPeer(b);
		expect(b.sent.map(typeOf)).toEqual([MESSAGE.sync, MESSAGE.awareness]);
	});

	it("removes exactly a socket's own cursors when it leaves", () => {
		const a = fakePeer('user:a');
		const b = fakePeer('user:b');
		room.addPeer(a);
		room.addPeer(b);
		room.receiveAwareness(a, awarenessUpdate(101, 1, { name: 'A' }));
		room.receiveAwareness(b, awarenessUpdate(202, 1, { name: 'B' }));
		room.removePeer(a);
		expect([...room.awareness.getStates().keys()]).toEqual([202]);
		expect([...room.awarenessOwners.keys()]).toEqual([202]);
	});

	it("relays awareness with the server's identity of the sender, whatever it claimed", () => {
		const guest = fakePeer('guest:g1');
		const other = fakePeer('user:o');
		room.addPeer(guest);
		room.addPeer(other);
		room.receiveAwareness(guest, awarenessUpdate(101, 1, { user: { id: 'o', name: 'o (facilitator)', side: 'supplier', color: 'red;x:url(y)' } }));
		const relayed = relayedStates(other.sent.at(-1)!);
		expect(relayed.get(101)?.user).toEqual(guest.identity);
	});

	it('applies awareness by the y-protocols rule and sends exactly what applied, to everyone, with the change events', () => {
		const a = fakePeer('user:a');
		const b = fakePeer('user:b');
		room.addPeer(a);
		room.addPeer(b);
		const events: Array<{ added: number[]; updated: number[]; removed: number[] }> = [];
		room.awareness.on('change', (change: { added: number[]; updated: number[]; removed: number[] }) => void events.push(change));
		// What b's y-protocols Awareness makes of every message it gets must be the server's own view.
		const mirror = new Awareness(new Y.Doc());
		mirror.setLocalState(null);
		const receivedBy = (peer: typeof b, from: number) =>
			peer.sent.slice(from).filter((m) => typeOf(m) === MESSAGE.awareness);
		const applyAll = (messages: Uint8Array[]) => {
			for (const m of messages) {
				const d = decoding.createDecoder(m);
				decoding.readVarUint(d);
				applyAwarenessUpdate(mirror, decoding.readVarUint8Array(d), 'server');
			}
		};
		let seen = b.sent.length;
		room.receiveAwareness(a, awarenessUpdate(101, 1, { cursor: 1 }));
		const first = receivedBy(b, seen);
		expect(first).toHaveLength(1);
		expect(receivedBy(a, 0)).toHaveLength(1); // the sender too, as y-websocket's server does
		applyAll(first);
		expect(mirror.getStates().get(101)).toEqual({ cursor: 1, user: a.identity });
		// The same state again, newer clock: updated, but no change event.
		seen = b.sent.length;
		room.receiveAwareness(a, awarenessUpdate(101, 2, { cursor: 1 }));
		applyAll(receivedBy(b, seen));
		expect(receivedBy(b, seen)).toHaveLength(1);
		expect(room.awareness.meta.get(101)?.clock).toBe(2);
		// A removal at the same clock applies; a removal of a client never seen sends nothing.
		seen = b.sent.length;
		room.receiveAwareness(a, awarenessUpdate(101, 2, null));
		room.receiveAwareness(a, awarenessUpdate(303, 1, null));
		const removal = receivedBy(b, seen);
		expect(removal).toHaveLength(1);
		applyAll(removal);
		expect(room.awareness.getStates().has(101)).toBe(false);
		expect(mirror.getStates().has(101)).toBe(false);
		expect(events).toEqual([
			{ added: [101], updated: [], removed: [] },
			{ added: [], updated: [], removed: [101] }
		]);
		expect(room.awareness.getStates().get(101)).toBeUndefined();
	});

	it("a leaving socket's pending (throttled) awareness is never applied", () => {
		const clock = fakeClock();
		const r = new Room('b2', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20, clock, awarenessLimits: { ...AWARENESS_LIMITS, burst: 1 } });
		const a = fakePeer('user:a');
		r.addPeer(a);
		r.receiveAwareness(a, awarenessUpdate(5, 1, {}));
		r.receiveAwareness(a, awarenessUpdate(5, 2, { late: true }));
		r.removePeer(a);
		clock.advance(10_000);
		expect(r.awareness.getStates().size).toBe(0);
		expect(clock.pending()).toBe(0);
		r.destroy();
	});
});

/** The awareness states a relayed awareness message carries. */
function relayedStates(message: Uint8Array): Map<number, Record<string, unknown>> {
	const d = decoding.createDecoder(message);
	decoding.readVarUint(d);
	const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
	const out = new Map<number, Record<string, unknown>>();
	const n = decoding.readVarUint(inner);
	for (let i = 0; i < n; i++) {
		const client = decoding.readVarUint(inner);
		decoding.readVarUint(inner);
		out.set(client, JSON.parse(decoding.readVarString(inner)));
	}
	return out;
}

describe('room: client ids belong to who announced them', () => {
	it("refuses a change written under a connected person's client id, and accepts that person's own", async () => {
		const t = tempDb();
		const room = new Room('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
		await room.load();
		const victim = fakePeer('user:victim');
		const forger = fakePeer('guest:forger');
		room.addPeer(victim);
		room.addPeer(forger);
		const victimDoc = new Y.Doc();
		room.receiveAwareness(victim, awarenessUpdate(victimDoc.clientID, 1, { cursor: null }));
		const forged = new Y.Doc();
		forged.clientID = victimDoc.clientID;
		noteText(forged).insert(0, 'not yours');
		expect(room.receiveUpdate(forger, Y.encodeStateAsUpdate(forged), { role: 'participant', side: 'client' })).toMatchObject({ kind: 'forbidden' });
		noteText(victimDoc).insert(0, 'mine');
		expect(room.receiveUpdate(victim, Y.encodeStateAsUpdate(victimDoc), WRITER)).toBe('applied');
		expect(readNote(room.doc)).toBe('mine');
		room.destroy();
		t.cleanup();
	});
});
