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
