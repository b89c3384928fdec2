// The built server with DATABASE_URL set: everything it stores goes to PostgreSQL (a real server
// from the Debian package): people, workspaces, accounts, boards AND the boards' Yjs documents. The
// SQLite file (DATABASE_PATH) is never created, let alone written.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './helpers/server.ts';
import { openClient, waitFor } from './helpers/clients.ts';
import { startPostgres, type Service } from './helpers/services.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { PgDocStore } from '../../src/lib/server/docStorePg.ts';
import { goalsMap } from '../../src/lib/board/doc/schema.ts';
import { readNote } from '../fixtures/notes.ts';

let postgres: Service;
let server: ServerProcess;
let pool: pg.Pool;

beforeAll(async () => {
	postgres = await startPostgres();
	server = new ServerProcess({ DATABASE_URL: postgres.url });
	await server.start();
	pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
	pool.on('error', () => {}); // an idle client cut off when the server stops at the end
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

const get = (path: string, token: string) => fetch(server.origin + path, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });

/** Whether anything at all exists under DATABASE_PATH's name (the file or its WAL/shm companions). */
function sqliteTouched(): string[] {
	const dir = path.dirname(server.dbPath);
	const base = path.basename(server.dbPath);
	return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(base)) : [];
}

describe('the server on PostgreSQL (DATABASE_URL)', () => {
	it('stores a board and its documents in PostgreSQL only: created, edited, searched, exported, carried over, checkpointed, after a restart', async () => {
		const up = await post('/signup', { name: 'Olive Owner', email: 'olive@supplier.test', password: 'correct horse battery', next: '' });
		expect(up.status).toBe(303);
		const token = /tandem_session=([^;]+)/.exec(up.headers.get('set-cookie') ?? '')?.[1];
		expect(token).toBeTruthy();
		expect((await post('/setup', { name: 'Supplier team' }, token)).headers.get('location')).toBe('/');
		expect((await post('/?/createAccount', { name: 'Acme' }, token)).status).toBe(200);
		const { rows: accounts } = await pool.query(`SELECT a.id, a.name, w.name AS ws FROM accounts a JOIN workspaces w ON w.id = a.workspace_id`);
		expect(accounts.map((a) => [a.name, a.ws])).toEqual([['Acme', 'Supplier team']]);
		const accountId = accounts[0].id as string;
		const made = await post(`/accounts/${accountId}?/createBoard`, { name: 'Q1 planning', template: 'joint-planning' }, token);
		expect(made.status).toBe(303);
		const boardId = made.headers.get('location')!.replace('/boards/', '');
		const { rows: boards } = await pool.query('SELECT id, name, account_id FROM boards');
		expect(boards).toEqual([{ id: boardId, name: 'Q1 planning', account_id: accountId }]);
		// Both documents were seeded with the board row, before anyone opened the board.
		const { rows: seeded } = await pool.query('SELECT doc_name FROM doc_snapshots ORDER BY doc_name');
		expect(seeded.map((r) => r.doc_name)).toEqual([docName(boardId, 'internal'), docName(boardId, 'shared')].sort());

		const page = await get(`/boards/${boardId}`, token!);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Q1 planning');
		// Edited over sync; a second client seeing it means it was stored (the group commit sends after storing).
		const writer = openClient(server, docName(boardId, 'shared'), token!);
		const reader = openClient(server, docName(boardId, 'shared'), token!);
		try {
			await Promise.all([writer.synced(), reader.synced()]);
			writer.text.insert(0, 'Café with Müller about the budget');
			await waitFor(() => reader.note() === 'Café with Müller about the budget', 'the edit reaching the second client');
		} finally {
			writer.destroy();
			reader.destroy();
		}
		await waitFor(async () => (await server.metrics()).rooms === 0, 'the rooms closing');
		await server.restart();

		// Search, accent-folded: "cafe" and "muller" find "Café" and "Müller".
		for (const q of ['cafe', 'muller', 'CAFÉ']) {
			const html = await (await get(`/search?q=${encodeURIComponent(q)}`, token!)).text();
			expect(html, q).toContain('1 result');
		}
		expect(await (await get('/search?q=nowhere', token!)).text()).not.toContain('1 result');
		// Export reads the stored document.
		const exported = await get(`/boards/${boardId}/export`, token!);
		expect(exported.status).toBe(200);
		expect(await exported.text()).toContain('Café with Müller about the budget');
		// A checkpoint of the closed room reads the stored state.
		expect((await post(`/boards/${boardId}/history?/create`, { name: 'After the workshop' }, token)).status).toBe(200);
		const { rows: checkpoints } = await pool.query(`SELECT state FROM checkpoints WHERE board_id = $1 AND doc_name = $2 AND name = $3`, [boardId, docName(boardId, 'shared'), 'After the workshop']);
		expect(checkpoints).toHaveLength(1);
		const fromCheckpoint = new Y.Doc();
		Y.applyUpdate(fromCheckpoint, checkpoints[0].state);
		expect(readNote(fromCheckpoint)).toBe('Café with Müller about the budget');
		// A quarterly review carries over the goals of the planning board (read from PostgreSQL).
		const review = await post(`/accounts/${accountId}?/createBoard`, { name: 'Q2 review', template: 'qbr' }, token);
		expect(review.status).toBe(303);
		const reviewId = review.headers.get('location')!.replace('/boards/', '');
		const docs = new PgDocStore(pool);
		const reviewDoc = new Y.Doc();
		Y.applyUpdate(reviewDoc, (await docs.load(docName(reviewId, 'shared')))!);
		expect([...goalsMap(reviewDoc).values()].map((g) => String((g as Y.Map<unknown>).get('text')))).toContain('Café with Müller about the budget');

		// Deleting the board removes its documents from PostgreSQL.
		expect((await post(`/boards/${reviewId}?/delete`, { confirm: 'delete' }, token)).status).toBe(303);
		const { rows: left } = await pool.query('SELECT count(*)::int AS n FROM doc_snapshots WHERE doc_name LIKE $1', [`${reviewId}/%`]);
		expect(left).toEqual([{ n: 0 }]);

		// Readiness names what it checks: PostgreSQL, no SQLite.
		const ready = (await (await fetch(`${server.origin}/readyz`)).json()) as { checks: Record<string, string> };
		expect(ready.checks).toEqual({ postgres: 'ok' });
		// Nothing went to a SQLite file: it does not even exist.
		expect(sqliteTouched()).toEqual([]);
	}, 60_000);
});
