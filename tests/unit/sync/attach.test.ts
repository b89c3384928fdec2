import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/server/config.ts';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { boardMembers } from '../../../src/lib/server/db/schema.ts';
import { loadDoc, logRows } from '../../../src/lib/server/docStore.ts';
import { boardPresence, liveHub, notifyAccessChanged } from '../../../src/lib/server/live.ts';
import { startSync, type SyncServer } from '../../../server/sync/attach.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { World, type SeededBoard } from '../../integration/helpers/seed.ts';
import { openClient, waitFor, type TestClient } from '../../integration/helpers/clients.ts';
import { noteText, readNote, tempDb, WRITER, OBSERVER } from './helpers.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

// The sync server in this process, for what another process cannot reach: the live hub.
describe('startSync: live hub', () => {
	let t: ReturnType<typeof tempDb>;
	let world: World;
	let sync: SyncServer;
	let httpServer: http.Server;
	let target: { origin: string; syncUrl: string };
	let b: SeededBoard;
	const clients: TestClient[] = [];
	const open = (room: string, token: string) => {
		const c = openClient(target, room, token);
		clients.push(c);
		return c;
	};

	beforeEach(async () => {
		t = tempDb();
		world = new World(t.file);
		b = world.addBoard();
		httpServer = http.createServer((_req, res) => res.end());
		await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
		const port = (httpServer.address() as AddressInfo).port;
		target = { origin: `http://127.0.0.1:${port}`, syncUrl: `ws://127.0.0.1:${port}/sync` };
		// No periodic re-check: only the hub's accessChanged can close sockets here.
		const config = { ...loadConfig({}), origin: target.origin, accessRecheckMs: 0, roomGraceMs: 10 };
		sync = startSync({ config, db: t.db, log: silentLog });
		httpServer.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
	});

	afterEach(async () => {
		for (const c of clients.splice(0)) c.destroy();
		await sync.close();
		await new Promise((r) => httpServer.close(r));
		world.close();
		t.cleanup();
	});

	it('lists the distinct people connected to a board', async () => {
		const a = open(docName(b.boardId, 'shared'), b.tokens.facilitator);
		const a2 = open(docName(b.boardId, 'internal'), b.tokens.facilitator);
		const g = open(docName(b.boardId, 'shared'), b.tokens.clientGuest);
		await Promise.all([a.synced(), a2.synced(), g.synced()]);
		const people = boardPresence(b.boardId);
		expect(people.map((p) => `${p.kind}:${p.name}:${p.side}`).sort()).toEqual(['guest:Client exec:client', 'user:facilitator:supplier']);
		g.destroy();
		await waitFor(() => boardPresence(b.boardId).length === 1, 'guest gone from presence');
	});

	it('closes sockets at once when a route reports an access change', async () => {
		const p = open(docName(b.boardId, 'shared'), b.tokens.participant);
		await p.synced();
		world.db
			.insert(boardMembers)
			.values({ boardId: b.boardId, userId: world.userId('participant'), role: 'removed', side: 'supplier', updatedAt: Date.now() })
			.run();
		notifyAccessChanged(b.boardId);
		await waitFor(() => p.closes.length > 0, 'close', 1_000);
		expect(p.closes[0].code).toBe(4403);
	});

	it('board deletion closes its sockets (4404) and leaves no documents behind', async () => {
		const a = open(docName(b.boardId, 'shared'), b.tokens.facilitator);
		await a.synced();
		a.text.insert(0, 'x');
		liveHub()!.boardDeleted!(b.boardId);
		await waitFor(() => a.closes.length > 0, 'close', 1_000);
		expect(a.closes[0].code).toBe(4404);
		expect(loadDoc(t.db, docName(b.boardId, 'shared'))).toBeNull();
		expect(sync.stats().rooms).toBe(0);
	});

	it('close() says 1012 to clients, snapshots, and unregisters the hub', async () => {
		const a = open(docName(b.boardId, 'shared'), b.tokens.facilitator);
		await a.synced();
		a.text.insert(0, 'bye');
		const logged = () => logRows(t.db, docName(b.boardId, 'shared')).length;
		await waitFor(() => logged() > 0, 'update stored');
		await sync.close();
		await waitFor(() => a.closes.length > 0, 'close', 1_000);
		expect(a.closes[0].code).toBe(1012);
		expect(liveHub()).toBeNull();
		expect(logged()).toBe(0); // folded into the snapshot
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, docName(b.boardId, 'shared'))!);
		expect(readNote(stored)).toBe('bye');
	});
});
