import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { Connection } from '../../../server/sync/connection.ts';
import { MESSAGE, awarenessMessage, updateMessage } from '../../../server/sync/protocol.ts';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

class CorkableWs extends EventEmitter {
	readonly OPEN = 1;
	readyState = 1;
	bufferedAmount = 0;
	log: string[] = [];
	_socket = { cork: () => this.log.push('cork'), uncork: () => this.log.push('uncork') };
	send(_m: Uint8Array, cb?: (err?: Error) => void) {
		this.log.push('send');
		cb?.();
	}
	close() {}
	terminate() {}
}

function connect(ws: CorkableWs) {
	return new Connection({
		ws: ws as unknown as WebSocket,
		token: 't',
		boardId: 'b1',
		kind: 'shared',
		person: { kind: 'user', id: 'u', name: 'u' },
		access: { boardId: 'b1', role: 'participant', side: 'supplier' },
		maxBufferedBytes: 1 << 20
	});
}

describe('connection', () => {
	it('sends the messages of one turn as one socket write (corked until the turn ends)', async () => {
		const ws = new CorkableWs();
		const conn = connect(ws);
		for (let i = 0; i < 3; i++) conn.send(new Uint8Array([0, 2, 0]));
		expect(ws.log).toEqual(['cork', 'send', 'send', 'send']);
		await new Promise((r) => process.nextTick(r));
		expect(ws.log.at(-1)).toBe('uncork');
		conn.send(new Uint8Array([0, 2, 0]));
		expect(ws.log.slice(-2)).toEqual(['cork', 'send']);
	});

	it('a broadcast queues one tick for all its sockets, and writes them in the order they were sent to, with no send callback', async () => {
		await new Promise((r) => process.nextTick(r)); // whatever an earlier test corked is written
		const order: number[] = [];
		const wss = Array.from({ length: 60 }, (_, i) => {
			const ws = new CorkableWs();
			ws._socket.uncork = () => order.push(i);
			return ws;
		});
		const conns = wss.map(connect);
		const ticks = vi.spyOn(process, 'nextTick');
		const callbacks = new Set<unknown>();
		for (const ws of wss) ws.send = (_m, cb) => void callbacks.add(cb);
		try {
			const message = new Uint8Array([0, 2, 0]);
			for (const c of conns) c.send(message);
			conns[0].send(message);
			expect(ticks).toHaveBeenCalledTimes(1);
		} finally {
			ticks.mockRestore();
		}
		await new Promise((r) => process.nextTick(r));
		expect(order).toEqual(wss.map((_, i) => i));
		// No callback at all (a failed write is a socket error, which closes it): no closure per message and recipient.
		expect([...callbacks]).toEqual([undefined]);
		// The next turn corks again.
		conns[3].send(new Uint8Array([0, 2, 0]));
		expect(wss[3].log.at(-1)).toBe('cork');
	});

	it('broadcast messages are Buffers: ws sends them as they are, without a new view per recipient', () => {
		const awareness = new Awareness(new Y.Doc());
		awareness.setLocalState({ cursor: 1 });
		for (const m of [updateMessage(new Uint8Array([0, 0])), awarenessMessage(awareness, [awareness.clientID])]) expect(Buffer.isBuffer(m)).toBe(true);
		awareness.destroy();
	});

	it('acknowledges once per batch, only to a client that asked, with the highest count', async () => {
		const ws = new CorkableWs();
		const sent: Uint8Array[] = [];
		ws.send = (m: Uint8Array, cb?: (err?: Error) => void) => {
			sent.push(m);
			cb?.();
		};
		const conn = connect(ws);
		conn.markSaved(1);
		await Promise.resolve();
		expect(sent).toHaveLength(0);
		conn.wantsSaved = true;
		conn.markSaved(2);
		conn.markSaved(3);
		await Promise.resolve();
		expect(sent.map((m) => [...m])).toEqual([[MESSAGE.saved, 3]]);
	});

	it('an acknowledgement goes out in the same socket write as the batch it acknowledges, also when the batch ran from setImmediate', async () => {
		await new Promise((r) => process.nextTick(r)); // whatever an earlier test corked is written
		const ws = new CorkableWs();
		const conn = connect(ws);
		conn.wantsSaved = true;
		// A busy server runs its commit batch from setImmediate: the uncork tick then runs before any microtask.
		await new Promise<void>((resolve) =>
			setImmediate(() => {
				conn.send(new Uint8Array([0, 2, 0])); // the writer's own update, broadcast after the commit
				conn.markSaved(1);
				resolve();
			})
		);
		await new Promise((r) => setImmediate(r));
		expect(ws.log).toEqual(['cork', 'send', 'send', 'uncork']);
	});
});
