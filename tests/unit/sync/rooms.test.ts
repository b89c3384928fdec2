import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { Rooms } from '../../../server/sync/rooms.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { appendUpdate, loadDoc, logRows, seedDoc } from '../../../src/lib/server/docStore.ts';
import { docQuarantine, docSnapshots } from '../../../src/lib/server/db/schema.ts';
import { schemaVersionOf } from '../../../src/lib/board/doc/schema.ts';
import { fakePeer, noteText, readNote, tempDb, WRITER, type FakePeer } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function edit(text: string): Uint8Array {
	const d = new Y.Doc();
	noteText(d).insert(0, text);
	return Y.encodeStateAsUpdate(d);
}

describe('room lifecycle', () => {
	let t: ReturnType<typeof tempDb>;
	let rooms: Rooms<FakePeer>;
	const make = (graceMs = 20, compactAfterBytes = 1 << 20) => new Rooms<FakePeer>(graceMs, { db: t.db, log: silentLog, compactAfterBytes });
	beforeEach(() => {
		t = tempDb();
		rooms = make();
	});
	afterEach(() => {
		rooms.closeAll();
		t.cleanup();
	});

	it('loads a document once however many sockets join at the same moment', async () => {
		seedDoc(t.db, 'b1/shared', edit('seeded'));
		const joined = Array.from({ length: 20 }, () => rooms.acquire('b1', 'shared'));
		expect(new Set(joined).size).toBe(1);
		await Promise.all(joined.map((r) => r.load()));
		expect(rooms.loads).toBe(1);
		expect(joined[0].holders).toBe(20);
		expect(readNote(joined[0].doc)).toBe('seeded');
	});

	it('runs the migration after loading and stores what it wrote', async () => {
		const room = rooms.acquire('b1', 'shared');
		await room.load();
		expect(schemaVersionOf(room.doc)).toBeGreaterThan(0);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, 'b1/shared')!);
		expect(schemaVersionOf(stored)).toBe(schemaVersionOf(room.doc));
	});

	it('unloads after the grace period once the last socket left, writing a snapshot', async () => {
		const room = rooms.acquire('b1', 'shared');
		await room.load();
		const peer = fakePeer();
		room.addPeer(peer);
		expect(room.receiveUpdate(peer, edit('kept'), WRITER)).toBe('applied');
		room.removePeer(peer);
		rooms.release(room);
		expect(rooms.byName.size).toBe(1); // still within the grace period
		await sleep(60);
		expect(rooms.byName.size).toBe(0);
		expect(logRows(t.db)).toHaveLength(0);
		expect(t.db.select().from(docSnapshots).where(eq(docSnapshots.docName, 'b1/shared')).get()).toBeTruthy();
		const again = make().acquire('b1', 'shared');
		await again.load();
		expect(readNote(again.doc)).toBe('kept');
	});

	it('a socket joining within the grace period keeps the same room', async () => {
		const room = rooms.acquire('b1', 'shared');
		await room.load();
		rooms.release(room);
		await sleep(5);
		expect(rooms.acquire('b1', 'shared')).toBe(room);
		await sleep(60);
		expect(rooms.byName.get('b1/shared')).toBe(room);
		expect(rooms.loads).toBe(1);
	});

	it('compacts when the log passes the threshold and keeps the content', async () => {
		rooms = make(20, 200);
		const room = rooms.acquire('b1', 'shared');
		await room.load();
		const peer = fakePeer();
		room.addPeer(peer);
		const writer = new Y.Doc();
		writer.on('update', (u: Uint8Array) => room.receiveUpdate(peer, u, WRITER));
		for (let i = 0; i < 50; i++) noteText(writer).insert(0, `line ${i}\n`);
		await sleep(0);
		expect(t.db.select().from(docSnapshots).all().length).toBe(1);
		expect(logRows(t.db).length).toBeLessThan(50);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, 'b1/shared')!);
		expect(readNote(stored)).toBe(readNote(writer));
	});

	it('loads around a corrupt stored row, sets it aside and says so once', async () => {
		seedDoc(t.db, 'b1/shared', edit('precious'));
		const bad = appendUpdate(t.db, 'b1/shared', new Uint8Array([9, 9, 9, 9]));
		const logged: string[] = [];
		rooms = new Rooms<FakePeer>(20, { db: t.db, log: (_level, message) => void logged.push(message), compactAfterBytes: 1 << 20 });
		const room = rooms.acquire('b1', 'shared');
		await room.load();
		expect(readNote(room.doc)).toBe('precious');
		expect(logged.filter((m) => m.includes('set aside'))).toHaveLength(1);
		expect(t.db.select().from(docQuarantine).all()).toHaveLength(1);
		expect(logRows(t.db).map((r) => r.seq)).not.toContain(bad);
		rooms.release(room);
	});
});
