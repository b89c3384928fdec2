import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { CommitQueue, sqliteStore, type CommitStore } from '../../../server/sync/commitQueue.ts';
import { Connection } from '../../../server/sync/connection.ts';
import { CLOSE } from '../../../server/sync/closeCodes.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { MESSAGE, SYNC } from '../../../server/sync/protocol.ts';
import { Room } from '../../../server/sync/room.ts';
import { Rooms } from '../../../server/sync/rooms.ts';
import { FOLD_ROWS, loadDoc, logRows } from '../../../src/lib/server/docStore.ts';
import { docSnapshots } from '../../../src/lib/server/db/schema.ts';
import { ORIGIN, meta } from '../../../src/lib/board/doc/schema.ts';
import { fakePeer, noteText, readNote, tempDb, WRITER, type FakePeer } from './helpers.ts';

/** The Yjs updates among the messages a peer was sent (sync step 2 and update). */
function syncPayloads(sent: Uint8Array[]): { step: number; update: Uint8Array }[] {
	const out: { step: number; update: Uint8Array }[] = [];
	for (const m of sent) {
		const d = decoding.createDecoder(m);
		if (decoding.readVarUint(d) !== MESSAGE.sync) continue;
		const step = decoding.readVarUint(d);
		if (step !== SYNC.step1) out.push({ step, update: decoding.readVarUint8Array(d) });
	}
	return out;
}

const storedNote = (db: Parameters<typeof loadDoc>[0], name = 'b1/shared') => {
	const doc = new Y.Doc();
	const state = loadDoc(db, name);
	if (state) Y.applyUpdate(doc, state);
	return readNote(doc);
};

