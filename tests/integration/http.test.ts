import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf, type SeededBoard } from './helpers/seed.ts';

// Every HTTP route checks the session and the board role on the server, not only the interface.
let server: ServerProcess;
let world: World;
let board: SeededBoard;

beforeAll(async () => {
	server = new ServerProcess();
	await server.start();
	world = new World(server.dbPath);
	board = world.addBoard();
});
afterAll(async () => {
	world.db.$client.close();
	await server.dispose();
});

const get = (path: string, token?: string) =>
	fetch(server.origin + path, { redirect: 'manual', headers: token ? { cookie: cookieOf(token) } : {} });

function post(path: string, body: Record<string, string>, opts: { token?: string; origin?: string | null } = {}) {
	// Posted as a browser without JavaScript would, so failures keep their HTTP status.
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
	if (opts.token) headers.cookie = cookieOf(opts.token);
	if (opts.origin !== null) headers.origin = opts.origin ?? server.origin;
	return fetch(server.origin + path, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(body) });
}

describe('pages', () => {
	it('send a signed-out visitor to sign in', async () => {
		const res = await get('/');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/signin?next=%2F');
	});

	it('answer 404 for a board of another workspace, so board ids do not leak', async () => {
		expect((await get(`/boards/${board.boardId}/people`, board.tokens.outsider)).status).toBe(404);
		expect((await get(`/boards/${board.boardId}/access`, board.tokens.outsider)).status).toBe(404);
		expect((await get(`/boards/${board.boardId}/access`, board.tokens.participant)).status).toBe(200);
	});

	it("keep a guest on their own board", async () => {
		const res = await get('/', board.tokens.clientGuest);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/boards/${board.boardId}`);
		const other = world.addBoard();
		expect((await get(`/boards/${other.boardId}/access`, board.tokens.clientGuest)).status).toBe(404);
	});

	it('set security headers', async () => {
		const res = await get('/signin');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	});
});

describe('state-changing requests', () => {
	it('are refused without a matching Origin', async () => {
		const wrong = await post('/signin', { email: 'a@b.test', password: 'x' }, { origin: 'https://evil.test' });
		expect(wrong.status).toBe(403);
		const none = await post('/signin', { email: 'a@b.test', password: 'x' }, { origin: null });
		expect(none.status).toBe(403);
	});

	it('that only a facilitator may make are refused for a participant', async () => {
		const res = await post(`/boards/${board.boardId}/people?/createInvite`, { side: 'client', role: 'participant' }, { token: board.tokens.participant });
		expect(res.status).toBe(403);
		const ok = await post(`/boards/${board.boardId}/people?/createInvite`, { side: 'client', role: 'participant' }, { token: board.tokens.facilitator });
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain('/invite/');
	});
});

describe('sign-in', () => {
	it('is rate-limited per email with a clear message', async () => {
		const email = 'victim@supplier.test';
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await post('/signin', { email, password: 'wrong password' })).status);
		const limited = await post('/signin', { email, password: 'wrong password' });
		expect(statuses).toEqual([400, 400, 400, 400, 400]);
		expect(limited.status).toBe(429);
		expect(await limited.text()).toContain('Too many sign-in attempts');
	});
});
