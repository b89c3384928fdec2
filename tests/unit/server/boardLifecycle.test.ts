import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { boardInvites, boardMembers, boards, docQuarantine, guests, sessions } from '../../../src/lib/server/db/schema.ts';
import { archiveBoard, createAccount, createBoard, deleteBoard, listAccountsWithBoards, restoreBoard } from '../../../src/lib/server/boards.ts';
import { decideBoardAccess, resolveBoardAccess, type BoardFacts } from '../../../src/lib/server/access.ts';
import { defaultReviewSource, previousPlanningBoard, reviewSources } from '../../../src/lib/server/boardTemplates.ts';
import { appendUpdate, loadDoc } from '../../../src/lib/server/docStore.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { createSession, generateSessionToken } from '../../../src/lib/server/auth/session.ts';
import { BOARD_ROLES, SIDES, canManageBoard, canManageLifecycle, canWrite, type BoardAccess } from '../../../src/lib/board/model/roles.ts';
import { addGoal } from '../../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { meta } from '../../../src/lib/board/doc/schema.ts';
import { addUser, tempDb } from '../testDb.ts';

describe('life-cycle rules (roles.ts)', () => {
	const every: BoardAccess[] = BOARD_ROLES.flatMap((role) => SIDES.map((side) => ({ boardId: 'b', role, side })));

	it('supplier-side facilitators, and the account owner on the supplier side, manage the life cycle', () => {
		for (const a of every) {
			expect(canManageLifecycle(a, false), JSON.stringify(a)).toBe(canManageBoard(a));
			expect(canManageLifecycle(a, true), JSON.stringify(a)).toBe(a.side === 'supplier');
		}
		expect(canManageLifecycle(null, true)).toBe(false);
	});

	it('nobody writes to an archived board, whatever their role', () => {
		for (const a of every) {
			expect(canWrite(a)).toBe(a.role !== 'observer');
			expect(canWrite({ ...a, archived: true })).toBe(false);
		}
	});

	it('access resolution marks an archived board for every kind of person', () => {
		const facts: BoardFacts = { boardId: 'b', createdBy: 'u1', workspaceId: 'w1', userWorkspaceId: 'w1', member: null, archived: true };
		expect(decideBoardAccess({ kind: 'user', userId: 'u1', name: 'A' }, facts)).toEqual({ boardId: 'b', role: 'facilitator', side: 'supplier', archived: true });
		expect(decideBoardAccess({ kind: 'user', userId: 'u2', name: 'B' }, facts)?.archived).toBe(true);
		const guest = { kind: 'guest' as const, guestId: 'g', name: 'G', boardId: 'b', role: 'participant' as const, side: 'client' as const, removed: false };
		expect(decideBoardAccess(guest, { ...facts, userWorkspaceId: null })?.archived).toBe(true);
		expect(decideBoardAccess(guest, { ...facts, userWorkspaceId: null, archived: false })).toEqual({ boardId: 'b', role: 'participant', side: 'client' });
		// Still no access for whoever had none.
		expect(decideBoardAccess({ kind: 'user', userId: 'x', name: 'X' }, { ...facts, userWorkspaceId: 'w2' })).toBeNull();
	});
});

describe('board life cycle (boards.ts)', () => {
	let db: Db;
	let cleanup: () => void;
	let accountId: string;
	const alice = { kind: 'user' as const, userId: 'alice', name: 'Alice' };
	const bob = { kind: 'user' as const, userId: 'bob', name: 'Bob' };

	beforeEach(async () => {
		({ db, cleanup } = tempDb());
		addUser(db, 'alice', 'w1');
		addUser(db, 'bob', 'w1');
		accountId = await createAccount(db, 'w1', 'ACME', 'alice');
	});
	afterEach(() => cleanup());

	function edit(boardId: string, fn: (doc: Y.Doc) => void) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, loadDoc(db, docName(boardId, 'shared'))!);
		const before = Y.encodeStateVector(doc);
		fn(doc);
		appendUpdate(db, docName(boardId, 'shared'), Y.encodeStateAsUpdate(doc, before));
	}

	it('archiving is idempotent, read-only for everyone, hidden by default and restorable', async () => {
		const id = await createBoard(db, { accountId, name: 'Q1', template: 'blank', createdBy: 'bob' }, 1_000);
		expect(await archiveBoard(db, id, { id: 'alice', name: 'Alice' }, 2_000)).toBe(true);
		expect(await archiveBoard(db, id, { id: 'bob', name: 'Bob' }, 3_000)).toBe(false);
		expect(db.select().from(boards).where(eq(boards.id, id)).get()).toMatchObject({ archivedAt: 2_000, archivedBy: 'alice', archivedByName: 'Alice' });
		expect(canWrite((await resolveBoardAccess(db, bob, id))!)).toBe(false);
		expect((await listAccountsWithBoards(db, 'w1', alice))[0].boards).toEqual([]);
		expect((await listAccountsWithBoards(db, 'w1', alice, { archived: true }))[0].boards.map((b) => [b.id, b.archivedAt, b.creatorName])).toEqual([[id, 2_000, 'BOB']]);
		expect(await restoreBoard(db, id)).toBe(true);
		expect(await restoreBoard(db, id)).toBe(false);
		expect(canWrite((await resolveBoardAccess(db, bob, id))!)).toBe(true);
		expect((await listAccountsWithBoards(db, 'w1', alice))[0].boards.map((b) => b.id)).toEqual([id]);
	});

	it('the board list says who may manage each board: its facilitators and the account owner', async () => {
		addUser(db, 'carol', 'w1');
		const id = await createBoard(db, { accountId, name: 'Q1', template: 'blank', createdBy: 'bob' }, 1_000);
		const manage = async (userId: string) => (await listAccountsWithBoards(db, 'w1', { kind: 'user', userId, name: userId }))[0].boards.find((b) => b.id === id)!.manage;
		expect(await manage('bob')).toBe(true); // creator, so facilitator
		expect(await manage('alice')).toBe(true); // account owner, a participant on the board
		expect(await manage('carol')).toBe(false);
		db.insert(boardMembers).values({ boardId: id, userId: 'carol', role: 'facilitator', side: 'supplier', updatedAt: 0 }).run();
		expect(await manage('carol')).toBe(true);
	});

	it('deleting removes the board and everything derived from it, and nothing of other boards', async () => {
		const id = await createBoard(db, { accountId, name: 'Q1', template: 'blank', createdBy: 'alice' }, 1_000);
		const keep = await createBoard(db, { accountId, name: 'Q2', template: 'blank', createdBy: 'alice' }, 1_000);
		edit(id, (doc) => addGoal(doc, { id: 'g1', text: 'x', author: { id: 'alice', name: 'A' } }));
		for (const b of [id, keep]) {
			db.insert(boardInvites).values({ id: `i-${b}`, boardId: b, tokenHash: `h-${b}`, side: 'client', role: 'participant', createdBy: 'alice', createdAt: 0 }).run();
			db.insert(guests).values({ id: `g-${b}`, boardId: b, inviteId: `i-${b}`, displayName: 'G', side: 'client', role: 'participant', createdAt: 0 }).run();
			await createSession(db, generateSessionToken(), { guestId: `g-${b}` });
			db.insert(boardMembers).values({ boardId: b, userId: 'bob', role: 'observer', side: 'supplier', updatedAt: 0 }).run();
			db.insert(docQuarantine).values({ docName: docName(b, 'shared'), source: 'log', seq: 1, data: Buffer.from([1]), reason: 'test', createdAt: 0 }).run();
		}
		expect(await deleteBoard(db, id)).toBe(true);
		expect(await deleteBoard(db, id)).toBe(false);
		const client = db.$client;
		const mentions = (needle: string) => {
			const tables = client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
			return tables.flatMap(({ name }) =>
				(client.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
					.filter((row) => Object.values(row).some((v) => typeof v === 'string' && v.includes(needle)))
					.map(() => name)
			);
		};
		expect(mentions(id)).toEqual([]);
		expect(db.select().from(sessions).all().filter((s) => s.guestId === `g-${id}`)).toEqual([]);
		expect(new Set(mentions(keep))).toEqual(new Set(['boards', 'board_members', 'board_invites', 'guests', 'doc_snapshots', 'doc_quarantine', 'sessions']));
	});
});

