import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf } from './helpers/seed.ts';
import { openClient, waitFor, type TestClient } from './helpers/clients.ts';
import { addInviteWithGuest, dumpDb, storedDoc } from './helpers/cast.ts';
import { boards, docQuarantine } from '../../src/lib/server/db/schema.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { readNote } from '../unit/sync/helpers.ts';

// A board's life cycle against the real server: archiving makes open sockets read-only (and back),
// deleting closes them with 4404 and leaves nothing of the board in any table.

let server: ServerProcess;
let world: World;
const clients: TestClient[] = [];
const open = (room: string, token: string) => {
	const c = openClient(server, room, token);
	clients.push(c);
	return c;
};

beforeAll(async () => {
	server = new ServerProcess();
	await server.start();
	world = new World(server.dbPath);
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	world?.close();
	await server?.dispose();
});

const post = (path: string, token: string, form: Record<string, string> = {}) =>
	fetch(server.origin + path, {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: server.origin, cookie: cookieOf(token) },
		body: new URLSearchParams(form)
	});
const storedNote = (boardId: string) => readNote(storedDoc(world.db, boardId, 'shared'));

describe('archiving', () => {
	it('an open y-websocket client is refused (permission denied) while archived and writes again after restore', async () => {
		const b = world.addBoard();
		const p = open(`${b.boardId}/shared`, b.tokens.participant);
		const g = open(`${b.boardId}/shared`, b.tokens.clientGuest);
		await Promise.all([p.synced(), g.synced()]);
		p.text.insert(0, 'before ');
		await waitFor(() => storedNote(b.boardId) === 'before ', 'first edit stored');

		expect((await post(`/boards/${b.boardId}?/archive`, b.tokens.facilitator)).status).toBe(200);
		// The server asks the clients to reconnect with the new access (4100); they do by themselves.
		await waitFor(() => p.closes.some((c) => c.code === 4100) && g.closes.some((c) => c.code === 4100), 'reconnect on archive');
		expect(p.closes.find((c) => c.code === 4100)?.reason).toBe('board archived');
		await waitFor(() => p.provider.wsconnected && p.provider.synced, 'participant reconnected');
		await waitFor(() => g.provider.wsconnected && g.provider.synced, 'guest reconnected');
		p.text.insert(p.text.length, 'archived');
		await waitFor(() => p.denied.length > 0, 'participant refused');
		expect(p.denied[0]).toMatch(/read-only/);
		g.text.insert(0, 'guest ');
		await waitFor(() => g.denied.length > 0, 'guest refused');
		expect(storedNote(b.boardId)).toBe('before ');

		// A second archive (a double submit) changes nothing and closes nothing.
		const row = () => world.db.select().from(boards).where(eq(boards.id, b.boardId)).get()!;
		const archivedAt = row().archivedAt;
		expect(archivedAt).not.toBeNull();
		const closesSoFar = p.closes.length;
		expect((await post(`/boards/${b.boardId}?/archive`, b.tokens.facilitator)).status).toBe(200);
		expect(row().archivedAt).toBe(archivedAt);

		expect((await post(`/boards/${b.boardId}?/restore`, b.tokens.facilitator)).status).toBe(200);
		await waitFor(() => p.closes.length > closesSoFar && p.closes.at(-1)!.reason === 'board restored', 'reconnect on restore');
		expect(row().archivedAt).toBeNull();
		// A fresh client (the old one's refused change is in its history) writes again.
		const q = open(`${b.boardId}/shared`, b.tokens.participant);
		await q.synced();
		q.text.insert(q.text.length, 'after');
		await waitFor(() => storedNote(b.boardId) === 'before after', 'write after restore stored');
		expect(q.denied).toEqual([]);
	});

	it('a client that connects to an archived board is read-only from the start', async () => {
		const b = world.addBoard();
		world.db.update(boards).set({ archivedAt: Date.now(), archivedBy: world.userId('facilitator'), archivedByName: 'facilitator' }).where(eq(boards.id, b.boardId)).run();
		const f = open(`${b.boardId}/shared`, b.tokens.facilitator);
		await f.synced();
		f.text.insert(0, 'nope');
		await waitFor(() => f.denied.length > 0, 'facilitator refused on an archived board');
		expect(storedNote(b.boardId)).toBe('');
	});
});

describe('deleting', () => {
	it('closes every socket of the board with 4404 and leaves nothing stored', async () => {
		const b = world.addBoard();
		const keep = world.addBoard();
		const invite = addInviteWithGuest(world.db, b.boardId, world.userId('facilitator'), 'Link guest');
		const s = open(`${b.boardId}/shared`, b.tokens.participant);
		const i = open(`${b.boardId}/internal`, b.tokens.facilitator);
		const g = open(`${b.boardId}/shared`, invite.guestToken);
		const other = open(`${keep.boardId}/shared`, keep.tokens.participant);
		await Promise.all([s.synced(), i.synced(), g.synced(), other.synced()]);
		s.text.insert(0, 'some work');
		await waitFor(() => storedNote(b.boardId) === 'some work', 'edit stored');
		world.db.insert(docQuarantine).values({ docName: docName(b.boardId, 'shared'), source: 'log', seq: 1, data: Buffer.from([0]), reason: 'test', createdAt: 0 }).run();

		// Without the confirmation nothing happens.
		const before = dumpDb(world.db);
		expect((await post(`/boards/${b.boardId}?/delete`, b.tokens.facilitator)).status).toBe(400);
		expect(dumpDb(world.db)).toEqual(before);

		const res = await post(`/boards/${b.boardId}?/delete`, b.tokens.facilitator, { confirm: 'delete' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/accounts\//);
		for (const c of [s, i, g]) await waitFor(() => c.closes.length > 0, 'socket closed');
		for (const c of [s, i, g]) expect(c.closes[0]).toEqual({ code: 4404, reason: 'board deleted' });
		for (const c of [s, i, g]) expect(c.provider.shouldConnect).toBe(false);
		expect(other.closes).toEqual([]);

		// Nothing in any table mentions the board or its documents any more.
		const all = dumpDb(world.db);
		const mentions = Object.entries(all).flatMap(([table, rows]) =>
			rows.filter((r) => Object.values(r as Record<string, unknown>).some((v) => typeof v === 'string' && (v.includes(b.boardId) || v === invite.guestId || v === invite.id))).map(() => table)
		);
		expect(mentions).toEqual([]);
		// The guest's session is gone too: its token no longer opens anything.
		expect((await fetch(`${server.origin}/boards/${b.boardId}/access`, { headers: { cookie: cookieOf(invite.guestToken) } })).status).toBe(401);
		// A second delete (a double submit) finds no board.
		expect((await post(`/boards/${b.boardId}?/delete`, b.tokens.facilitator, { confirm: 'delete' })).status).toBe(404);
		// The other board is untouched and still live.
		other.text.insert(0, 'still here');
		await waitFor(() => storedNote(keep.boardId) === 'still here', 'other board writes');
	});
});
