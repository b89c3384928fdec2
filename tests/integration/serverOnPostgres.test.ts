// The built server with DATABASE_URL set: the routes store people, workspaces, accounts and boards
// in PostgreSQL (a real server from the Debian package), not in the SQLite file. On this branch the
// Yjs documents still live in that SQLite file (docStore.ts moves on the pgsync branch).
import pg from 'pg';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './helpers/server.ts';
import { openClient } from './helpers/clients.ts';
import { startPostgres, type Service } from './helpers/services.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

let postgres: Service;
let server: ServerProcess;
let pool: pg.Pool;

beforeAll(async () => {
	postgres = await startPostgres();
	server = new ServerProcess({ DATABASE_URL: postgres.url });
	await server.start();
	pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
}, 90_000);

afterAll(async () => {
	await pool?.end();
	await server?.dispose();
	await postgres?.stop();
});

function post(path: string, body: Record<string, string>, token?: string) {
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.origin };
	if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
	return fetch(server.origin + path, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(body) });
}

describe('the server on PostgreSQL (DATABASE_URL)', () => {
	it('signs up, sets up a workspace, creates an account and a board, all stored in PostgreSQL', async () => {
		const up = await post('/signup', { name: 'Olive Owner', email: 'olive@supplier.test', password: 'correct horse battery', next: '' });
		expect(up.status).toBe(303);
		const token = /tandem_session=([^;]+)/.exec(up.headers.get('set-cookie') ?? '')?.[1];
		expect(token).toBeTruthy();
		expect((await post('/setup', { name: 'Supplier team' }, token)).headers.get('location')).toBe('/');
		expect((await post('/?/createAccount', { name: 'Acme' }, token)).status).toBe(200);
		const { rows: accounts } = await pool.query(`SELECT a.id, a.name, w.name AS ws FROM accounts a JOIN workspaces w ON w.id = a.workspace_id`);
		expect(accounts.map((a) => [a.name, a.ws])).toEqual([['Acme', 'Supplier team']]);
		const made = await post(`/accounts/${accounts[0].id}?/createBoard`, { name: 'Q1 planning', template: 'joint-planning' }, token);
		expect(made.status).toBe(303);
		const boardId = made.headers.get('location')!.replace('/boards/', '');
		const { rows: boards } = await pool.query('SELECT id, name, account_id FROM boards');
		expect(boards).toEqual([{ id: boardId, name: 'Q1 planning', account_id: accounts[0].id }]);
		const { rows: people } = await pool.query('SELECT email FROM users');
		expect(people).toEqual([{ email: 'olive@supplier.test' }]);

		const page = await fetch(`${server.origin}/boards/${boardId}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Q1 planning');
		// The sync server checks the session and the board in PostgreSQL too.
		const client = openClient(server, docName(boardId, 'shared'), token!);
		try {
			await client.synced();
		} finally {
			client.destroy();
		}
		// Nothing of it went to the SQLite file, which holds only the documents on this branch.
		const sqlite = new Database(server.dbPath, { readonly: true });
		try {
			expect(sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
			expect(sqlite.prepare('SELECT count(*) AS n FROM boards').get()).toEqual({ n: 0 });
			expect((sqlite.prepare('SELECT count(*) AS n FROM doc_snapshots').get() as { n: number }).n).toBeGreaterThan(0);
		} finally {
			sqlite.close();
		}
	});
});
