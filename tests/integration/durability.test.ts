import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf } from './helpers/seed.ts';
import { waitFor, webSocketWith } from './helpers/clients.ts';
import { noteText, readNote } from '../unit/sync/helpers.ts';
import { openDb } from '../../src/lib/server/db/index.ts';
import { loadDoc } from '../../src/lib/server/docStore.ts';
import { isSilent, SaveTracker, SILENCE_MS, trackingWebSocket, trackSaves } from '../../src/lib/board/client/saveTracker.ts';

const LOCAL = Symbol('local edit');
const servers: ServerProcess[] = [];
const worlds: World[] = [];
const providers: WebsocketProvider[] = [];

async function serverWith(env: Record<string, string> = {}) {
	const server = new ServerProcess(env);
	servers.push(server);
	const world = new World(server.dbPath);
	worlds.push(world);
	await server.start();
	return { server, world };
}

/** The y-websocket client as the board uses it: acknowledgements counted by a SaveTracker. */
function trackedClient(server: ServerProcess, room: string, token: string) {
	const doc = new Y.Doc();
	const tracker = new SaveTracker(() => {});
	const base = webSocketWith({ Origin: server.origin, Cookie: cookieOf(token) }) as unknown as typeof WebSocket;
	const provider = new WebsocketProvider(server.syncUrl, room, doc, {
		WebSocketPolyfill: trackingWebSocket(base, tracker),
		disableBc: true,
		maxBackoffTime: 300
	});
	providers.push(provider);
	trackSaves(provider, tracker, LOCAL);
	const synced = () => (provider.synced ? Promise.resolve() : new Promise<void>((r) => provider.once('sync', (s: boolean) => s && r())));
	const edit = (fn: (text: Y.Text) => void) => doc.transact(() => fn(noteText(doc)), LOCAL);
	return { doc, provider, tracker, synced, edit };
}

/** What is on disk, read through a fresh connection (as a restarted server would). */
function storedNote(file: string, room: string): string {
	const db = openDb(file, 'server/migrations');
	try {
		const doc = new Y.Doc();
		const state = loadDoc(db, room);
		if (state) Y.applyUpdate(doc, state);
		return readNote(doc);
	} finally {
		db.$client.close();
	}
}

afterEach(() => {
	for (const p of providers.splice(0)) {
		p.destroy();
		p.doc.destroy();
	}
});

afterAll(async () => {
	for (const w of worlds) w.close();
	for (const s of servers) await s.dispose();
});

describe('durability and saved acknowledgements (real process)', () => {
	it('acknowledges a change only once its row is on disk', async () => {
		const { server, world } = await serverWith();
		const b = world.addBoard();
		const room = `${b.boardId}/shared`;
		const c = trackedClient(server, room, b.tokens.participant);
		await c.synced();
		// At the moment each acknowledgement is handled, look at the disk.
		const handler = c.provider.messageHandlers[4];
		const onDiskAtAck: string[] = [];
		c.provider.messageHandlers[4] = (...args) => {
			handler(...args);
			if (c.tracker.unsaved === 0) onDiskAtAck.push(storedNote(server.dbPath, room));
		};
		c.edit((t) => t.insert(0, 'stored first'));
		expect(c.tracker.unsaved).toBe(1);
		await waitFor(() => c.tracker.unsaved === 0, 'the saved acknowledgement');
		expect(onDiskAtAck[0]).toBe('stored first');
	});

	it('sends a heartbeat; a stalled server (SIGSTOP) is noticed within 5 s and edits made meanwhile count as unsaved until it is back', async () => {
		const { server, world } = await serverWith({ SYNC_HEARTBEAT_MS: '2000' });
		const b = world.addBoard();
		const c = trackedClient(server, `${b.boardId}/shared`, b.tokens.participant);
		await c.synced();
		let heartbeats = 0;
		const handler = c.provider.messageHandlers[4];
		c.provider.messageHandlers[4] = (...args) => {
			heartbeats++;
			handler(...args);
		};
		// A quiet board: only heartbeats keep the link from looking dead.
		await waitFor(() => heartbeats >= 3, 'three heartbeats', 8_000);
		expect(isSilent(c.provider)).toBe(false);
		server.signal('SIGSTOP');
		const stoppedAt = Date.now();
		try {
			c.edit((t) => t.insert(0, 'typed into the void'));
			await waitFor(() => isSilent(c.provider), 'the silence to be noticed', SILENCE_MS + 2_500);
			// The last heartbeat came at most 2 s before the stop: silence shows within 5 s of it.
			expect(Date.now() - stoppedAt).toBeLessThanOrEqual(SILENCE_MS + 1_000);
			expect(c.tracker.unsaved).toBe(1);
		} finally {
			server.signal('SIGCONT');
		}
		// What the board's watchdog does: drop the silent socket and connect again.
		c.provider.disconnect();
		c.provider.connect();
		await waitFor(() => c.tracker.unsaved === 0, 'the change to be saved after the server came back', 10_000);
		expect(storedNote(server.dbPath, `${b.boardId}/shared`)).toBe('typed into the void');
	});

	for (const stage of ['before', 'after'] as const) {
		it(`kill -9 ${stage} a commit: everything any client received is on disk`, async () => {
			const { server, world } = await serverWith({ TANDEM_DEBUG_CRASH: `${stage}-commit:15` });
			const b = world.addBoard();
			const room = `${b.boardId}/shared`;
			const writer = trackedClient(server, room, b.tokens.participant);
			const reader = trackedClient(server, room, b.tokens.facilitator);
			await Promise.all([writer.synced(), reader.synced()]);
			const exited = server.exited();
			let n = 0;
			const typing = setInterval(() => writer.edit((t) => t.insert(t.length, String(n++ % 10))), 5);
			await exited;
			clearInterval(typing);
			const seen = readNote(reader.doc);
			const stored = storedNote(server.dbPath, room);
			expect(seen.length).toBeGreaterThan(0);
			expect(stored.startsWith(seen)).toBe(true);
			// The crash hit mid-stream: the batch being committed was never seen by anyone.
			if (stage === 'after') expect(stored.length).toBeGreaterThan(seen.length);
			else expect(readNote(writer.doc).length).toBeGreaterThan(stored.length);
		});
	}
});
