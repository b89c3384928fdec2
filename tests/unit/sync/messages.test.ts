import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { Connection } from '../../../server/sync/connection.ts';
import { handleMessage } from '../../../server/sync/messages.ts';
import { CLOSE, MessageError } from '../../../server/sync/closeCodes.ts';
import { MESSAGE, syncStep1Message, updateMessage } from '../../../server/sync/protocol.ts';
import { Room } from '../../../server/sync/room.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { commitQueueFor } from '../../../server/sync/commitQueue.ts';
import { logRows } from '../../../src/lib/server/docStore.ts';
import type { BoardRole } from '../../../src/lib/board/model/roles.ts';
import { fakeClock, noteText, readNote, tempDb, WRITER, OBSERVER } from './helpers.ts';

class FakeWs extends EventEmitter {
	readonly OPEN = 1;
	readyState = 1;
	bufferedAmount = 0;
	sent: Uint8Array[] = [];
	closedWith: { code: number; reason: string } | null = null;
	send(m: Uint8Array, cb?: (err?: Error) => void) {
		this.sent.push(m);
		cb?.();
	}
	close(code: number, reason: string) {
		this.closedWith = { code, reason };
	}
	terminate() {}
}

function connect(role: BoardRole, maxBufferedBytes = 1 << 20) {
	const ws = new FakeWs();
	const conn = new Connection({
		ws: ws as unknown as WebSocket,
		token: 't',
		boardId: 'b1',
		kind: 'shared',
		person: { kind: 'user', id: role, name: role },
		access: { boardId: 'b1', role, side: 'supplier' },
		maxBufferedBytes
	});
	return { ws, conn };
}

const errorOf = (fn: () => void) => {
	try {
		fn();
	} catch (e) {
		return e as MessageError;
	}
	return null;
};

