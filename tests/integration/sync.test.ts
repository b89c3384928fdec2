import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noteText, readNote } from '../unit/sync/helpers.ts';
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf, type SeededBoard } from './helpers/seed.ts';
import { closeOf, openClient, openRaw, sleep, upgradeStatus, waitFor, type TestClient } from './helpers/clients.ts';
import { appendUpdate, loadDoc, logRows } from '../../src/lib/server/docStore.ts';
import { boardMembers, boards, docQuarantine, guests, sessions } from '../../src/lib/server/db/schema.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

let server: ServerProcess;
let world: World;
const clients: TestClient[] = [];

function open(room: string, token: string): TestClient {
	const c = openClient(server, room, token);
	clients.push(c);
	return c;
}

/** The text as stored on disk right now (snapshot + log). */
function storedText(room: string): string {
	const doc = new Y.Doc();
	const state = loadDoc(world.db, room);
	if (state) Y.applyUpdate(doc, state);
	return readNote(doc);
}

function freshBoard(): { b: SeededBoard; room: string } {
	const b = world.addBoard();
	return { b, room: docName(b.boardId, 'shared') };
}

beforeAll(async () => {
	server = new ServerProcess();
	world = new World(server.dbPath);
	await server.start();
});

afterEach(() => {
	for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
	world?.close();
	await server?.dispose();
});

