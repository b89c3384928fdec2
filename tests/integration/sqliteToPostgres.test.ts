// The SQLite → PostgreSQL migration command, run as a user would (`npm run db:to-postgres`, here
// its script under node) on a seeded database: it copies every table, verifies, and the copy
// then answers the same questions through the app's own data functions. A second run refuses.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, openPg, type AppDb, type Db } from '../../src/lib/server/db/index.ts';
import { closePgPools } from '../../src/lib/server/db/pgPool.ts';
import { q } from '../../src/lib/server/db/query.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { record } from '../../src/lib/server/auth/rateLimit.ts';
import { createWorkspace, createWorkspaceInvite, findWorkspaceInvite, joinWorkspace } from '../../src/lib/server/workspace.ts';
import { createAccount, createBoard, getBoard, setMemberRole } from '../../src/lib/server/boards.ts';
import { checkBoardInvite, createBoardInvite, redeemBoardInvite } from '../../src/lib/server/boardInvites.ts';
import { resolveBoardAccess } from '../../src/lib/server/access.ts';
import { addNote, ballotOf, saveBallot } from '../../src/lib/server/votes.ts';
import { createCheckpoint, listCheckpoints } from '../../src/lib/server/checkpoints.ts';
import { searchBoards } from '../../src/lib/server/search.ts';
import { appendUpdate, loadDoc } from '../../src/lib/server/docStore.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { addGoal, goalText } from '../../src/lib/board/doc/goals.ts';
import { checksum, TABLES } from '../../server/cli/sqliteToPostgres.ts';
import { startPostgres, type Service } from './helpers/services.ts';

let postgres: Service;
let dir: string;
let sqlitePath: string;
let source: Db;
const tokens = { session: generateSessionToken(), workspaceInvite: '', boardInvite: '' };
let boardId = '';

function run(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['server/cli/sqliteToPostgres.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d));
		child.stderr.on('data', (d: Buffer) => (out += d));
		child.on('exit', (code) => resolve({ code, out }));
	});
}

async function seed(db: Db): Promise<void> {
	await createUser(db, { id: 'alice', email: 'alice@test', name: 'Alice', passwordHash: 'h1' }, 1_000);
	await createUser(db, { id: 'bob', email: 'bob@test', name: 'Bob', passwordHash: 'h2' }, 1_000);
	const ws = await createWorkspace(db, 'alice', 'Supplier', 1_000);
	await joinWorkspace(db, 'bob', ws, 1_000);
	await createSession(db, tokens.session, { userId: 'bob' });
	tokens.workspaceInvite = await createWorkspaceInvite(db, ws, 'alice', null);
	const accountId = await createAccount(db, ws, 'Acme', 'alice');
	boardId = await createBoard(db, { accountId, name: 'Q1 planning', template: 'joint-planning', createdBy: 'alice' });
	await createBoard(db, { accountId, name: 'Second', template: 'blank', createdBy: 'bob' });
	await setMemberRole(db, boardId, 'bob', 'observer', 'supplier');
	// Many log rows, so the copy goes in several batches and the sequence must continue after them.
	const doc = new Y.Doc();
	Y.applyUpdate(doc, loadDoc(db, docName(boardId, 'shared'))!);
	doc.on('update', (u: Uint8Array) => appendUpdate(db, docName(boardId, 'shared'), u));
	for (let i = 0; i < 700; i++) {
		if (i < 250) addGoal(doc, { id: `g${i}`, text: i === 7 ? 'Quarterly budget review' : `Goal ${i}`, author: { id: 'alice', name: 'Alice' } });
		else goalText(doc, 'g1')!.insert(0, 'x');
	}
	doc.destroy();
	tokens.boardInvite = await createBoardInvite(db, { boardId, side: 'client', role: 'participant', label: 'Execs', expiresAt: null, maxUses: 5, createdBy: 'alice' });
	const guest = await redeemBoardInvite(db, tokens.boardInvite, { displayName: 'Cleo', title: null, function: null });
	if (!guest.ok) throw new Error(guest.reason);
	await createSession(db, generateSessionToken(), { guestId: guest.guestId });
	await createCheckpoint(db, { boardId, name: 'Start', kind: 'manual', reason: 'manual', by: { id: 'alice', name: 'Alice' } });
	const caller = { access: { boardId, role: 'participant' as const, side: 'supplier' as const }, personKey: 'user:bob', author: { id: 'bob', name: 'Bob' } };
	await saveBallot(db, boardId, 'v1', caller, { g7: 2 });
	await addNote(db, caller, boardId, 'A private thought');
	await record(db, 'signin:ip:127.0.0.1', { free: 5, baseMs: 1, maxMs: 1, forgetAfterMs: 60_000 });
	db.$client.prepare(`INSERT INTO doc_quarantine (doc_name, source, seq, data, reason, created_at) VALUES (?, 'log', 3, ?, 'bad bytes', 5)`).run(docName(boardId, 'internal'), Buffer.from([1, 2, 3]));
}