describe('message handling', () => {
	let t: ReturnType<typeof tempDb>;
	let room: Room<Connection>;
	beforeEach(async () => {
		t = tempDb();
		room = new Room<Connection>('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
		await room.load();
	});
	afterEach(() => {
		room.destroy();
		t.cleanup();
	});

	it('answers sync step 1 with step 2', () => {
		const { ws, conn } = connect('participant');
		handleMessage(room, conn, syncStep1Message(new Y.Doc()));
		const d = decoding.createDecoder(ws.sent[0]);
		expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([MESSAGE.sync, 1]);
	});

	it('closes on bytes that do not decode (1002) and on unknown types (1003)', () => {
		const { conn } = connect('participant');
		expect(errorOf(() => handleMessage(room, conn, new Uint8Array([])))?.code).toBe(CLOSE.protocolError);
		expect(errorOf(() => handleMessage(room, conn, new Uint8Array([0, 2, 50, 1])))?.code).toBe(CLOSE.protocolError);
		expect(errorOf(() => handleMessage(room, conn, new Uint8Array([9])))?.code).toBe(CLOSE.unsupported);
		expect(errorOf(() => handleMessage(room, conn, new Uint8Array([0, 7])))?.code).toBe(CLOSE.unsupported);
	});

	it("tells an observer their change was refused and keeps them connected", () => {
		const { ws, conn } = connect('observer');
		room.addPeer(conn);
		ws.sent = [];
		const d = new Y.Doc();
		noteText(d).insert(0, 'no');
		handleMessage(room, conn, updateMessage(Y.encodeStateAsUpdate(d)));
		expect(ws.sent.map((m) => decoding.readVarUint(decoding.createDecoder(m)))).toEqual([MESSAGE.auth]);
		expect(ws.closedWith).toBeNull();
		expect(readNote(room.doc)).toBe('');
	});

	it('a role refreshed to observer makes the socket read-only at once', () => {
		const { conn } = connect('participant');
		room.addPeer(conn);
		conn.access = { ...conn.access, role: 'observer' };
		const d = new Y.Doc();
		noteText(d).insert(0, 'late');
		handleMessage(room, conn, updateMessage(Y.encodeStateAsUpdate(d)));
		expect(readNote(room.doc)).toBe('');
	});

	it('over the awareness rate, sends the latest state after the interval instead of dropping it', () => {
		const clock = fakeClock();
		room.destroy();
		room = new Room<Connection>('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20, clock });
		const { conn } = connect('participant');
		room.addPeer(conn);
		let applied = 0;
		room.awareness.on('update', () => applied++);
		for (let clock = 1; clock <= 200; clock++) {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, MESSAGE.awareness);
			const inner = encoding.createEncoder();
			encoding.writeVarUint(inner, 1);
			encoding.writeVarUint(inner, 5);
			encoding.writeVarUint(inner, clock);
			encoding.writeVarString(inner, JSON.stringify({ c: clock }));
			encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
			handleMessage(room, conn, encoding.toUint8Array(e));
		}
		expect(applied).toBeLessThanOrEqual(45);
		expect(room.awareness.getStates().get(5)?.c).toBeLessThan(200);
		clock.advance(1000);
		expect(room.awareness.getStates().get(5)?.c).toBe(200);
		expect(room.awareness.getStates().get(5)?.user).toEqual(conn.identity);
	});

	it('closes a socket that stopped reading (bufferedAmount over the limit) with 1013', () => {
		const { ws, conn } = connect('participant', 1000);
		ws.bufferedAmount = 5000;
		conn.send(new Uint8Array([1]));
		expect(ws.closedWith?.code).toBe(CLOSE.tooSlow);
		expect(conn.isGone).toBe(true);
	});
});

// The many-workshops load: every update goes to 19 others. A change that holds only what the
// server does not have is sent on as the message it came in, without Yjs encoding it again; one
// that re-sends what the server has is cut to the new part first (see Room.receiveUpdate).
describe('forwarding updates', () => {
	let t: ReturnType<typeof tempDb>;
	let room: Room<Connection>;
	const queue = () => commitQueueFor(t.db, silentLog);
	beforeEach(async () => {
		t = tempDb();
		room = new Room<Connection>('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
		await room.load();
	});
	afterEach(() => {
		room.destroy();
		t.cleanup();
	});

	/** The updates of the messages `ws` was sent after `from`. */
	const updatesSent = (ws: FakeWs, from: number) =>
		ws.sent.slice(from).flatMap((m) => {
			const d = decoding.createDecoder(m);
			if (decoding.readVarUint(d) !== MESSAGE.sync || decoding.readVarUint(d) !== 2) return [];
			return [decoding.readVarUint8Array(d)];
		});

	it('sends a new change on as the very message it arrived in', async () => {
		const writer = connect('participant');
		const reader = connect('facilitator');
		room.addPeer(writer.conn);
		room.addPeer(reader.conn);
		const d = new Y.Doc();
		noteText(d).insert(0, 'hi');
		const message = updateMessage(Y.encodeStateAsUpdate(d));
		const from = reader.ws.sent.length;
		handleMessage(room, writer.conn, message);
		await queue().whenIdle();
		expect(reader.ws.sent.slice(from)).toHaveLength(1);
		// The same bytes in the same memory: not encoded again, not copied.
		const sent = reader.ws.sent[from];
		expect([sent.buffer, sent.byteOffset, sent.byteLength]).toEqual([message.buffer, message.byteOffset, message.byteLength]);
		expect(sent.buffer).toBe(message.buffer);
	});

	it('cuts a change that re-sends what the server has to the new part (a step 2, a forged clock)', async () => {
		const writer = connect('participant');
		const reader = connect('facilitator');
		room.addPeer(writer.conn);
		room.addPeer(reader.conn);
		const d = new Y.Doc();
		noteText(d).insert(0, 'hi');
		handleMessage(room, writer.conn, updateMessage(Y.encodeStateAsUpdate(d)));
		await queue().whenIdle();
		// The same client id claims other content for the clocks the server has, then types on.
		const forged = new Y.Doc();
		forged.clientID = d.clientID;
		noteText(forged).insert(0, 'yo');
		noteText(forged).insert(2, 'new');
		const known = Y.getState(room.doc.store, d.clientID);
		const from = reader.ws.sent.length;
		handleMessage(room, writer.conn, updateMessage(Y.encodeStateAsUpdate(forged)));
		await queue().whenIdle();
		const sent = updatesSent(reader.ws, from);
		expect(sent).toHaveLength(1);
		// Only the clocks the server did not have: a reader still syncing never sees 'yo'.
		expect(Y.decodeUpdate(sent[0]).structs.map((s) => [s.id.clock, s.length])).toEqual([[known, 3]]);
		expect(readNote(room.doc)).toBe('hinew');
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(d));
		Y.applyUpdate(copy, sent[0]);
		expect(readNote(copy)).toBe('hinew');
	});

	it('encodes a change made while a client change is applied (an observer writing) like any server change', async () => {
		const writer = connect('participant');
		const reader = connect('facilitator');
		room.addPeer(writer.conn);
		room.addPeer(reader.conn);
		// A server-side observer answering a change with one of its own (none does today).
		room.doc.getMap('goals').observeDeep(() => {
			if (!room.doc.getMap('matrix').has('echo')) room.doc.getMap('matrix').set('echo', { priority: 1 });
		});
		// The reader's copy: what the server had when it joined.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
		const d = new Y.Doc();
		noteText(d).insert(0, 'hi');
		const from = reader.ws.sent.length;
		const rowsBefore = logRows(t.db).length;
		handleMessage(room, writer.conn, updateMessage(Y.encodeStateAsUpdate(d)));
		await queue().whenIdle();
		expect(logRows(t.db).length).toBe(rowsBefore + 2);
		for (const u of updatesSent(reader.ws, from)) Y.applyUpdate(copy, u);
		expect(readNote(copy)).toBe('hi');
		expect(copy.getMap('matrix').get('echo')).toEqual({ priority: 1 });
	});
});
