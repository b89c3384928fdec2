// The in-process room of the write-path probes (workshopPath.ts, wakeProbe.ts): one room on a SQLite
// file with stub sockets that only call `send`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { openDb } from '../../src/lib/server/db/index.ts';
import { Room } from '../../server/sync/room.ts';
import { Connection } from '../../server/sync/connection.ts';
import { silentLog } from '../../server/sync/log.ts';

/** A loaded room with `clients` participants on stub sockets; `dispose` closes it and removes its file. */
export async function stubRoom(clients: number, send: () => void): Promise<{ db: ReturnType<typeof openDb>; room: Room<Connection>; conns: Connection[]; dispose(): void }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stubroom-'));
	const db = openDb(path.join(dir, 't.db'), path.resolve('server/migrations'));
	const room = new Room<Connection>('board0', 'shared', { db, log: silentLog, compactAfterBytes: 1 << 30 });
	await room.load();
	const conns = Array.from({ length: clients }, (_, i) => {
		const ws = { OPEN: 1, readyState: 1, bufferedAmount: 0, once() {}, send } as unknown as WebSocket;
		const conn = new Connection({
			ws,
			token: 't',
			boardId: room.boardId,
			kind: 'shared',
			person: { kind: 'user', id: `u${i}`, name: `U${i}` },
			access: { role: 'participant', side: 'supplier' } as Connection['access'],
			maxBufferedBytes: 1 << 30
		});
		conn.pending = null;
		room.addPeer(conn);
		return conn;
	});
	return {
		db,
		room,
		conns,
		dispose() {
			room.destroy();
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
