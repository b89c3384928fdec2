import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf, type SeededBoard } from './helpers/seed.ts';
import { accounts, boardInvites, boards, workspaceInvites } from '../../src/lib/server/db/schema.ts';

// Statuses a browser and a script see, wrong-origin refusals that say what to do, and create
// actions that a double submission (same form token twice) runs once.
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
	world.close();
	await server.dispose();
});

const get = (path: string, token?: string) =>
	fetch(server.origin + path, { redirect: 'manual', headers: token ? { cookie: cookieOf(token) } : {} });

function post(path: string, body: Record<string, string>, opts: { token?: string; origin?: string | null; accept?: string; action?: boolean } = {}) {
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: opts.accept ?? 'text/html' };
	if (opts.token) headers.cookie = cookieOf(opts.token);
	if (opts.origin !== null) headers.origin = opts.origin ?? server.origin;
	if (opts.action) headers['x-sveltekit-action'] = 'true';
	return fetch(server.origin + path, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(body) });
}

const unknownId = 'doesnotexist00000000000000';

describe('missing records', () => {
	it('answer 404 from the server for a board page and its sub-routes', async () => {
		const token = board.tokens.facilitator;
		expect((await get(`/boards/${unknownId}`, token)).status).toBe(404);
		expect((await get(`/boards/${unknownId}?view=plan`, token)).status).toBe(404);
		expect((await get(`/boards/${unknownId}/people`, token)).status).toBe(404);
		expect((await get(`/boards/${unknownId}/access`, token)).status).toBe(404);
		const page = await get(`/boards/${unknownId}`, token);
		expect(await page.text()).toContain('Board not found');
	});

	it('still render an existing board page (200)', async () => {
		expect((await get(`/boards/${board.boardId}`, board.tokens.facilitator)).status).toBe(200);
		expect((await get(`/boards/${board.boardId}`, board.tokens.clientGuest)).status).toBe(200);
	});

	it('answer 404 for an unknown account', async () => {
		expect((await get(`/accounts/${unknownId}`, board.tokens.facilitator)).status).toBe(404);
		expect((await get(`/accounts/${world.accountId}`, board.tokens.facilitator)).status).toBe(200);
	});
});

describe('a request from another origin than ORIGIN', () => {
	const other = () => server.origin.replace('127.0.0.1', 'localhost');

	it('gets a 403 page that says which origin to use', async () => {
		const res = await post('/signin', { email: 'a@b.test', password: 'x' }, { origin: other() });
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toContain('text/html');
		const body = await res.text();
		expect(body).toContain(`This Tandem is configured for ${server.origin}; open it there (you used ${other()})`);
		expect(body).toContain(`href="${server.origin}/signin"`);
	});

	it('gets the same message as an action result for an enhanced form', async () => {
		const res = await post('/signin', { email: 'a@b.test', password: 'x' }, { origin: other(), accept: 'application/json', action: true });
		expect(res.status).toBe(403);
		const body = (await res.json()) as { type: string; status: number; error: { message: string } };
		expect(body.type).toBe('error');
		expect(body.error.message).toContain(`configured for ${server.origin}`);
	});

	it('escapes what it echoes', async () => {
		const res = await post('/signin', {}, { origin: 'https://x.test"><script>alert(1)</script>' });
		expect(res.status).toBe(403);
		expect(await res.text()).not.toContain('<script>');
	});

	it('without an Origin header is refused too', async () => {
		const res = await post('/signin', { email: 'a@b.test', password: 'x' }, { origin: null });
		expect(res.status).toBe(403);
		expect(await res.text()).toContain(`open it at ${server.origin}`);
	});
});

describe('create actions posted twice with the same form token', () => {
	const formToken = () => `t${crypto.randomUUID().replaceAll('-', '')}`;

	it('add one account, and the repeat shows the first result', async () => {
		const t = formToken();
		const body = { name: `Twice ${t}`, formToken: t };
		const [a, b] = await Promise.all([post('/?/createAccount', body, { token: board.tokens.facilitator }), post('/?/createAccount', body, { token: board.tokens.facilitator })]);
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(world.db.select().from(accounts).where(eq(accounts.name, body.name)).all()).toHaveLength(1);
		expect(await b.text()).toContain('Account added');
	});

	it('create one board, and the repeat redirects to it', async () => {
		const t = formToken();
		const body = { name: `Board ${t}`, template: 'blank', formToken: t };
		const path = `/accounts/${world.accountId}?/createBoard`;
		const a = await post(path, body, { token: board.tokens.facilitator });
		const b = await post(path, body, { token: board.tokens.facilitator });
		expect(a.status).toBe(303);
		expect(b.status).toBe(303);
		expect(b.headers.get('location')).toBe(a.headers.get('location'));
		expect(world.db.select().from(boards).where(eq(boards.name, body.name)).all()).toHaveLength(1);
	});

	it('create one board invite link, and the repeat shows the same link', async () => {
		const t = formToken();
		const body = { side: 'client', role: 'participant', label: `L ${t}`, formToken: t };
		const path = `/boards/${board.boardId}/people?/createInvite`;
		const a = await post(path, body, { token: board.tokens.facilitator });
		const b = await post(path, body, { token: board.tokens.facilitator });
		const link = (html: string) => /\/invite\/[A-Za-z0-9_-]+/.exec(html)?.[0];
		const first = link(await a.text());
		expect(first).toBeTruthy();
		expect(link(await b.text())).toBe(first);
		expect(world.db.select().from(boardInvites).where(eq(boardInvites.label, body.label)).all()).toHaveLength(1);
	});

	it('create one workspace invite link', async () => {
		const before = world.db.select().from(workspaceInvites).all().length;
		const t = formToken();
		const a = await post('/workspace?/invite', { days: '7', formToken: t }, { token: board.tokens.facilitator });
		const b = await post('/workspace?/invite', { days: '7', formToken: t }, { token: board.tokens.facilitator });
		const link = (html: string) => /\/join\/[A-Za-z0-9_-]+/.exec(html)?.[0];
		const first = link(await a.text());
		expect(first).toBeTruthy();
		expect(link(await b.text())).toBe(first);
		expect(world.db.select().from(workspaceInvites).all().length).toBe(before + 1);
	});

	it('are scoped to the session: another person with the same token creates their own', async () => {
		const t = formToken();
		const body = { name: `Shared ${t}`, formToken: t };
		await post('/?/createAccount', body, { token: board.tokens.facilitator });
		await post('/?/createAccount', body, { token: board.tokens.participant });
		expect(world.db.select().from(accounts).where(eq(accounts.name, body.name)).all()).toHaveLength(2);
	});

	it('a new token creates again', async () => {
		const name = `Again ${formToken()}`;
		await post('/?/createAccount', { name, formToken: formToken() }, { token: board.tokens.facilitator });
		await post('/?/createAccount', { name, formToken: formToken() }, { token: board.tokens.facilitator });
		expect(world.db.select().from(accounts).where(eq(accounts.name, name)).all()).toHaveLength(2);
	});
});