describe('quarterly review: the source board', () => {
	let db: Db;
	let cleanup: () => void;
	let accountId: string;
	const alice = { kind: 'user' as const, userId: 'alice', name: 'Alice' };

	beforeEach(async () => {
		({ db, cleanup } = tempDb());
		addUser(db, 'alice', 'w1');
		addUser(db, 'bob', 'w1');
		accountId = await createAccount(db, 'w1', 'ACME', 'alice');
	});
	afterEach(() => cleanup());

	async function withContent(name: string, at: number, fill: (doc: Y.Doc) => void) {
		const id = await createBoard(db, { accountId, name, template: 'joint-planning', createdBy: 'alice' }, at);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, loadDoc(db, docName(id, 'shared'))!);
		const before = Y.encodeStateVector(doc);
		fill(doc);
		appendUpdate(db, docName(id, 'shared'), Y.encodeStateAsUpdate(doc, before));
		return id;
	}
	const carried = (id: string) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, loadDoc(db, docName(id, 'shared'))!);
		return meta(doc).get('carriedOver') as { boardId: string } | null;
	};

	it('defaults to the newest board with content, not a newer empty one', async () => {
		const planned = await withContent('Q1 planning', 1_000, (d) => addGoal(d, { id: 'g1', text: 'Grow', author: { id: 'alice', name: 'A' } }));
		const people = await withContent('Q1 people', 1_500, (d) => addStakeholder(d, 's1', { name: 'Cleo', side: 'client', level: 'executive' }));
		await createBoard(db, { accountId, name: 'Scratch', template: 'blank', createdBy: 'alice' }, 2_000);
		const sources = await reviewSources(db, accountId, alice);
		expect(sources.map((s) => [s.name, s.hasContent])).toEqual([
			['Scratch', false],
			['Q1 people', true],
			['Q1 planning', true]
		]);
		expect(defaultReviewSource(sources)?.id).toBe(people);
		const review = await createBoard(db, { accountId, name: 'Q2 review', template: 'qbr', createdBy: 'alice' }, 3_000);
		expect(carried(review)?.boardId).toBe(people);
		// The creator's choice wins.
		const chosen = await createBoard(db, { accountId, name: 'Q2 review b', template: 'qbr', createdBy: 'alice', sourceId: planned }, 3_000);
		expect(carried(chosen)?.boardId).toBe(planned);
	});

	it('a chosen source the creator cannot open, or of another account, copies nothing', async () => {
		const secret = await withContent('Q1 planning', 1_000, (d) => addGoal(d, { id: 'g1', text: 'Grow', author: { id: 'alice', name: 'A' } }));
		db.insert(boardMembers).values({ boardId: secret, userId: 'bob', role: 'removed', side: 'supplier', updatedAt: 0 }).run();
		expect(await reviewSources(db, accountId, { kind: 'user', userId: 'bob', name: 'Bob' })).toEqual([]);
		expect(await previousPlanningBoard(db, accountId, { kind: 'user', userId: 'bob', name: 'Bob' }, secret)).toBeNull();
		const other = await createAccount(db, 'w1', 'Initech', 'alice');
		expect(await previousPlanningBoard(db, other, alice, secret)).toBeNull();
	});
});