describe('group commit', () => {
	let t: ReturnType<typeof tempDb>;
	let commits: CommitQueue;
	let store: CommitStore;
	let room: Room<FakePeer>;
	const rows = () => logRows(t.db).length;
	const open = async (name = 'b1') => {
		const r = new Room<FakePeer>(name, 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 30, commits });
		await r.load();
		return r;
	};
	beforeEach(async () => {
		t = tempDb();
		const sqlite = sqliteStore(t.db);
		store = { append: (r) => sqlite.append(r) };
		commits = new CommitQueue(store, { log: silentLog });
		room = await open();
	});
	afterEach(() => {
		room.destroy();
		t.cleanup();
	});

	it('stores a burst of 1,000 updates received in one turn in one transaction, then sends them in order', async () => {
		const writer = fakePeer('user:w');
		const reader = fakePeer('user:r');
		room.addPeer(writer);
		room.addPeer(reader);
		reader.sent.length = 0;
		const before = rows();
		// One append of the store is one SQLite transaction (docLog.test.ts: one statement, or BEGIN … COMMIT).
		const appends = vi.spyOn(store, 'append');
		// One client typing: every update builds on the one before (the guard must see each in order).
		const client = new Y.Doc();
		const updates: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => updates.push(u));
		noteText(client);
		for (let i = 0; i < 999; i++) noteText(client).insert(i, 'x');
		expect(updates).toHaveLength(1000);
		for (const u of updates) expect(room.receiveUpdate(writer, u, WRITER)).toBe('applied');
		expect(reader.sent).toHaveLength(0);
		expect(rows()).toBe(before);
		await commits.whenIdle();
		expect(appends).toHaveBeenCalledTimes(1);
		expect(commits.batches).toBe(1);
		expect(rows()).toBe(before + 1000);
		const sent = syncPayloads(reader.sent);
		expect(sent).toHaveLength(1000);
		const replay = new Y.Doc();
		for (const s of sent) Y.applyUpdate(replay, s.update);
		expect(replay.store.pendingStructs).toBeNull();
		expect(readNote(replay)).toBe('x'.repeat(999));
		expect(storedNote(t.db)).toBe('x'.repeat(999));
	});

	it('a server change (vote results) and client changes of one turn are committed in one transaction and sent after it, in order', async () => {
		const writer = fakePeer('user:w');
		const reader = fakePeer('user:r');
		room.addPeer(writer);
		room.addPeer(reader);
		await commits.whenIdle();
		reader.sent.length = 0;
		const before = rows();
		// One append of the store is one SQLite transaction (docLog.test.ts: one statement, or BEGIN … COMMIT).
		const appends = vi.spyOn(store, 'append');
		const base = Y.encodeStateAsUpdate(room.doc);
		const client = new Y.Doc();
		Y.applyUpdate(client, base);
		const since = (sv: Uint8Array) => Y.encodeStateAsUpdate(client, sv);
		let sv = Y.encodeStateVector(client);
		noteText(client).insert(0, 'a');
		expect(room.receiveUpdate(writer, since(sv), WRITER)).toBe('applied');
		// What the routes do through the live hub (applyServerChange): a server-origin transaction.
		room.doc.transact(() => meta(room.doc).set('threshold', 0.5), ORIGIN.server);
		Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(client)));
		sv = Y.encodeStateVector(client);
		noteText(client).insert(1, 'b');
		expect(room.receiveUpdate(writer, since(sv), WRITER)).toBe('applied');
		const durable = commits.whenIdle();
		// Nothing is stored or sent before the batch: not even the server's own change.
		expect(rows()).toBe(before);
		expect(syncPayloads(reader.sent)).toHaveLength(0);
		await durable;
		expect(appends).toHaveBeenCalledTimes(1);
		expect(rows()).toBe(before + 3);
		const sent = syncPayloads(reader.sent);
		expect(sent).toHaveLength(3);
		const replay = new Y.Doc();
		Y.applyUpdate(replay, base);
		Y.applyUpdate(replay, sent[0].update);
		expect(readNote(replay)).toBe('a');
		expect(meta(replay).get('threshold')).toBeUndefined();
		Y.applyUpdate(replay, sent[1].update);
		expect(meta(replay).get('threshold')).toBe(0.5);
		Y.applyUpdate(replay, sent[2].update);
		expect(readNote(replay)).toBe('ab');
	});

	it('a server change whose batch fails rejects its caller and is sent to nobody', async () => {
		const reader = fakePeer('user:r');
		room.addPeer(reader);
		await commits.whenIdle();
		reader.sent.length = 0;
		store.append = () => {
			throw new Error('disk full');
		};
		room.doc.transact(() => meta(room.doc).set('threshold', 0.5), ORIGIN.server);
		await expect(room.whenDurable()).rejects.toThrow(/could not store/);
		expect(syncPayloads(reader.sent)).toHaveLength(0);
		expect(reader.closed.map((c) => c.code)).toEqual([CLOSE.internalError]);
	});

	it('folds the hot log after a batch was sent, never before (the SQLite store), and never for a failed batch', async () => {
		const order: string[] = [];
		const sqlite = sqliteStore(t.db);
		let fail = false;
		const q = new CommitQueue(
			{
				append: (r) => {
					if (fail) throw new Error('disk full');
					order.push(`append ${r.length}`);
					sqlite.append(r);
				},
				afterBatch: () => {
					order.push('afterBatch');
					sqlite.afterBatch!();
				}
			},
			{ log: silentLog }
		);
		const big = Array.from({ length: FOLD_ROWS }, (_, i) => ({ docName: 'b9/shared', data: new Uint8Array([i & 255]) }));
		for (const row of big) q.add(row, () => true, () => order.length === 1 && order.push('sent'));
		await q.whenIdle();
		expect(order).toEqual([`append ${FOLD_ROWS}`, 'sent', 'afterBatch']);
		// The fold ran: the rows are in the per-document log, none waits in the hot one.
		expect(t.db.$client.prepare('SELECT count(*) AS n FROM doc_log').get()).toEqual({ n: 0 });
		expect(logRows(t.db, 'b9/shared')).toHaveLength(FOLD_ROWS);
		fail = true;
		order.length = 0;
		q.add(big[0], () => true, (ok) => order.push(`done ${ok}`));
		await q.whenIdle();
		expect(order).toEqual(['done false']);
	});

	it("writes a batch's broadcast and acknowledgement on the corked sockets before its housekeeping (the fold) and the microtasks it queued", async () => {
		await new Promise((r) => process.nextTick(r)); // whatever an earlier test corked is written
		const order: string[] = [];
		const ws = {
			OPEN: 1,
			readyState: 1,
			bufferedAmount: 0,
			send: (m: Uint8Array) => order.push(m[0] === MESSAGE.saved ? 'send ack' : 'send update'),
			once() {},
			_socket: { cork: () => order.push('cork'), uncork: () => order.push('write') }
		};
		const conn = new Connection({
			ws: ws as unknown as WebSocket,
			token: 't',
			boardId: 'b1',
			kind: 'shared',
			person: { kind: 'user', id: 'u', name: 'u' },
			access: { boardId: 'b1', role: 'participant', side: 'supplier' } as Connection['access'],
			maxBufferedBytes: 1 << 20
		});
		conn.wantsSaved = true;
		const sqlite = sqliteStore(t.db);
		const q = new CommitQueue({ append: (r) => sqlite.append(r), afterBatch: () => void order.push('afterBatch') }, { log: silentLog });
		q.add({ docName: 'b8/shared', data: new Uint8Array([1]) }, () => true, () => {
			conn.send(new Uint8Array([MESSAGE.sync, SYNC.update, 0]));
			conn.markSaved(1);
			queueMicrotask(() => order.push('microtask'));
		});
		await q.whenIdle();
		await new Promise((r) => process.nextTick(r));
		// One write for both messages, out before the fold and the callbacks' microtasks.
		expect(order).toEqual(['cork', 'send update', 'send ack', 'write', 'afterBatch', 'microtask']);
	});

	it("writes a one-update batch's broadcast to each reader as it is sent (no waiting for the others), the writer's with its acknowledgement; a bigger batch stays corked", async () => {
		await new Promise((r) => process.nextTick(r)); // whatever an earlier test corked is written
		const log: string[] = [];
		const socket = (name: string) => ({
			OPEN: 1,
			readyState: 1,
			bufferedAmount: 0,
			send: (m: Uint8Array) => log.push(`${name} ${m[0] === MESSAGE.saved ? 'ack' : 'update'}${corked.has(name) ? '' : ' written'}`),
			once() {},
			_socket: { cork: () => corked.add(name), uncork: () => corked.delete(name) && log.push(`${name} written`) }
		});
		const corked = new Set<string>();
		const conn = (name: string) =>
			Object.assign(
				new Connection({
					ws: socket(name) as unknown as WebSocket,
					token: 't',
					boardId: 'b1',
					kind: 'shared',
					person: { kind: 'user', id: name, name },
					access: { boardId: 'b1', role: 'participant', side: 'supplier' } as Connection['access'],
					maxBufferedBytes: 1 << 20
				}),
				{ pending: null }
			);
		const r = new Room<Connection>('b5', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 30, commits });
		await r.load();
		const [writer, a, b] = ['w', 'a', 'b'].map(conn);
		writer.wantsSaved = true;
		for (const c of [writer, a, b]) r.addPeer(c);
		await new Promise((resolve) => process.nextTick(resolve));
		log.length = 0;
		const client = new Y.Doc();
		const sent = (text: string) => {
			const before = Y.encodeStateVector(client);
			noteText(client).insert(0, text);
			const update = Y.encodeStateAsUpdate(client, before);
			expect(r.receiveUpdate(writer, update, WRITER)).toBe('applied');
			r.afterDurable(() => writer.markSaved(writer.saved + 1));
		};
		sent('one');
		await commits.whenIdle();
		await new Promise((resolve) => process.nextTick(resolve));
		expect(log).toEqual(['w update', 'a update written', 'b update written', 'w ack', 'w written']);
		log.length = 0;
		// Two updates in one batch (a busy turn): every socket gets both in one write.
		await new Promise((resolve) => setImmediate(resolve));
		sent('two');
		sent('three');
		await commits.whenIdle();
		await new Promise((resolve) => process.nextTick(resolve));
		expect(log).toEqual(['w update', 'a update', 'b update', 'w update', 'a update', 'b update', 'w ack', 'w written', 'a written', 'b written']);
		r.destroy();
	});

	it('on a quiet server an update is stored and sent once the callback that received it returns, not a turn later', async () => {
		const q = new CommitQueue(sqliteStore(t.db), { log: silentLog });
		const r = new Room<FakePeer>('b4', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 30, commits: q });
		await r.load();
		const writer = fakePeer('user:w');
		const reader = fakePeer('user:r');
		r.addPeer(writer);
		r.addPeer(reader);
		reader.sent.length = 0;
		const d = new Y.Doc();
		noteText(d).insert(0, 'now');
		// Queued before the update arrives: runs in the next check phase, where the old group commit
		// (setImmediate) would only then start to write.
		const seen = new Promise<number>((resolve) => setImmediate(() => resolve(syncPayloads(reader.sent).length)));
		expect(r.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER)).toBe('applied');
		expect(reader.sent).toHaveLength(0);
		expect(await seen).toBe(1);
		r.destroy();
	});

	it('on a busy server (a batch flushed within quietMs) the rows of separate callbacks in one turn share a transaction', async () => {
		const own = sqliteStore(t.db);
		const q = new CommitQueue(own, { log: silentLog, quietMs: 60_000 });
		// One append of the store is one SQLite transaction (docLog.test.ts: one statement, or BEGIN … COMMIT).
		const appends = vi.spyOn(own, 'append');
		const row = (i: number) => ({ docName: 'b5/shared', data: new Uint8Array([i]) });
		const done: number[] = [];
		q.add(row(1), () => true, () => done.push(1));
		await q.whenIdle();
		expect(appends).toHaveBeenCalledTimes(1);
		// Two I/O callbacks of one turn, as two sockets' messages in one poll phase.
		await new Promise<void>((resolve) => {
			setImmediate(() => q.add(row(2), () => true, () => done.push(2)));
			setImmediate(() => {
				q.add(row(3), () => true, () => done.push(3));
				resolve();
			});
		});
		await q.whenIdle();
		expect(done).toEqual([1, 2, 3]);
		expect(appends).toHaveBeenCalledTimes(2);
	});

	it('one transaction per turn across documents', async () => {
		const other = await open('b2');
		const a = fakePeer('user:a');
		const b = fakePeer('user:b');
		room.addPeer(a);
		other.addPeer(b);
		// One append of the store is one SQLite transaction (docLog.test.ts: one statement, or BEGIN … COMMIT).
		const appends = vi.spyOn(store, 'append');
		const d1 = new Y.Doc();
		noteText(d1).insert(0, 'one');
		const d2 = new Y.Doc();
		noteText(d2).insert(0, 'two');
		room.receiveUpdate(a, Y.encodeStateAsUpdate(d1), WRITER);
		other.receiveUpdate(b, Y.encodeStateAsUpdate(d2), WRITER);
		await commits.whenIdle();
		expect(appends).toHaveBeenCalledTimes(1);
		expect([storedNote(t.db, 'b1/shared'), storedNote(t.db, 'b2/shared')]).toEqual(['one', 'two']);
		other.destroy();
	});

	it('answers a sync step 1 that arrives behind an update only once that update is stored, and with it', async () => {
		const writer = fakePeer('user:w');
		const joiner = fakePeer('user:j');
		room.addPeer(writer);
		const d = new Y.Doc();
		noteText(d).insert(0, 'fresh');
		room.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER);
		let rowsWhenAnswered = -1;
		room.addPeer(joiner);
		room.afterDurable(() => {
			rowsWhenAnswered = rows();
			joiner.send(room.syncStep2(new Uint8Array([0])));
		});
		expect(joiner.sent).toHaveLength(0);
		await commits.whenIdle();
		expect(rowsWhenAnswered).toBe(rows());
		const reply = syncPayloads(joiner.sent).find((s) => s.step === SYNC.step2)!;
		const copy = new Y.Doc();
		Y.applyUpdate(copy, reply.update);
		expect(readNote(copy)).toBe('fresh');
	});

	it('a failed commit applies and sends nothing of the batch, closes the senders with 1011, and the document reloads from storage', async () => {
		const rooms = new Rooms<FakePeer>(10_000, { db: t.db, log: silentLog, compactAfterBytes: 1 << 30, commits });
		const r = rooms.acquire('b3', 'shared');
		await r.load();
		const writer = fakePeer('user:w');
		const reader = fakePeer('user:r');
		r.addPeer(writer);
		r.addPeer(reader);
		await commits.whenIdle();
		reader.sent.length = 0;
		const before = rows();
		store.append = () => {
			throw new Error('disk full');
		};
		const d = new Y.Doc();
		noteText(d).insert(0, 'lost');
		expect(r.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER)).toBe('applied');
		await commits.whenIdle();
		expect(rows()).toBe(before);
		expect(syncPayloads(reader.sent)).toHaveLength(0);
		expect(writer.closed).toEqual([{ code: CLOSE.internalError, reason: expect.any(String) }]);
		expect(reader.closed.map((c) => c.code)).toEqual([CLOSE.internalError]);
		expect(r.isBroken).toBe(true);
		const again = rooms.acquire('b3', 'shared');
		expect(again).not.toBe(r);
		await again.load();
		expect(readNote(again.doc)).toBe('');
		rooms.closeAll();
	});

	it('does not compact in the middle of a batch', async () => {
		const writer = fakePeer('user:w');
		room.addPeer(writer);
		const d = new Y.Doc();
		noteText(d).insert(0, 'a');
		room.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER);
		await commits.whenIdle();
		noteText(d).insert(1, 'b');
		room.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER);
		room.flush();
		const snapshot = () => t.db.select().from(docSnapshots).all().find((s) => s.docName === 'b1/shared');
		const stateOf = (data: Uint8Array | undefined) => {
			const doc = new Y.Doc();
			if (data) Y.applyUpdate(doc, data);
			return readNote(doc);
		};
		// The uncommitted 'b' is in the live copy but must not reach the snapshot before its batch.
		expect(stateOf(snapshot()?.data)).not.toContain('b');
		await commits.whenIdle();
		expect(stateOf(snapshot()?.data)).toBe('ab');
		expect(rows()).toBe(0);
	});

	it('drops the queued rows of a board deleted before its batch was written', async () => {
		const writer = fakePeer('user:w');
		room.addPeer(writer);
		const d = new Y.Doc();
		noteText(d).insert(0, 'gone');
		const before = rows();
		room.receiveUpdate(writer, Y.encodeStateAsUpdate(d), WRITER);
		room.discard();
		await commits.whenIdle();
		expect(rows()).toBe(before);
		room = await open();
	});

	it('waits for an asynchronous store, collecting the next batch meanwhile, in order', async () => {
		const written: string[][] = [];
		let release: () => void = () => {};
		const slow = new CommitQueue(
			{
				append: (r) => {
					written.push(r.map((x) => new TextDecoder().decode(x.data)));
					return new Promise<void>((resolve) => (release = resolve));
				}
			},
			{ log: silentLog }
		);
		const order: string[] = [];
		const row = (s: string) => ({ docName: 'x', data: new TextEncoder().encode(s) });
		slow.add(row('a'), () => true, (ok) => order.push(`a:${ok}`));
		await new Promise((r) => setImmediate(r));
		slow.add(row('b'), () => true, (ok) => order.push(`b:${ok}`));
		slow.add(row('c'), () => true, (ok) => order.push(`c:${ok}`));
		await new Promise((r) => setImmediate(r));
		expect(written).toEqual([['a']]);
		release();
		await new Promise((r) => setImmediate(r));
		await new Promise((r) => setImmediate(r));
		expect(written).toEqual([['a'], ['b', 'c']]);
		release();
		await slow.whenIdle();
		expect(order).toEqual(['a:true', 'b:true', 'c:true']);
	});

	it('with a commit window, holds a batch open for that long (bounded), so rows of separate turns share a transaction', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate'] });
		try {
			const written: string[][] = [];
			const windowed = new CommitQueue({ append: (r) => void written.push(r.map((x) => new TextDecoder().decode(x.data))) }, { log: silentLog, windowMs: 4 });
			const done: string[] = [];
			const row = (s: string) => ({ docName: 'x', data: new TextEncoder().encode(s) });
			windowed.add(row('a'), () => true, () => done.push('a'));
			await vi.advanceTimersByTimeAsync(2);
			windowed.add(row('b'), () => true, () => done.push('b'));
			await vi.advanceTimersByTimeAsync(1);
			expect(written).toEqual([]);
			expect(done).toEqual([]);
			await vi.advanceTimersByTimeAsync(1);
			expect(written).toEqual([['a', 'b']]);
			expect(done).toEqual(['a', 'b']);
			windowed.add(row('c'), () => true, () => done.push('c'));
			await vi.advanceTimersByTimeAsync(4);
			expect(written).toEqual([['a', 'b'], ['c']]);
		} finally {
			vi.useRealTimers();
		}
	});
});
