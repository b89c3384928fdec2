// `node tests/bench/roomCost.ts [rounds]`: the sync server's CPU per update at the many-workshops
// shape, in one process, without sockets: 50 rooms on a SQLite file, 20 connections each (their
// `ws` a stub that only counts), every connection sending matrix-cell updates through the real
// message handler, the guard, the group commit (hot log) and the broadcast. Everything the clients
// do (their Y.Docs, encoding) is done before the clock starts. CPU time, not wall time: a loaded
// machine slows it down less. Run with `--cpu-prof` for the breakdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { openDb } from '../../src/lib/server/db/index.ts';
import { Room } from '../../server/sync/room.ts';
import { Connection } from '../../server/sync/connection.ts';
import { handleMessage } from '../../server/sync/messages.ts';
import { silentLog } from '../../server/sync/log.ts';
import { commitQueueFor } from '../../server/sync/commitQueue.ts';
import { updateMessage } from '../../server/sync/protocol.ts';
import { setBenchCell } from '../fixtures/notes.ts';

const BOARDS = 50;
const CLIENTS = 20;
/** Updates per client (one round = every client once). */
const ROUNDS = Number(process.argv[2] ?? 40);
/** Messages handled per event-loop turn (5,000 updates/s arrive in turns of about this many). */
const PER_TURN = 50;

let sentBytes = 0;
let sentMessages = 0;
function stubSocket(): WebSocket {
	return {
		OPEN: 1,
		readyState: 1,
		bufferedAmount: 0,
		once() {},
		send(m: Uint8Array) {
			sentMessages++;
			sentBytes += m.byteLength;
		}
	} as unknown as WebSocket;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomcost-'));
const db = openDb(path.join(dir, 't.db'), path.resolve('server/migrations'));
const rooms: Room<Connection>[] = [];
const conns: Connection[][] = [];
for (let b = 0; b < BOARDS; b++) {
	const room = new Room<Connection>(`board${b}`, 'shared', { db, log: silentLog, compactAfterBytes: 1 << 30 });
	await room.load();
	rooms.push(room);
	const cs: Connection[] = [];
	for (let i = 0; i < CLIENTS; i++) {
		const conn = new Connection({
			ws: stubSocket(),
			token: 't',
			boardId: room.boardId,
			kind: 'shared',
			person: { kind: 'user', id: `u${b}-${i}`, name: `U${i}` },
			access: { role: 'participant', side: 'supplier' } as Connection['access'],
			maxBufferedBytes: 1 << 30
		});
		conn.pending = null;
		room.addPeer(conn);
		cs.push(conn);
	}
	conns.push(cs);
}

// The clients' messages, made up front: ROUNDS updates per client, in sending order.
const messages: Array<{ b: number; i: number; m: Uint8Array }> = [];
const docs = conns.map((cs) => cs.map(() => new Y.Doc()));
for (let r = 0; r < ROUNDS; r++) {
	for (let b = 0; b < BOARDS; b++) {
		for (let i = 0; i < CLIENTS; i++) {
			const doc = docs[b][i];
			let update: Uint8Array | null = null;
			doc.once('update', (u: Uint8Array) => (update = u));
			setBenchCell(doc, String(doc.clientID), r + 1);
			messages.push({ b, i, m: updateMessage(update!) });
		}
	}
}
// Interleave boards like the bench's pacer does (every client at its own phase).
const order = messages.map((x, k) => ({ x, key: (k % (BOARDS * CLIENTS)) * 7919 % (BOARDS * CLIENTS) + Math.floor(k / (BOARDS * CLIENTS)) * BOARDS * CLIENTS }));
order.sort((a, b) => a.key - b.key);

const queue = commitQueueFor(db, silentLog);
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function run(list: typeof order): Promise<void> {
	for (let k = 0; k < list.length; k += PER_TURN) {
		for (const { x } of list.slice(k, k + PER_TURN)) handleMessage(rooms[x.b], conns[x.b][x.i], x.m);
		await turn();
	}
	await queue.whenIdle();
}

// Warm-up: the first round (JIT, first rows), not measured.
const warm = order.slice(0, BOARDS * CLIENTS);
await run(warm);
const measured = order.slice(BOARDS * CLIENTS);
sentBytes = 0;
sentMessages = 0;
const c0 = process.cpuUsage();
const t0 = performance.now();
await run(measured);
const cpu = process.cpuUsage(c0);
const wall = performance.now() - t0;
const n = measured.length;
console.log(
	JSON.stringify({
		updates: n,
		cpuUsPerUpdate: Number(((cpu.user + cpu.system) / n).toFixed(1)),
		userUsPerUpdate: Number((cpu.user / n).toFixed(1)),
		wallUsPerUpdate: Number(((wall * 1000) / n).toFixed(1)),
		messagesSentPerUpdate: Number((sentMessages / n).toFixed(2)),
		bytesSentPerUpdate: Number((sentBytes / n).toFixed(1))
	})
);
for (const r of rooms) r.destroy();
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