describe('sync server (real process)', () => {
	it('two clients converge, a late joiner gets everything, activity is recorded', async () => {
		const { b, room } = freshBoard();
		const a = open(room, b.tokens.facilitator);
		const p = open(room, b.tokens.participant);
		await Promise.all([a.synced(), p.synced()]);
		a.text.insert(0, 'from A. ');
		await waitFor(() => p.note().includes('from A'), 'A → B');
		p.text.insert(p.text.length, 'from B.');
		await waitFor(() => a.note() === 'from A. from B.', 'B → A');
		const late = open(room, b.tokens.clientGuest);
		await late.synced();
		expect(late.note()).toBe('from A. from B.');
		expect(late.doc.getMap('meta').get('schemaVersion')).toBe(1); // the server-side seed
		const board = world.db.select().from(boards).where(eq(boards.id, b.boardId)).get()!;
		expect(board.lastActivityAt).toBeGreaterThan(board.createdAt);
	});

	it('refuses unauthorized upgrades before the socket exists, loading nothing', async () => {
		const { b, room } = freshBoard();
		const before = (await server.metrics()).loads;
		expect(await upgradeStatus(server, room, null)).toBe(401);
		expect(await upgradeStatus(server, room, 'not-a-session-token')).toBe(401);
		expect(await upgradeStatus(server, room, b.tokens.facilitator, 'http://evil.example')).toBe(403);
		expect(await upgradeStatus(server, room, b.tokens.outsider)).toBe(404);
		expect(await upgradeStatus(server, 'nosuchboard/shared', b.tokens.facilitator)).toBe(404);
		expect(await upgradeStatus(server, `${b.boardId}/secret`, b.tokens.facilitator)).toBe(404);
		expect(await upgradeStatus(server, docName(b.boardId, 'internal'), b.tokens.clientGuest)).toBe(403);
		expect((await server.metrics()).loads).toBe(before);
		// The same requests with the right credentials go through.
		expect(await upgradeStatus(server, docName(b.boardId, 'internal'), b.tokens.facilitator)).toBe(101);
		expect(await upgradeStatus(server, `${room}?ignored=1`, b.tokens.clientGuest)).toBe(101);
	});

	it('a malformed, an unknown and an oversized message close only their sender', async () => {
		const { b, room } = freshBoard();
		const a = open(room, b.tokens.facilitator);
		const p = open(room, b.tokens.participant);
		await Promise.all([a.synced(), p.synced()]);
		const rowsBefore = logRows(world.db, room).length;

		const garbage = await openRaw(server, room, b.tokens.participant);
		const garbageClosed = closeOf(garbage);
		garbage.send(new Uint8Array([0, 2, 6, 200, 200, 200, 200, 200, 1])); // an "update" that is not one
		expect((await garbageClosed).code).toBe(1002);

		const unknown = await openRaw(server, room, b.tokens.participant);
		const unknownClosed = closeOf(unknown);
		unknown.send(new Uint8Array([42]));
		expect((await unknownClosed).code).toBe(1003);

		const big = await openRaw(server, room, b.tokens.participant);
		const bigClosed = closeOf(big);
		big.send(new Uint8Array(1024 * 1024 + 1));
		expect((await bigClosed).code).toBe(1009);

		a.doc.transact(() => a.text.insert(0, 'still syncing')); // one update: the goal and its text
		await waitFor(() => p.note() === 'still syncing', 'sync after the bad sockets');
		expect([...a.closes, ...p.closes]).toEqual([]);
		expect(logRows(world.db, room)).toHaveLength(rowsBefore + 1);
	});

	it("refuses an observer's change: it reaches neither other clients nor disk", async () => {
		const { b, room } = freshBoard();
		const a = open(room, b.tokens.facilitator);
		const p = open(room, b.tokens.participant);
		const o = open(room, b.tokens.observer);
		await Promise.all([a.synced(), p.synced(), o.synced()]);
		noteText(o.doc, 'g-observer').insert(0, 'observer was here');
		await waitFor(() => o.denied.length > 0, 'permission denied');
		expect(o.denied[0]).toMatch(/read-only/);
		// Sent after the refusal, so it is broadcast after the observer's update would have been.
		a.text.insert(0, 'after');
		await waitFor(() => p.note().includes('after') && o.note().includes('after'), 'marker');
		expect(a.note()).toBe('after');
		expect(p.note()).toBe('after');
		expect(storedText(room)).toBe('after');
		expect(o.closes).toEqual([]); // still connected, still receiving
		const fresh = open(room, b.tokens.participant);
		await fresh.synced();
		expect(fresh.note()).toBe('after');
	});

	it('closes the socket of a guest whose link was revoked, within seconds', async () => {
		const { b, room } = freshBoard();
		const g = open(room, b.tokens.clientGuest);
		await g.synced();
		world.db.transaction((tx) => {
			tx.update(guests).set({ removedAt: Date.now() }).where(eq(guests.id, b.clientGuestId)).run();
			tx.delete(sessions).where(eq(sessions.guestId, b.clientGuestId)).run();
		});
		await waitFor(() => g.closes.length > 0, 'guest socket closed', 5_000);
		expect(g.closes[0]).toEqual({ code: 4401, reason: 'session ended' });
		expect(g.provider.shouldConnect).toBe(false); // 44xx: the client does not reconnect
	});

	it('applies role changes to open sockets: demoted becomes read-only, removed is closed', async () => {
		const { b, room } = freshBoard();
		const p = open(room, b.tokens.participant);
		await p.synced();
		const participantId = world.userId('participant');
		const setRole = (role: 'observer' | 'removed') =>
			world.db
				.insert(boardMembers)
				.values({ boardId: b.boardId, userId: participantId, role, side: 'supplier', updatedAt: Date.now() })
				.onConflictDoUpdate({ target: [boardMembers.boardId, boardMembers.userId], set: { role } })
				.run();
		setRole('observer');
		await sleep(1_000); // a few re-check rounds
		p.text.insert(0, 'demoted');
		await waitFor(() => p.denied.length > 0, 'refusal after demotion');
		expect(storedText(room)).toBe('');
		setRole('removed');
		await waitFor(() => p.closes.length > 0, 'removed member closed', 5_000);
		expect(p.closes[0]).toEqual({ code: 4403, reason: 'access revoked' });
		expect(world.db.select().from(boardMembers).where(and(eq(boardMembers.boardId, b.boardId), eq(boardMembers.userId, participantId))).get()?.role).toBe('removed');
	});

	it('drops a connection that stops answering pings', async () => {
		const { b, room } = freshBoard();
		const silent = await openRaw(server, room, b.tokens.participant, { autoPong: false });
		const closed = closeOf(silent);
		const alive = await openRaw(server, room, b.tokens.participant);
		const { code } = await closed;
		expect(code).toBe(1006); // terminated without a closing handshake
		expect(alive.readyState).toBe(alive.OPEN);
		alive.close();
	});

	it('loads a document around a stored row that does not apply, and sets that row aside', async () => {
		const { b, room } = freshBoard();
		const writer = open(room, b.tokens.facilitator);
		await writer.synced();
		writer.text.insert(0, 'kept');
		await waitFor(() => storedText(room) === 'kept', 'stored');
		writer.destroy();
		await waitFor(async () => (await server.metrics()).rooms === 0, 'room unloaded', 3_000);
		const bad = appendUpdate(world.db, room, new Uint8Array([1, 1, 250, 250, 250, 3]));
		const a = open(room, b.tokens.facilitator);
		await a.synced();
		expect(a.note()).toBe('kept');
		expect(a.closes).toEqual([]);
		const aside = world.db.select().from(docQuarantine).where(eq(docQuarantine.docName, room)).all();
		expect(aside.map((r) => r.seq)).toEqual([bad]);
		expect(logRows(world.db).filter((r) => r.seq === bad)).toEqual([]);
		expect(server.log).toContain('set aside');
		// The facilitator is told on the board page; a participant is not.
		const dataOf = async (token: string) => (await fetch(`${server.origin}/boards/${b.boardId}/__data.json`, { headers: { cookie: cookieOf(token) } })).text();
		expect(await dataOf(b.tokens.facilitator)).toContain(aside[0].reason);
		expect(await dataOf(b.tokens.participant)).not.toContain(aside[0].reason);
	});

	it('20 clients joining at once cause exactly one load', async () => {
		const { b, room } = freshBoard();
		const before = (await server.metrics()).loads;
		const many = Array.from({ length: 20 }, (_, i) => open(room, i % 2 ? b.tokens.participant : b.tokens.clientGuest));
		await Promise.all(many.map((c) => c.synced()));
		const after = await server.metrics();
		expect(after.loads - before).toBe(1);
		many[0].text.insert(0, 'hello all');
		await waitFor(() => many.every((c) => c.note() === 'hello all'), 'fan-out');
	});

	it('an update another client has received survives kill -9', async () => {
		const { b, room } = freshBoard();
		const a = open(room, b.tokens.facilitator);
		const p = open(room, b.tokens.participant);
		await Promise.all([a.synced(), p.synced()]);
		// Crash the server the moment the second client has the update.
		p.doc.on('update', () => {
			if (p.note().includes('survives')) server.killNow();
		});
		a.text.insert(0, 'survives kill -9');
		expect(await server.exited()).toBeNull(); // killed by the signal
		await server.start();
		const fresh = open(room, b.tokens.participant);
		await fresh.synced();
		expect(fresh.note()).toBe('survives kill -9');
	});

	it('SIGTERM closes clients with 1012, flushes snapshots and exits 0', async () => {
		const { b, room } = freshBoard();
		const a = open(room, b.tokens.facilitator);
		const p = open(room, b.tokens.participant);
		await Promise.all([a.synced(), p.synced()]);
		a.text.insert(0, 'flushed');
		await waitFor(() => p.note() === 'flushed', 'update');
		expect(logRows(world.db, room).length).toBeGreaterThan(0);
		expect(await server.stop('SIGTERM')).toBe(0);
		await waitFor(() => a.closes.length > 0 && p.closes.length > 0, 'close events');
		expect(a.closes[0].code).toBe(1012);
		expect(p.closes[0].code).toBe(1012);
		expect(logRows(world.db, room)).toHaveLength(0);
		expect(storedText(room)).toBe('flushed');
	});
});
