// The room's side of the relay between nodes (server/sync/relay.ts): relayed updates are applied
// and sent on, a gap in the seqs is filled from storage, a stale or repeated one is ignored, and
// what this room commits is published with its seq. The store is a small in-memory DocStore that
// numbers rows per document like PostgreSQL does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Room, type RoomRelay } from '../../../server/sync/room.ts';
import { CommitQueue } from '../../../server/sync/commitQueue.ts';
import { silentLog } from '../../../server/sync/log.ts';
import type { DocStore } from '../../../src/lib/server/docStores.ts';
import type { LogRow } from '../../../src/lib/server/docStore.ts';
import { fakePeer, noteText, readNote, tempDb, WRITER } from './helpers.ts';

function memoryStore(): DocStore & { rows: Map<string, Uint8Array[]>; sinceCalls: number } {
	const rows = new Map<string, Uint8Array[]>();
	const store = {
		backend: 'postgres' as const,
		rows,
		sinceCalls: 0,
		async readInto(name: string, doc: Y.Doc, origin: unknown) {
			const log = rows.get(name) ?? [];
			if (log.length === 0) return null;
			for (const u of log) Y.applyUpdate(doc, u, origin);
			return { logBytes: 0, lastSeq: log.length, quarantined: [] };
		},
		load: async () => null,
		seed: async () => {},
		async append(batch: readonly LogRow[]) {
			return batch.map((r) => {
				const log = rows.get(r.docName) ?? [];
				rows.set(r.docName, log);
				return log.push(r.data);
			});
		},
		async since(name: string, from: number) {
			store.sinceCalls++;
			const log = rows.get(name) ?? [];
			return { updates: log.slice(from), lastSeq: log.length };
		},
		heads: async (names: readonly string[]) => new Map(names.map((n) => [n, rows.get(n)?.length ?? 0])),
		version: async (name: string) => (rows.get(name)?.length ?? 0) - 1,
		compact: async () => 0,
		deleteBoard: async () => {},
		quarantined: async () => [],
		drain: async () => {}
	};
	return store;
}

/** Another node's edits to b1/shared: stored in `store` with their seq, returned for relaying. */
function elsewhere(store: ReturnType<typeof memoryStore>, doc: Y.Doc, text: string): { seq: number; update: Uint8Array } {
	const before = Y.encodeStateVector(doc);
	noteText(doc).insert(noteText(doc).length, text);
	const update = Y.encodeStateAsUpdate(doc, before);
	const log = store.rows.get('b1/shared') ?? [];
	store.rows.set('b1/shared', log);
	return { seq: log.push(update), update };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const f of cleanups.splice(0)) f();
});

async function setup() {
	const t = tempDb();
	const store = memoryStore();
	const published: Array<{ seq: number; update: Uint8Array }> = [];
	const relay: RoomRelay = { join() {}, leave() {}, publishUpdate: (_n, seq, update) => void published.push({ seq, update }), publishAwareness() {} };
	const commits = new CommitQueue(store, { log: silentLog });
	const other = new Y.Doc();
	const first = elsewhere(store, other, 'a');
	const room = new Room('b1', 'shared', { db: t.db, docs: store, relay, commits, log: silentLog, compactAfterBytes: 1 << 20 });
	cleanups.push(() => {
		room.destroy();
		t.cleanup();
	});
	await room.load();
	const peer = fakePeer('user:r');
	room.addPeer(peer);
	return { store, published, room, other, first, peer, commits };
}