beforeAll(async () => {
	postgres = await startPostgres();
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-to-pg-'));
	sqlitePath = path.join(dir, 'tandem.db');
	source = openDb(sqlitePath, path.resolve('server/migrations'));
	await seed(source);
}, 120_000);

afterAll(async () => {
	source?.$client.close();
	await postgres?.stop();
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run db:to-postgres', () => {
	it('copies every table, verifies it, and the copy serves the same data; a second run refuses', async () => {
		const env = { DATABASE_PATH: sqlitePath, DATABASE_URL: postgres.url };
		const first = await run(env);
		expect(first.out).toMatch(/Copied \d+ rows in 17 tables/);
		expect(first.code).toBe(0);
		for (const table of TABLES) expect(first.out).toMatch(new RegExp(`^${table} +\\d+ rows +checksum [0-9a-f]{16} +ok$`, 'm'));

		const store = await openPg(postgres.url, path.resolve('server/migrations-pg'));
		try {
			// Row for row the same, checked here independently of the command's own verification.
			for (const table of TABLES) {
				const rows = source.$client.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
				const columns = Object.keys(rows[0] ?? {});
				const { rows: copied } = await store.pool.query(`SELECT * FROM "${table}"`);
				expect([table, copied.length]).toEqual([table, rows.length]);
				expect([table, rows.length > 0]).toEqual([table, true]);
				expect([table, checksum(copied, columns)]).toEqual([table, checksum(rows, columns)]);
			}
			// The app's functions on the copy, the documents read from PostgreSQL too (its own document store).
			const copy: AppDb = store;
			expect((await validateSessionToken(copy, tokens.session))?.user?.id).toBe('bob');
			expect(await findWorkspaceInvite(copy, tokens.workspaceInvite)).toMatchObject({ ok: true, workspaceName: 'Supplier' });
			expect(await checkBoardInvite(copy, tokens.boardInvite)).toMatchObject({ ok: true, boardName: 'Q1 planning' });
			expect((await getBoard(copy, boardId))?.name).toBe('Q1 planning');
			expect(await resolveBoardAccess(copy, { kind: 'user', userId: 'bob', name: 'Bob' }, boardId)).toMatchObject({ role: 'observer' });
			expect(await ballotOf(copy, boardId, 'v1', 'user:bob')).toEqual({ g7: 2 });
			expect((await listCheckpoints(copy, boardId, 'supplier')).map((c) => c.name)).toEqual(['Start', 'Start']);
			expect((await searchBoards(copy, { kind: 'user', userId: 'bob', name: 'Bob' }, 'budget')).map((h) => h.itemId)).toEqual(['g7']);
			// The serial columns continue after the copied ids.
			const { orm, t } = q(store);
			const [next] = await orm.insert(t.docQuarantine).values({ docName: 'x/shared', source: 'log', seq: 1, data: Buffer.from([9]), reason: 'r', createdAt: 1 }).returning({ id: t.docQuarantine.id });
			expect(next.id).toBeGreaterThan(1);
			// Each document's head (the PostgreSQL store numbers its rows from it) is its highest copied seq.
			const { rows: heads } = await store.pool.query(
				'SELECT h.doc_name, h.last_seq::int AS head, max(u.seq)::int AS top FROM doc_heads h JOIN doc_updates u USING (doc_name) GROUP BY h.doc_name, h.last_seq'
			);
			expect(heads.length).toBeGreaterThan(0);
			for (const h of heads) expect(h.head).toBe(h.top);
		} finally {
			await store.docs.drain();
			await closePgPools(postgres.url);
		}

		const second = await run(env);
		expect(second.code).toBe(1);
		expect(second.out).toMatch(/not empty .*refusing/);
	});
});
