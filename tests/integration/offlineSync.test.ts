import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ServerProcess } from './helpers/server.ts';
import { World } from './helpers/seed.ts';
import { openClient, waitFor, type TestClient } from './helpers/clients.ts';
import { noteText } from '../fixtures/notes.ts';
import { BOARD_LIMITS } from '../../src/lib/board/model/limits.ts';
import { loadDoc } from '../../src/lib/server/docStore.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { sendStep2InChunks, SYNC_CHUNK_BYTES } from '../../src/lib/board/client/chunkedSync.ts';

// Part 5 of #15: changes made offline reach the server whatever their size. The server keeps its
// default 1 MiB message limit; the changes here are a board full of goals (BOARD_LIMITS.goals),
// about 1.2 MB.

let server: ServerProcess;
let world: World;
const clients: TestClient[] = [];

const GOALS = BOARD_LIMITS.goals;
const TEXT = 3_900; // under the co-edited text cap (BOARD_LIMITS.coEditedText)

/** About 1.2 MB of schema-valid goals (over the 1 MiB message limit), written into `doc` while it is not connected. */
function offlineWork(doc: Y.Doc): void {
	for (let i = 0; i < GOALS; i++) noteText(doc, `g-off-${i}`).insert(0, `${i}`.padEnd(TEXT, 'x'));
}

const goalsOf = (doc: Y.Doc) => doc.getMap('goals').toJSON();

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

describe('offline changes of any size (real process, 1 MiB limit)', () => {
	it('the stock provider sends them as one message, refused on every reconnect', async () => {
		const b = world.addBoard();
		const c = openClient(server, docName(b.boardId, 'shared'), b.tokens.facilitator);
		clients.push(c);
		offlineWork(c.doc);
		expect(Y.encodeStateAsUpdate(c.doc).byteLength).toBeGreaterThan(2 ** 20);
		await waitFor(() => c.closes.filter((e) => e.code === CLOSE.tooBig).length >= 2, 'refused twice', 15_000);
	});

	it('over 1 MiB of offline changes sync in parts after reconnecting; a fresh client and the stored doc have all of it', async () => {
		const b = world.addBoard();
		const room = docName(b.boardId, 'shared');
		const c = openClient(server, room, b.tokens.facilitator);
		clients.push(c);
		const sent: number[] = [];
		c.provider.on('status', ({ status }: { status: string }) => {
			const ws = c.provider.ws;
			if (status !== 'connected' || !ws) return;
			const send = ws.send.bind(ws);
			ws.send = (data) => {
				sent.push(typeof data === 'string' ? data.length : data instanceof Blob ? data.size : data.byteLength);
				send(data);
			};
		});
		sendStep2InChunks(c.provider);
		offlineWork(c.doc);
		await c.synced();

		const fresh = openClient(server, room, b.tokens.participant);
		clients.push(fresh);
		await fresh.synced();
		await waitFor(() => Object.keys(goalsOf(fresh.doc)).length === GOALS, 'a fresh client sees every goal', 30_000);
		expect(goalsOf(fresh.doc)).toEqual(goalsOf(c.doc));
		expect(c.closes).toEqual([]);
		expect(sent.length).toBeGreaterThan(4);
		expect(Math.max(...sent)).toBeLessThanOrEqual(SYNC_CHUNK_BYTES + 64);

		await waitFor(() => {
			const stored = new Y.Doc();
			const state = loadDoc(world.db, room);
			if (state) Y.applyUpdate(stored, state);
			return Buffer.from(Y.encodeStateVector(stored)).equals(Buffer.from(Y.encodeStateVector(c.doc)));
		}, 'the stored doc reaches the client state', 30_000);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(world.db, room)!);
		expect(goalsOf(stored)).toEqual(goalsOf(c.doc));
		expect(stored.getMap('meta').toJSON()).toEqual(c.doc.getMap('meta').toJSON());
	});
});
