import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf } from './helpers/seed.ts';
import { openClient } from './helpers/clients.ts';
import { users } from '../../src/lib/server/db/schema.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

// Sign-in, sign-up and sign-out over HTTP against the real server. The periodic access sweep is
// off (SYNC_ACCESS_RECHECK_MS=0), so only the sign-out itself can close a socket. The server trusts
// X-Forwarded-For (ADDRESS_HEADER) as it would behind a proxy, so requests can come from
// different addresses.
let server: ServerProcess;
let world: World;

beforeAll(async () => {
	server = new ServerProcess({ SYNC_ACCESS_RECHECK_MS: '0', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	await server.start();
	world = new World(server.dbPath);
});
afterAll(async () => {
	world?.close();
	await server?.dispose();
});

let nextAddress = 1;
const newAddress = () => `198.51.100.${nextAddress++}`;

function post(path: string, body: Record<string, string>, opts: { from: string; token?: string; origin?: string }) {
	// As a browser without JavaScript would post, so failures keep their HTTP status.
	const headers: Record<string, string> = {
		'content-type': 'application/x-www-form-urlencoded',
		accept: 'text/html',
		origin: opts.origin ?? server.origin,
		'x-forwarded-for': opts.from
	};
	if (opts.token) headers.cookie = cookieOf(opts.token);
	return fetch(server.origin + path, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(body) });
}

const PASSWORD = 'correct horse battery';
const signUp = (email: string, from: string, next = '') => post('/signup', { name: 'Olive Owner', email, password: PASSWORD, next }, { from });

describe('after signing in or up, `next` never leaves the site and never fails', () => {
	it('a sign-up with a newline in next creates the account and goes to /', async () => {
		const res = await signUp('newline@supplier.test', newAddress(), '/boards\n/x');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
		expect(world.db.select().from(users).where(eq(users.email, 'newline@supplier.test')).get()).toBeDefined();
	});

	it('a tab that Chromium strips (/\\t/evil.test) goes to /, on sign-up and sign-in', async () => {
		const up = await signUp('tab@supplier.test', newAddress(), '/\t/evil.test');
		expect(up.status).toBe(303);
		expect(up.headers.get('location')).toBe('/');
		const inn = await post('/signin', { email: 'tab@supplier.test', password: PASSWORD, next: '/\t/evil.test' }, { from: newAddress() });
		expect(inn.status).toBe(303);
		expect(inn.headers.get('location')).toBe('/');
	});

	it('a same-site next is kept', async () => {
		const res = await signUp('kept@supplier.test', newAddress(), '/join/abc');
		expect(res.headers.get('location')).toBe('/join/abc');
	});
});

describe('sign-out', () => {
	it("closes that session's open sockets at once with 4401", async () => {
		const board = world.addBoard();
		const client = openClient(server, docName(board.boardId, 'shared'), board.tokens.participant);
		try {
			await client.synced();
			const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (e) => e && resolve(e.code)));
			const res = await post('/signout', {}, { from: newAddress(), token: board.tokens.participant });
			expect(res.status).toBe(303);
			expect(await closed).toBe(4401);
		} finally {
			client.destroy();
		}
	});
});

describe('sign-in limits', () => {
	it("an attacker's wrong passwords for the owner's email do not stop the owner signing in", async () => {
		const email = 'owner@supplier.test';
		const owner = newAddress();
		const attacker = newAddress();
		expect((await signUp(email, owner)).status).toBe(303);
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await post('/signin', { email, password: `guess ${i}` }, { from: attacker })).status);
		// The attacker is slowed down: five guesses, then they must wait.
		expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
		const res = await post('/signin', { email, password: PASSWORD }, { from: owner });
		expect(res.status).toBe(303);
		expect(res.headers.get('set-cookie')).toContain('tandem_session=');
	});

	it('a correct password from the same address is not held back by earlier typos of its own', async () => {
		const email = 'typos@supplier.test';
		const from = newAddress();
		expect((await signUp(email, from)).status).toBe(303);
		for (let i = 0; i < 4; i++) expect((await post('/signin', { email, password: 'typo typo' }, { from })).status).toBe(400);
		expect((await post('/signin', { email, password: PASSWORD }, { from })).status).toBe(303);
		// The right password wiped the slate: another four typos are still free.
		for (let i = 0; i < 4; i++) expect((await post('/signin', { email, password: 'typo typo' }, { from })).status).toBe(400);
	});
});

describe('sign-up limits', () => {
	it('are per address', async () => {
		const from = newAddress();
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) statuses.push((await signUp(`bulk${i}@probe.test`, from)).status);
		expect(statuses).toEqual([...Array(10).fill(303), 429]);
		const limited = await signUp('bulk-last@probe.test', from);
		expect(await limited.text()).toContain('Too many sign-ups');
		// Another address is not affected.
		expect((await signUp('elsewhere@supplier.test', newAddress())).status).toBe(303);
	});
});

describe('security headers', () => {
	it('pages carry a strict Content-Security-Policy with a nonce and no inline script', async () => {
		const res = await fetch(`${server.origin}/signin`);
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
		expect(csp).not.toMatch(/style-src[^;]*unsafe-inline/);
		for (const d of ["default-src 'self'", "connect-src 'self'", "img-src 'self' data: blob:", "font-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"])
			expect(csp).toContain(d);
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		expect(await res.text()).toContain(`nonce="${nonce}"`);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
	});

	it('errors carry them too: a refused cross-site post and a missing page', async () => {
		const refused = await post('/signin', { email: 'a@b.test', password: 'x' }, { from: newAddress(), origin: 'https://evil.test' });
		const missing = await fetch(`${server.origin}/no/such/page`);
		expect(refused.status).toBe(403);
		expect(missing.status).toBe(404);
		for (const res of [refused, missing]) {
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('same-origin');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		}
	});

	it('static assets, served before the hooks, carry nosniff and frame protection', async () => {
		const html = await (await fetch(`${server.origin}/signin`)).text();
		const asset = /\/_app\/immutable\/[^"']+\.js/.exec(html)![0];
		for (const path of [asset, '/favicon.svg']) {
			const res = await fetch(`${server.origin}${path}`);
			expect(res.status).toBe(200);
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
		}
	});
});
