// One contract, two backends: every case below runs against SQLite and against a real PostgreSQL
// (started from the Debian package; missing PostgreSQL fails the suite, it does not skip it).
// Each case gets a fresh, migrated database; the Yjs documents live in the same backend as the rest
// (SQLite: docStore.ts, PostgreSQL: docStorePg.ts), reached through docsOf(db).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, openPg, type AppDb, type Db } from '../../src/lib/server/db/index.ts';
import { closePgPools } from '../../src/lib/server/db/pgPool.ts';
import { docsOf, q } from '../../src/lib/server/db/query.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { authenticate } from '../../src/lib/server/auth/credentials.ts';
import { createSession, generateSessionToken, invalidateGuestSessions, invalidateSession, SESSION_LIFETIME_MS, SESSION_RENEW_WITHIN_MS, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { forgive, prune, PRUNE_AFTER_MS, record, reset, waitMs, type Backoff } from '../../src/lib/server/auth/rateLimit.ts';
import { createWorkspace, createWorkspaceInvite, findWorkspaceInvite, joinWorkspace, listWorkspaceInvites, listWorkspaceMembers, revokeWorkspaceInvite, workspaceOf } from '../../src/lib/server/workspace.ts';
import { archiveBoard, createAccount, createBoard, deleteBoard, getAccount, getBoard, listAccountsWithBoards, listBoardPeople, removeGuest, renameBoard, restoreBoard, setMemberRole } from '../../src/lib/server/boards.ts';
import { checkBoardInvite, createBoardInvite, listBoardInvites, redeemBoardInvite, revokeBoardInvite } from '../../src/lib/server/boardInvites.ts';
import { boardExists, resolveBoardAccess, type Principal } from '../../src/lib/server/access.ts';
import { addNote, ballotOf, ballotsOf, castBallot, deleteNote, markNotesRevealed, ownNotes, pendingNoteCount, saveBallot, type Caller } from '../../src/lib/server/votes.ts';
import { applyRetention, createCheckpoint, getCheckpoint, listCheckpoints, siblingCheckpoint } from '../../src/lib/server/checkpoints.ts';
import { checkpointBoardState } from '../../src/lib/server/history.ts';
import { searchBoards } from '../../src/lib/server/search.ts';
import { hashToken, newId } from '../../src/lib/server/ids.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { setRelationNotes } from '../../src/lib/board/doc/internal.ts';
import { startPostgres, type Service } from './helpers/services.ts';
import { activityRecorder } from '../../server/sync/activity.ts';
import { eq } from 'drizzle-orm';

interface Opened {
	db: AppDb;
	close(): Promise<void>;
}

let postgres: Service;
let admin: pg.Pool;
const dirs: string[] = [];

function tempSqlite(): Db {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-contract-'));
	dirs.push(dir);
	return openDb(path.join(dir, 'docs.db'), path.resolve('server/migrations'));
}

const backends: { name: string; open(): Promise<Opened> }[] = [
	{
		name: 'SQLite',
		async open() {
			const db = tempSqlite();
			return {
				db,
				close: async () => {
					db.$client.close();
				}
			};
		}
	},
	{
		name: 'PostgreSQL',
		async open() {
			const name = `c_${newId().toLowerCase().replace(/[^a-z0-9]/g, '')}`;
			await admin.query(`CREATE DATABASE ${name}`);
			const url = postgres.url.replace(/\/tandem$/, `/${name}`);
			const store = await openPg(url, path.resolve('server/migrations-pg'));
			return {
				db: store,
				close: async () => {
					await store.docs.drain();
					await closePgPools(url);
					await admin.query(`DROP DATABASE ${name}`);
				}
			};
		}
	}
];

beforeAll(async () => {
	postgres = await startPostgres();
	admin = new pg.Pool({ connectionString: postgres.url, max: 2 });
	admin.on('error', () => {}); // an idle client cut off when the server stops at the end
}, 60_000);

afterAll(async () => {
	await admin?.end();
	await postgres?.stop();
	for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const user = (userId: string, name = userId): Principal => ({ kind: 'user', userId, name });
const noVerify = async (hash: string, password: string) => hash === `hash:${password}`;

/** Writes `change` into the stored document (as the sync server would have). */
async function editDoc(db: AppDb, boardId: string, kind: 'shared' | 'internal', change: (doc: Y.Doc) => void): Promise<void> {
	const docs = docsOf(db);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, (await docs.load(docName(boardId, kind)))!);
	const before = Y.encodeStateVector(doc);
	change(doc);
	await docs.append([{ docName: docName(boardId, kind), data: Y.encodeStateAsUpdate(doc, before) }]);
}

/** The document rows of a board in the backend's own tables (PostgreSQL's when it is PostgreSQL). */
async function storedDocRows(db: AppDb, boardId: string): Promise<number> {
	const like = `${boardId}/%`;
	if ('pool' in db) return (await db.pool.query('SELECT count(*)::int AS n FROM doc_snapshots WHERE doc_name LIKE $1', [like])).rows[0].n;
	return (db.$client.prepare('SELECT count(*) AS n FROM doc_snapshots WHERE doc_name LIKE ?').get(like) as { n: number }).n;
}

for (const backend of backends) {
	describe(`storage contract: ${backend.name}`, () => {
		let db: AppDb;
		let opened: Opened;
		/** A workspace with Alice (admin) and Bob, an account and a board created by Alice; Olga elsewhere. */
		let ws: string;
		let other: string;
		let accountId: string;
		let boardId: string;

		beforeEach(async () => {
			opened = await backend.open();
			db = opened.db;
			for (const id of ['alice', 'bob', 'olga', 'carl'])
				expect(await createUser(db, { id, email: `${id}@test`, name: id[0].toUpperCase() + id.slice(1), passwordHash: `hash:pw-${id}` }, 1_000)).toBe(true);
			ws = await createWorkspace(db, 'alice', 'Supplier', 1_000);
			expect((await joinWorkspace(db, 'bob', ws, 1_000)).ok).toBe(true);
			other = await createWorkspace(db, 'olga', 'Elsewhere', 1_000);
			accountId = await createAccount(db, ws, 'Acme', 'alice', 1_000);
			boardId = await createBoard(db, { accountId, name: 'Q1 planning', template: 'joint-planning', createdBy: 'alice' }, 2_000);
		});
		afterEach(async () => opened?.close());

		it('users: unique emails, and authentication by email and password', async () => {
			expect(await createUser(db, { id: 'x', email: 'alice@test', name: 'Other', passwordHash: 'h' })).toBe(false);
			expect((await authenticate(db, 'alice@test', 'pw-alice', noVerify))?.id).toBe('alice');
			expect(await authenticate(db, 'alice@test', 'wrong', noVerify)).toBeNull();
			expect(await authenticate(db, 'nobody@test', 'pw-alice', noVerify)).toBeNull();
		});

		it('sessions: create, validate (with sliding renewal), expire, invalidate', async () => {
			const token = generateSessionToken();
			const s = await createSession(db, token, { userId: 'alice' }, 10_000);
			expect(s.id).toBe(hashToken(token));
			expect(s.id).not.toBe(token);
			const ok = await validateSessionToken(db, token, 10_001);
			expect(ok?.user).toEqual({ id: 'alice', email: 'alice@test', name: 'Alice' });
			expect(ok?.session.expiresAt).toBe(10_000 + SESSION_LIFETIME_MS);
			// Used in its last 15 days: pushed out to a full lifetime from now.
			const late = 10_000 + SESSION_LIFETIME_MS - SESSION_RENEW_WITHIN_MS + 1;
			expect((await validateSessionToken(db, token, late))?.session.expiresAt).toBe(late + SESSION_LIFETIME_MS);
			expect((await validateSessionToken(db, token, late + 1))?.session.expiresAt).toBe(late + SESSION_LIFETIME_MS);
			// Expired: refused and deleted.
			expect(await validateSessionToken(db, token, late + SESSION_LIFETIME_MS)).toBeNull();
			expect(await validateSessionToken(db, token, 10_001)).toBeNull();
			const other = generateSessionToken();
			const s2 = await createSession(db, other, { userId: 'bob' });
			expect(await validateSessionToken(db, other)).not.toBeNull();
			await invalidateSession(db, s2.id);
			expect(await validateSessionToken(db, other)).toBeNull();
			expect(await validateSessionToken(db, 'not-a-token')).toBeNull();
		});

		it('prepared lookups: each call reads the rows anew (other sessions, a revoked session, a changed role)', async () => {
			// The session and access queries are prepared once per database (db/query.ts prepared):
			// only the statement may be kept, never a value bound into it or a row read by it.
			const aliceToken = generateSessionToken();
			const bobToken = generateSessionToken();
			await createSession(db, aliceToken, { userId: 'alice' }, 10_000);
			const bobSession = await createSession(db, bobToken, { userId: 'bob' }, 10_000);
			expect((await validateSessionToken(db, aliceToken, 10_001))?.user?.id).toBe('alice');
			expect((await validateSessionToken(db, bobToken, 10_001))?.user?.id).toBe('bob');
			await invalidateSession(db, bobSession.id);
			expect(await validateSessionToken(db, bobToken, 10_002)).toBeNull();
			expect((await validateSessionToken(db, aliceToken, 10_002))?.user?.id).toBe('alice');
			expect((await resolveBoardAccess(db, user('bob'), boardId))?.role).toBe('participant');
			expect((await resolveBoardAccess(db, user('alice'), boardId))?.role).toBe('facilitator');
			await setMemberRole(db, boardId, 'bob', 'observer', 'supplier');
			expect((await resolveBoardAccess(db, user('bob'), boardId))?.role).toBe('observer');
			await setMemberRole(db, boardId, 'bob', 'participant', 'supplier');
			expect((await resolveBoardAccess(db, user('bob'), boardId))?.role).toBe('participant');
			await setMemberRole(db, boardId, 'bob', 'removed', 'supplier');
			expect(await resolveBoardAccess(db, user('bob'), boardId)).toBeNull();
			expect(await resolveBoardAccess(db, user('olga'), boardId)).toBeNull();
			const second = await createBoard(db, { accountId, name: 'Second', template: 'blank', createdBy: 'bob' });
			expect((await resolveBoardAccess(db, user('bob'), second))?.role).toBe('facilitator');
			expect(await boardExists(db, second)).toBe(true);
			expect(await deleteBoard(db, second)).toBe(true);
			expect(await boardExists(db, second)).toBe(false);
			expect(await resolveBoardAccess(db, user('bob'), second)).toBeNull();
		});

		it("board activity: the sync server's prepared update records it, per board", async () => {
			const second = await createBoard(db, { accountId, name: 'Second', template: 'blank', createdBy: 'alice' }, 2_000);
			let clock = 123_456;
			const touch = activityRecorder(db, 10_000, () => clock);
			await touch(boardId);
			clock = 234_567;
			await touch(second);
			const { orm, t } = q(db);
			const at = async (id: string) => (await orm.select({ at: t.boards.lastActivityAt }).from(t.boards).where(eq(t.boards.id, id)))[0].at;
			expect([await at(boardId), await at(second)]).toEqual([123_456, 234_567]);
		});

		it('workspaces: membership, one workspace per person, invite links stored as hashes', async () => {
			expect(await workspaceOf(db, 'bob')).toEqual({ id: ws, name: 'Supplier', role: 'member' });
			expect(await workspaceOf(db, 'carl')).toBeNull();
			expect((await listWorkspaceMembers(db, ws)).map((m) => [m.id, m.role])).toEqual([
				['alice', 'admin'],
				['bob', 'member']
			]);
			const token = await createWorkspaceInvite(db, ws, 'alice', 60_000, 5_000);
			const { orm, t } = q(db);
			const stored = await orm.select().from(t.workspaceInvites);
			expect(stored.map((r) => r.tokenHash)).toEqual([hashToken(token)]);
			expect(JSON.stringify(stored)).not.toContain(token);
			expect(await findWorkspaceInvite(db, token, 6_000)).toEqual({ ok: true, workspaceId: ws, workspaceName: 'Supplier' });
			expect((await findWorkspaceInvite(db, token, 65_000)).ok).toBe(false);
			expect((await findWorkspaceInvite(db, 'wrong', 6_000)).ok).toBe(false);
			expect((await joinWorkspace(db, 'olga', ws)).ok).toBe(false);
			expect((await joinWorkspace(db, 'carl', ws)).ok).toBe(true);
			const [invite] = await listWorkspaceInvites(db, ws, 6_000);
			expect(await revokeWorkspaceInvite(db, other, invite.id)).toBe(false);
			expect(await revokeWorkspaceInvite(db, ws, invite.id)).toBe(true);
			expect(await revokeWorkspaceInvite(db, ws, invite.id)).toBe(false);
			expect(await findWorkspaceInvite(db, token, 6_000)).toMatchObject({ ok: false, reason: expect.stringContaining('revoked') });
			expect(await listWorkspaceInvites(db, ws)).toEqual([]);
		});

		it('accounts and boards: scoped to the workspace, rename, archive, restore, delete', async () => {
			expect(await getAccount(db, other, accountId)).toBeNull();
			expect((await getAccount(db, ws, accountId))?.name).toBe('Acme');
			expect(await getBoard(db, boardId)).toMatchObject({ id: boardId, name: 'Q1 planning', accountId, workspaceId: ws, archivedAt: null });
			expect(await docsOf(db).load(docName(boardId, 'shared'))).not.toBeNull();
			expect(await storedDocRows(db, boardId)).toBe(2);
			await renameBoard(db, boardId, 'Q1');
			expect((await getBoard(db, boardId))?.name).toBe('Q1');
			const list = await listAccountsWithBoards(db, ws, user('bob'));
			expect(list.map((a) => [a.name, a.ownerName, a.boards.map((b) => [b.name, b.creatorName, b.manage])])).toEqual([['Acme', 'Alice', [['Q1', 'Alice', false]]]]);
			expect(await archiveBoard(db, boardId, { id: 'alice', name: 'Alice' }, 3_000)).toBe(true);
			expect(await archiveBoard(db, boardId, { id: 'alice', name: 'Alice' }, 4_000)).toBe(false);
			expect((await listAccountsWithBoards(db, ws, user('bob')))[0].boards).toEqual([]);
			expect((await listAccountsWithBoards(db, ws, user('bob'), { archived: true }))[0].boards).toHaveLength(1);
			expect((await resolveBoardAccess(db, user('bob'), boardId))?.archived).toBe(true);
			expect(await restoreBoard(db, boardId)).toBe(true);
			expect(await restoreBoard(db, boardId)).toBe(false);
			const keep = await createBoard(db, { accountId, name: 'Keep', template: 'blank', createdBy: 'bob' });
			expect(await deleteBoard(db, boardId)).toBe(true);
			expect(await deleteBoard(db, boardId)).toBe(false);
			expect(await boardExists(db, boardId)).toBe(false);
			expect(await boardExists(db, keep)).toBe(true);
			expect(await docsOf(db).load(docName(boardId, 'shared'))).toBeNull();
			expect(await storedDocRows(db, boardId)).toBe(0);
			expect(await storedDocRows(db, keep)).toBe(2);
		});

		it('access: creator, members, removed members, other workspaces, guests of this board only', async () => {
			expect(await resolveBoardAccess(db, user('alice'), boardId)).toEqual({ boardId, role: 'facilitator', side: 'supplier' });
			expect(await resolveBoardAccess(db, user('bob'), boardId)).toEqual({ boardId, role: 'participant', side: 'supplier' });
			expect(await resolveBoardAccess(db, user('olga'), boardId)).toBeNull();
			expect(await resolveBoardAccess(db, user('carl'), boardId)).toBeNull();
			expect(await resolveBoardAccess(db, user('bob'), 'no-such-board')).toBeNull();
			await setMemberRole(db, boardId, 'bob', 'observer', 'supplier');
			expect((await resolveBoardAccess(db, user('bob'), boardId))?.role).toBe('observer');
			await setMemberRole(db, boardId, 'bob', 'removed', 'supplier');
			expect(await resolveBoardAccess(db, user('bob'), boardId)).toBeNull();
			// Someone from outside joined by a client link: client side, never facilitator.
			await setMemberRole(db, boardId, 'olga', 'facilitator', 'client');
			expect(await resolveBoardAccess(db, user('olga'), boardId)).toEqual({ boardId, role: 'participant', side: 'client' });
			const people = await listBoardPeople(db, boardId);
			expect(people.members.map((m) => [m.id, m.role, m.side]).sort()).toEqual([
				['alice', 'facilitator', 'supplier'],
				['bob', 'removed', 'supplier'],
				['olga', 'participant', 'client']
			]);
		});

		it('guest links: hashed tokens, limited uses, guests scoped to their board, revocation ends their sessions', async () => {
			const second = await createBoard(db, { accountId, name: 'Other board', template: 'blank', createdBy: 'alice' });
			const token = await createBoardInvite(db, { boardId, side: 'client', role: 'participant', label: 'Execs', expiresAt: null, maxUses: 2, createdBy: 'alice' });
			const { orm, t } = q(db);
			expect((await orm.select().from(t.boardInvites)).map((r) => r.tokenHash)).toEqual([hashToken(token)]);
			expect(await listBoardInvites(db, boardId)).toEqual([expect.not.objectContaining({ tokenHash: expect.anything() })]);
			expect(await checkBoardInvite(db, token)).toMatchObject({ ok: true, boardName: 'Q1 planning' });
			const person = { displayName: 'Cleo', title: 'CFO', function: null };
			const [a, b, c] = await Promise.all([redeemBoardInvite(db, token, person), redeemBoardInvite(db, token, person), redeemBoardInvite(db, token, person)]);
			expect([a, b, c].filter((r) => r.ok)).toHaveLength(2);
			expect((await checkBoardInvite(db, token)).ok).toBe(false);
			const guestId = (a.ok ? a : b.ok ? b : c) as { guestId: string };
			expect((await orm.select().from(t.guests)).map((g) => [g.boardId, g.displayName, g.side])).toEqual([
				[boardId, 'Cleo', 'client'],
				[boardId, 'Cleo', 'client']
			]);
			const guest: Principal = { kind: 'guest', guestId: guestId.guestId, name: 'Cleo', boardId, role: 'participant', side: 'client', removed: false };
			expect(await resolveBoardAccess(db, guest, boardId)).toEqual({ boardId, role: 'participant', side: 'client' });
			expect(await resolveBoardAccess(db, guest, second)).toBeNull();
			const gToken = generateSessionToken();
			await createSession(db, gToken, { guestId: guestId.guestId });
			expect((await validateSessionToken(db, gToken))?.guest?.displayName).toBe('Cleo');
			const [invite] = await listBoardInvites(db, boardId);
			expect(await revokeBoardInvite(db, second, invite.id)).toBe(false);
			expect(await revokeBoardInvite(db, boardId, invite.id)).toBe(true);
			expect(await validateSessionToken(db, gToken)).toBeNull();
			expect(await resolveBoardAccess(db, guest, boardId)).toBeNull();
			expect((await checkBoardInvite(db, token)).ok).toBe(false);
			// Removing one guest by hand ends their sessions too.
			const t2 = await createBoardInvite(db, { boardId, side: 'client', role: 'observer', label: null, expiresAt: null, maxUses: null, createdBy: 'alice' });
			const r = await redeemBoardInvite(db, t2, person);
			if (!r.ok) throw new Error(r.reason);
			const s = generateSessionToken();
			await createSession(db, s, { guestId: r.guestId });
			expect(await removeGuest(db, second, r.guestId)).toBe(false);
			expect(await removeGuest(db, boardId, r.guestId)).toBe(true);
			expect(await validateSessionToken(db, s)).toBeNull();
			await invalidateGuestSessions(db, r.guestId);
		});

		it('ballots and private notes: per person, never anyone else’s', async () => {
			const caller = (id: string, side: 'supplier' | 'client' = 'supplier'): Caller => ({ access: { boardId, role: 'participant', side }, personKey: `user:${id}`, author: { id, name: id } });
			await saveBallot(db, boardId, 'v1', caller('alice'), { a: 2 });
			await saveBallot(db, boardId, 'v1', caller('bob'), { a: 1, b: 1 });
			await saveBallot(db, boardId, 'v1', caller('alice'), { b: 3 });
			await saveBallot(db, boardId, 'v2', caller('alice'), { c: 1 });
			expect(await ballotOf(db, boardId, 'v1', 'user:alice')).toEqual({ b: 3 });
			expect(await ballotOf(db, boardId, 'v1', 'user:carl')).toEqual({});
			expect((await ballotsOf(db, boardId, 'v1')).map((b) => [b.personKey, b.dots]).sort()).toEqual([
				['user:alice', { b: 3 }],
				['user:bob', { a: 1, b: 1 }]
			]);
			const n1 = await addNote(db, caller('alice'), boardId, '  Price  ');
			expect(n1).toMatchObject({ text: 'Price' });
			expect(await addNote(db, caller('alice'), boardId, '   ')).toBeTypeOf('string');
			await addNote(db, caller('cleo', 'client'), boardId, 'Speed');
			expect((await ownNotes(db, boardId, 'user:alice')).map((n) => n.text)).toEqual(['Price']);
			expect(await pendingNoteCount(db, boardId)).toEqual({ client: 1, supplier: 1 });
			// Deleting someone else's note does nothing.
			await deleteNote(db, caller('cleo', 'client'), boardId, (n1 as { id: string }).id);
			expect(await ownNotes(db, boardId, 'user:alice')).toHaveLength(1);
			await markNotesRevealed(db, boardId, [(n1 as { id: string }).id]);
			expect(await ownNotes(db, boardId, 'user:alice')).toEqual([]);
			expect(await pendingNoteCount(db, boardId)).toEqual({ client: 1, supplier: 0 });
		});

		it('checkpoints and history: both documents for the supplier side, the shared one only for the client side', async () => {
			await editDoc(db, boardId, 'shared', (doc) => addGoal(doc, { id: 'g1', text: 'Grow in Asia', author: { id: 'alice', name: 'Alice' } }));
			const ids = await createCheckpoint(db, { boardId, name: 'Start', kind: 'manual', reason: 'manual', by: { id: 'alice', name: 'Alice' }, now: 5_000 });
			expect(ids).toHaveLength(2);
			await editDoc(db, boardId, 'shared', (doc) => addGoal(doc, { id: 'g2', text: 'Later goal', author: { id: 'alice', name: 'Alice' } }));
			expect((await listCheckpoints(db, boardId, 'supplier')).map((c) => c.doc).sort()).toEqual(['internal', 'shared']);
			const client = await listCheckpoints(db, boardId, 'client');
			expect(client.map((c) => [c.name, c.doc, c.createdByName, c.createdAt])).toEqual([['Start', 'shared', 'Alice', 5_000]]);
			const internalId = (await listCheckpoints(db, boardId, 'supplier')).find((c) => c.doc === 'internal')!.id;
			expect(await getCheckpoint(db, boardId, internalId, 'client')).toBeNull();
			expect(await getCheckpoint(db, 'other-board', client[0].id, 'supplier')).toBeNull();
			const sib = await siblingCheckpoint(db, boardId, client[0].id, 'internal');
			expect(sib?.id).toBe(internalId);
			expect(sib?.state).toBeInstanceOf(Uint8Array);
			const state = await checkpointBoardState(db, boardId, client[0].id, 'client');
			expect(state?.board.authors).toEqual({ g1: 'Alice' });
			expect(await checkpointBoardState(db, boardId, internalId, 'client')).toBeNull();
			// Retention: automatic checkpoints thin out with age, manual ones stay.
			for (let i = 0; i < 30; i++) await createCheckpoint(db, { boardId, name: `auto ${i}`, kind: 'auto', reason: 'step', by: null, now: 6_000 + i, docs: ['shared'] });
			const before = (await listCheckpoints(db, boardId, 'client')).length;
			const gone = await applyRetention(db, docName(boardId, 'shared'), 6_000 + 400 * 86_400_000);
			expect((await listCheckpoints(db, boardId, 'client')).length).toBe(before - gone);
			expect((await listCheckpoints(db, boardId, 'client')).some((c) => c.name === 'Start')).toBe(true);
		});

		it('search: hits with highlights, the more relevant first, only boards the searcher may open', async () => {
			await editDoc(db, boardId, 'shared', (doc) => {
				addGoal(doc, { id: 'g1', text: 'A plan for the year with many words and one budget mention', author: { id: 'alice', name: 'Alice' } });
				addGoal(doc, { id: 'g2', text: 'Budget budget budget plan', author: { id: 'alice', name: 'Alice' } });
				addGoal(doc, { id: 'g3', text: 'Nothing to see here', author: { id: 'alice', name: 'Alice' } });
			});
			await editDoc(db, boardId, 'internal', (doc) => setRelationNotes(doc, 's1', 'Budget owner is difficult'));
			// Another workspace's board with the same words: never found by this workspace.
			const theirAccount = await createAccount(db, other, 'Their account', 'olga');
			const theirs = await createBoard(db, { accountId: theirAccount, name: 'Theirs', template: 'blank', createdBy: 'olga' });
			await editDoc(db, theirs, 'shared', (doc) => addGoal(doc, { id: 'x1', text: 'Budget secrets of elsewhere', author: { id: 'olga', name: 'Olga' } }));

			const hits = await searchBoards(db, user('bob'), 'budg');
			expect(hits.map((h) => h.itemId).sort()).toEqual(['g1', 'g2', 's1']);
			// Three mentions in four words rank above one mention in twelve.
			expect(hits.findIndex((h) => h.itemId === 'g2')).toBeLessThan(hits.findIndex((h) => h.itemId === 'g1'));
			expect(hits[0].segments.some((s) => s.mark && /^budget$/i.test(s.text))).toBe(true);
			expect(hits.every((h) => h.boardName === 'Q1 planning')).toBe(true);
			expect(await searchBoards(db, user('bob'), 'budget plan')).toHaveLength(2);
			expect(await searchBoards(db, user('bob'), 'elsewhere')).toEqual([]);
			expect((await searchBoards(db, user('olga'), 'budget')).map((h) => h.boardId)).toEqual([theirs]);
			expect(await searchBoards(db, user('carl'), 'budget')).toEqual([]);
			// A client guest finds the shared document's words, never the internal ones.
			const guestId = newId();
			const { orm, t } = q(db);
			await orm.insert(t.guests).values({ id: guestId, boardId, displayName: 'Cleo', side: 'client', role: 'participant', createdAt: 0 });
			const guest: Principal = { kind: 'guest', guestId, name: 'Cleo', boardId, role: 'participant', side: 'client', removed: false };
			expect((await searchBoards(db, guest, 'budget')).map((h) => h.itemId).sort()).toEqual(['g1', 'g2']);
			// The index follows later edits, and a removed member stops finding the board.
			await editDoc(db, boardId, 'shared', (doc) => addGoal(doc, { id: 'g4', text: 'Fresh budget idea', author: { id: 'bob', name: 'Bob' } }));
			expect((await searchBoards(db, user('bob'), 'fresh')).map((h) => h.itemId)).toEqual(['g4']);
			await setMemberRole(db, boardId, 'bob', 'removed', 'supplier');
			expect(await searchBoards(db, user('bob'), 'budget')).toEqual([]);
			expect(await deleteBoard(db, boardId)).toBe(true);
			expect(await searchBoards(db, user('alice'), 'budget')).toEqual([]);
		});

		it('documents: one store per database, read, versioned and seeded on the backend itself', async () => {
			const docs = docsOf(db);
			expect(docsOf(db)).toBe(docs);
			expect(docs.backend).toBe(backend.name === 'SQLite' ? 'sqlite' : 'postgres');
			const name = docName(boardId, 'shared');
			expect(await storedDocRows(db, boardId)).toBe(2);
			const seeded = await docs.version(name);
			expect(seeded).toBeGreaterThanOrEqual(0);
			expect(await docs.version(docName('no-such-board', 'shared'))).toBe(-1);
			await editDoc(db, boardId, 'shared', (doc) => addGoal(doc, { id: 'g1', text: 'Grow', author: { id: 'alice', name: 'Alice' } }));
			const edited = await docs.version(name);
			expect(edited).toBeGreaterThan(seeded);
			// A compaction folds the log into the snapshot: the version stays.
			await docs.compact(name);
			expect(await docs.version(name)).toBe(edited);
			// Seeding twice is refused.
			await expect(docs.seed(name, new Uint8Array([0, 0]))).rejects.toThrow();
		});

		it('dot casts: twenty at once from one person all count, a refused one stores nothing', async () => {
			const caller: Caller = { access: { boardId, role: 'participant', side: 'supplier' }, personKey: 'user:bob', author: { id: 'bob', name: 'Bob' } };
			const rules = { items: ['a', 'b'], budget: 30, maxPerItem: 25 };
			const results = await Promise.all(Array.from({ length: 20 }, (_, i) => castBallot(db, boardId, 'v1', caller, rules, i % 2 ? 'a' : 'b', 1)));
			expect(results.every((r) => r.ok)).toBe(true);
			expect(await ballotOf(db, boardId, 'v1', 'user:bob')).toEqual({ a: 10, b: 10 });
			// Over the budget, all at once: exactly the ten that fit count.
			const more = await Promise.all(Array.from({ length: 15 }, () => castBallot(db, boardId, 'v1', caller, rules, 'a', 1)));
			expect(more.filter((r) => r.ok)).toHaveLength(10);
			expect(await ballotOf(db, boardId, 'v1', 'user:bob')).toEqual({ a: 20, b: 10 });
			const carl: Caller = { ...caller, personKey: 'user:carl', author: { id: 'carl', name: 'Carl' } };
			expect((await castBallot(db, boardId, 'v1', carl, rules, 'not-an-item', 1)).ok).toBe(false);
			expect((await ballotsOf(db, boardId, 'v1')).map((b) => b.personKey)).toEqual(['user:bob']);
		});

		it('search folds accents and case: "cafe" finds "Café", "muller" finds "Müller"', async () => {
			await editDoc(db, boardId, 'shared', (doc) => {
				addGoal(doc, { id: 'g1', text: 'Café with Herr Müller', author: { id: 'alice', name: 'Alice' } });
				addGoal(doc, { id: 'g2', text: 'Nothing here', author: { id: 'alice', name: 'Alice' } });
			});
			for (const query of ['cafe', 'Café', 'muller', 'MÜLLER', 'caf mul'])
				expect((await searchBoards(db, user('bob'), query)).map((h) => h.itemId), query).toEqual(['g1']);
			const [hit] = await searchBoards(db, user('bob'), 'muller');
			expect(hit.segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['Müller']);
		});

		it('rate limits: free attempts, backoff, forgive, reset, prune', async () => {
			const policy: Backoff = { free: 2, baseMs: 1_000, maxMs: 4_000, forgetAfterMs: 60_000 };
			const now = 1_000_000;
			expect(await waitMs(db, 'k', policy, now)).toBe(0);
			await record(db, 'k', policy, now);
			await record(db, 'k', policy, now);
			expect(await waitMs(db, 'k', policy, now)).toBe(1_000);
			await record(db, 'k', policy, now);
			expect(await waitMs(db, 'k', policy, now)).toBe(2_000);
			await forgive(db, 'k');
			expect(await waitMs(db, 'k', policy, now)).toBe(1_000);
			for (let i = 0; i < 5; i++) await forgive(db, 'k');
			expect(await waitMs(db, 'k', policy, now)).toBe(0);
			await record(db, 'k', policy, now);
			await record(db, 'k', policy, now);
			await record(db, 'other', policy, now);
			await reset(db, 'k');
			expect(await waitMs(db, 'k', policy, now)).toBe(0);
			expect(await waitMs(db, 'k', policy, now + 60_000)).toBe(0);
			await prune(db, now + PRUNE_AFTER_MS + 1);
			const { orm, t } = q(db);
			expect((await orm.select().from(t.rateLimits)).map((r) => r.key).filter((k) => !k.startsWith('~'))).toEqual([]);
		});
	});
}
