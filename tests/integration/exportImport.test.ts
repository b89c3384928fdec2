import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf } from './helpers/seed.ts';
import { editDoc, storedDoc } from './helpers/cast.ts';
import { boards } from '../../src/lib/server/db/schema.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { setRelationNotes } from '../../src/lib/board/doc/internal.ts';
import { docToPlain } from '../../src/lib/board/doc/portable.ts';
import { toSnapshot } from '../../src/lib/board/doc/snapshot.ts';

// Export and import over HTTP: who gets which content, and bad files change nothing.

let server: ServerProcess;
let world: World;

beforeAll(async () => {
	server = new ServerProcess();
	await server.start();
	world = new World(server.dbPath);
});
afterAll(async () => {
	world?.close();
	await server?.dispose();
});

const get = (path: string, token: string) => fetch(server.origin + path, { redirect: 'manual', headers: { cookie: cookieOf(token) } });
const importFile = (token: string, body: string | Blob) => {
	const form = new FormData();
	form.set('file', body instanceof Blob ? body : new Blob([body], { type: 'application/json' }), 'board.json');
	return fetch(`${server.origin}/accounts/${world.accountId}?/importBoard`, {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', origin: server.origin, cookie: cookieOf(token) },
		body: form
	});
};
const boardCount = () => world.db.select().from(boards).where(eq(boards.accountId, world.accountId)).all().length;

function seeded() {
	const b = world.addBoard();
	editDoc(world.db, b.boardId, 'shared', (d) => addGoal(d, { id: 'g1', text: 'Grow revenue', author: { id: 'u', name: 'U' } }));
	editDoc(world.db, b.boardId, 'internal', (d) => setRelationNotes(d, 's1', 'hush-hush relation'));
	return b;
}

describe('export', () => {
	it('a client guest gets the shared content only: ?internal=1 is refused (403), the plain export has no internal key', async () => {
		const b = seeded();
		expect((await get(`/boards/${b.boardId}/export?internal=1`, b.tokens.clientGuest)).status).toBe(403);
		const res = await get(`/boards/${b.boardId}/export`, b.tokens.clientGuest);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
		const text = await res.text();
		expect(JSON.parse(text)).not.toHaveProperty('internal');
		expect(text).toContain('Grow revenue');
		expect(text).not.toContain('hush-hush');
	});

	it('the supplier side gets internal content only when asking for it; outsiders get 404', async () => {
		const b = seeded();
		expect(await (await get(`/boards/${b.boardId}/export`, b.tokens.participant)).text()).not.toContain('hush-hush');
		expect(await (await get(`/boards/${b.boardId}/export?internal=1`, b.tokens.participant)).text()).toContain('hush-hush');
		expect((await get(`/boards/${b.boardId}/export`, b.tokens.outsider)).status).toBe(404);
	});
});

describe('import', () => {
	it('an exported board imports into a new board of the account with the same content', async () => {
		const b = seeded();
		const file = await (await get(`/boards/${b.boardId}/export?internal=1`, b.tokens.facilitator)).text();
		const before = boardCount();
		const res = await importFile(b.tokens.participant, file);
		expect(res.status).toBe(303);
		const id = res.headers.get('location')!.replace('/boards/', '');
		expect(boardCount()).toBe(before + 1);
		const [src, copy] = [b.boardId, id].map((x) => ({ shared: storedDoc(world.db, x, 'shared'), internal: storedDoc(world.db, x, 'internal') }));
		expect(docToPlain(copy.shared, 'shared')).toEqual(docToPlain(src.shared, 'shared'));
		expect(docToPlain(copy.internal, 'internal')).toEqual(docToPlain(src.internal, 'internal'));
		expect(toSnapshot(copy.shared, copy.internal)).toEqual(toSnapshot(src.shared, src.internal));
		// The importer can open it (its creator is its facilitator).
		expect((await get(`/boards/${id}`, b.tokens.participant)).status).toBe(200);
	});

	it('bad files get a clear error and create nothing', async () => {
		const b = seeded();
		const good = JSON.parse(await (await get(`/boards/${b.boardId}/export`, b.tokens.facilitator)).text());
		const cases: [unknown, RegExp][] = [
			[{ ...good, format: 'trello' }, /not a Tandem board file/],
			[{ ...good, version: 99 }, /version 99/],
			[{ ...good, shared: { ...good.shared, goals: { g1: { ...good.shared.goals.g1, kind: 'dream' } } } }, /goals\.g1\.kind/],
			['not json at all', /not JSON/]
		];
		const before = boardCount();
		for (const [body, message] of cases) {
			const res = await importFile(b.tokens.facilitator, typeof body === 'string' ? body : JSON.stringify(body));
			expect(res.status).toBe(400);
			expect((await res.text()).replace(/&amp;/g, '&')).toMatch(message);
		}
		const big = await importFile(b.tokens.facilitator, new Blob(['x'.repeat(5 * 1024 * 1024 + 10)]));
		expect(big.status).toBe(413);
		expect(await big.text()).toMatch(/larger than 5 MB/);
		expect(boardCount()).toBe(before);
	});
});
