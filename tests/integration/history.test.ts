import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { liveServer, seedStored } from './helpers/live.ts';
import { cookieOf } from './helpers/seed.ts';
import { waitFor } from './helpers/clients.ts';
import { loadDoc, logRows } from '../../src/lib/server/docStore.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { addGoal, goalText } from '../../src/lib/board/doc/goals.ts';
import { goalsMap } from '../../src/lib/board/doc/schema.ts';
import { checkpoints } from '../../src/lib/server/db/schema.ts';
import { RETENTION } from '../../src/lib/board/history/retention.ts';

// History against the real server: a restore is a forward change every connected client receives,
// only facilitators may restore, retention is applied, and the client side never gets internal checkpoints.

const live = liveServer();
async function open(room: string, token: string) {
	const c = live.open(room, token);
	await c.synced();
	return c;
}
const { stored } = live;

const sam = { id: 'u-f', name: 'Sam' };
const get = (path: string, token: string) => fetch(live.server.origin + path, { redirect: 'manual', headers: { cookie: cookieOf(token) } });
const post = (path: string, body: Record<string, string>, token: string) =>
	fetch(live.server.origin + path, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: cookieOf(token), origin: live.server.origin },
		body: new URLSearchParams(body)
	});

function board() {
	const b = live.world.addBoard();
	const room = docName(b.boardId, 'shared');
	seedStored(live.world.db, room, (doc) => {
		addGoal(doc, { id: 'g-1', text: 'Grow', author: sam });
	});
	return { b, room };
}
const rowsOf = (boardId: string) => live.world.db.select().from(checkpoints).where(eq(checkpoints.boardId, boardId)).all();
const text = (doc: Y.Doc, id: string) => goalText(doc, id)?.toString() ?? null;

describe('history', () => {
	it('restores a checkpoint as a forward change both connected clients receive', async () => {
		const { b, room } = board();
		const res = await post(`/boards/${b.boardId}/history?/create`, { name: 'Start' }, b.tokens.facilitator);
		expect(res.status).toBe(200);
		const cp = rowsOf(b.boardId).find((r) => r.name === 'Start' && r.docName === room)!;
		expect(cp).toBeDefined();

		const one = await open(room, b.tokens.facilitator);
		const two = await open(room, b.tokens.participant);
		goalText(one.doc, 'g-1')!.insert(4, ' revenue');
		addGoal(one.doc, { id: 'g-2', text: 'Cut cost', author: sam });
		await waitFor(() => text(two.doc, 'g-1') === 'Grow revenue' && goalsMap(two.doc).has('g-2'), 'edits reach client two');
		const rowsBefore = logRows(live.world.db, room).length;

		// A participant may not restore (server-enforced).
		expect((await post(`/boards/${b.boardId}/history?/restore`, { id: cp.id }, b.tokens.participant)).status).toBe(403);
		const ok = await post(`/boards/${b.boardId}/history?/restore`, { id: cp.id }, b.tokens.facilitator);
		expect(ok.status).toBe(200);
		for (const c of [one, two]) await waitFor(() => text(c.doc, 'g-1') === 'Grow' && !goalsMap(c.doc).has('g-2'), 'restore reaches the client');
		// Forward: the log grew; nothing was rewound.
		expect(logRows(live.world.db, room).length).toBeGreaterThan(rowsBefore);
		// And it can be undone: a "Before restoring" checkpoint holds the state it replaced.
		const undo = rowsOf(b.boardId).find((r) => r.reason === 'before-restore' && r.docName === room)!;
		const before = new Y.Doc();
		Y.applyUpdate(before, new Uint8Array(undo.state));
		expect(text(before, 'g-1')).toBe('Grow revenue');
		await post(`/boards/${b.boardId}/history?/restore`, { id: undo.id }, b.tokens.facilitator);
		await waitFor(() => text(two.doc, 'g-1') === 'Grow revenue' && goalsMap(two.doc).has('g-2'), 'undo of the restore reaches client two');
	});

	it('applies the retention rule when a checkpoint is created', async () => {
		const { b, room } = board();
		const state = Buffer.from(loadDoc(live.world.db, room)!);
		const old = Date.now() - 1000 * 86_400_000;
		for (let i = 0; i < RETENTION.manualMax + 5; i++)
			live.world.db.insert(checkpoints).values({ id: `old-${b.boardId}-${i}`, boardId: b.boardId, docName: room, name: `old ${i}`, kind: 'manual', reason: 'manual', createdAt: old + i, state }).run();
		// Two automatic ones on the same day, 30 days ago: only the later one stays.
		const day = Math.floor((Date.now() - 30 * 86_400_000) / 86_400_000) * 86_400_000;
		for (const [id, at] of [['auto-a', day + 1000], ['auto-b', day + 2000]] as const)
			live.world.db.insert(checkpoints).values({ id: `${id}-${b.boardId}`, boardId: b.boardId, docName: room, name: id, kind: 'auto', reason: 'daily', createdAt: at, state }).run();
		expect((await post(`/boards/${b.boardId}/history?/create`, { name: 'New' }, b.tokens.facilitator)).status).toBe(200);
		const rows = rowsOf(b.boardId).filter((r) => r.docName === room);
		expect(rows.filter((r) => r.kind === 'manual')).toHaveLength(RETENTION.manualMax);
		expect(rows.some((r) => r.name === 'New')).toBe(true);
		expect(rows.some((r) => r.name === 'old 0')).toBe(false);
		expect(rows.filter((r) => r.kind === 'auto').map((r) => r.name)).toEqual(['auto-b']);
	});

	it('never gives the client side an internal checkpoint', async () => {
		const { b } = board();
		await post(`/boards/${b.boardId}/history?/create`, { name: 'Secret plans' }, b.tokens.facilitator);
		const internal = rowsOf(b.boardId).find((r) => r.docName.endsWith('/internal'))!;
		const shared = rowsOf(b.boardId).find((r) => r.docName.endsWith('/shared'))!;
		expect(internal).toBeDefined();
		const page = await get(`/boards/${b.boardId}/history/__data.json`, b.tokens.clientGuest);
		expect(page.status).toBe(200);
		const body = await page.text();
		expect(body).toContain(shared.id);
		expect(body).not.toContain(internal.id);
		expect(body).not.toContain('positioning":{');
		expect((await get(`/boards/${b.boardId}/history?view=${internal.id}`, b.tokens.clientGuest)).status).toBe(404);
		// The supplier side sees the internal document's positioning in comparisons.
		const supplier = await (await get(`/boards/${b.boardId}/history/__data.json?a=${shared.id}&b=now`, b.tokens.facilitator)).text();
		expect(supplier).toContain('high');
	});
});
