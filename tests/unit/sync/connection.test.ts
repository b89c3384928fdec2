import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Connection } from '../../../server/sync/connection.ts';
import { MESSAGE } from '../../../server/sync/protocol.ts';

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
});