describe('room: relayed updates between nodes', () => {
	it('applies a relayed update and sends it to its sockets; a repeat is ignored', async () => {
		const { store, room, other, peer } = await setup();
		expect(readNote(room.doc)).toBe('a');
		const next = elsewhere(store, other, 'b');
		const sentBefore = peer.sent.length;
		room.receiveRemote(next.seq, next.update);
		expect(readNote(room.doc)).toBe('ab');
		expect(peer.sent.length).toBe(sentBefore + 1);
		room.receiveRemote(next.seq, next.update);
		expect(peer.sent.length).toBe(sentBefore + 1);
		expect(store.sinceCalls).toBe(0);
	});

	it('a gap in the seqs (a lost message) is filled from storage', async () => {
		const { store, room, other } = await setup();
		elsewhere(store, other, 'b'); // seq 2: never relayed
		const third = elsewhere(store, other, 'c');
		room.receiveRemote(third.seq, third.update);
		// Yjs holds "c" back until "b" is there: read back from storage shortly.
		await expect.poll(() => readNote(room.doc), { timeout: 1_000, interval: 10 }).toBe('abc');
		expect(store.sinceCalls).toBe(1);
	});

	it('a stored head still ahead of the copy at the next check (its message lost) catches up; one only just ahead waits for its message', async () => {
		const { store, room, other } = await setup();
		const lost = elsewhere(store, other, 'b');
		room.remoteHead(lost.seq); // just stored: its message may be on its way
		expect(store.sinceCalls).toBe(0);
		room.remoteHead(lost.seq); // a whole check later and still not here: lost
		await expect.poll(() => readNote(room.doc), { timeout: 1_000, interval: 10 }).toBe('ab');
		expect(store.sinceCalls).toBe(1);
		room.remoteHead(lost.seq); // level: nothing to read
		const next = elsewhere(store, other, 'c');
		room.remoteHead(next.seq);
		room.receiveRemote(next.seq, next.update); // arrives before the next check
		room.remoteHead(next.seq);
		expect(readNote(room.doc)).toBe('abc');
		expect(store.sinceCalls).toBe(1);
	});

	it('publishes what it commits, with the seq the store gave it, after the commit', async () => {
		const { room, published, commits, store } = await setup();
		const writer = fakePeer('user:w');
		room.addPeer(writer);
		const d = new Y.Doc();
		Y.applyUpdate(d, Y.encodeStateAsUpdate(room.doc));
		const before = Y.encodeStateVector(d);
		noteText(d).insert(1, 'z');
		// (The load may have stored a schema migration already: published with its seq too.)
		published.splice(0);
		room.receiveUpdate(writer, Y.encodeStateAsUpdate(d, before), WRITER);
		expect(published).toEqual([]);
		await commits.whenIdle();
		expect(published.map((p) => p.seq)).toEqual([store.rows.get('b1/shared')!.length]);
	});

	it('a gap while a commit of its own is in flight waits for that commit (its numbers), and reads nothing back', async () => {
		const { room, store, other, commits } = await setup();
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			let release!: () => void;
			const gate = new Promise<void>((r) => (release = r));
			const append = store.append.bind(store);
			store.append = async (batch) => {
				const seqs = (await append(batch)) as readonly number[];
				await gate;
				return seqs;
			};
			const writer = fakePeer('user:w');
			room.addPeer(writer);
			const d = new Y.Doc();
			Y.applyUpdate(d, Y.encodeStateAsUpdate(room.doc));
			const before = Y.encodeStateVector(d);
			noteText(d).insert(0, '>');
			const stored = store.rows.get('b1/shared')!.length;
			room.receiveUpdate(writer, Y.encodeStateAsUpdate(d, before), WRITER);
			// Our row is numbered in storage; the answer has not come back when the other node's next one arrives.
			await expect.poll(() => store.rows.get('b1/shared')!.length).toBe(stored + 1);
			const theirs = elsewhere(store, other, 'b');
			room.receiveRemote(theirs.seq, theirs.update);
			vi.advanceTimersByTime(500);
			expect(store.sinceCalls).toBe(0);
			release();
			await commits.whenIdle();
			vi.advanceTimersByTime(500);
			expect(store.sinceCalls).toBe(0);
			expect(readNote(room.doc)).toBe('>ab');
		} finally {
			vi.useRealTimers();
		}
	});
});
