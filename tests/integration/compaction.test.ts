import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ServerProcess } from './helpers/server.ts';
import { World } from './helpers/seed.ts';
import { openClient, waitFor } from './helpers/clients.ts';
import { docSnapshots } from '../../src/lib/server/db/schema.ts';
import { logRows } from '../../src/lib/server/docStore.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

// Compaction runs on a worker thread (server/sync/compactor.ts). The built server is a bundle, so the
// worker's file must be found from the running process, not next to a chunk: this runs the real,
// built server and waits for a busy document's log to be folded while the server keeps running.

let server: ServerProcess;
let world: World;

beforeAll(async () => {
	server = new ServerProcess({ SYNC_COMPACT_AFTER_BYTES: '2048' });
	await server.start();
	world = new World(server.dbPath);
});
afterAll(async () => {
	world?.close();
	await server?.dispose();
});

it('the running built server folds a busy log into a snapshot on its compaction thread', async () => {
	const b = world.addBoard();
	const room = docName(b.boardId, 'shared');
	const client = openClient(server, room, b.tokens.facilitator);
	await client.synced();
	const snapshotSeq = () => world.db.select().from(docSnapshots).where(eq(docSnapshots.docName, room)).get()?.upToSeq ?? 0;
	const before = snapshotSeq();
	const rows = () => logRows(world.db, room).length;
	for (let i = 0; i < 40; i++) addGoal(client.doc, { id: `g-${i}`, text: `Goal number ${i} with some words to fill the log`, author: { id: 'u', name: 'U' } });
	await waitFor(() => rows() > 0, 'the updates to be stored');
	// Folded: no log row left, and a snapshot newer than the board's first one.
	await waitFor(() => rows() === 0 && snapshotSeq() > before, 'the log to be folded into a snapshot', 15_000);
	expect(server.log).not.toMatch(/compaction thread failed|compaction of .* failed/);
	client.destroy();
});
