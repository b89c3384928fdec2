import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ServerProcess } from './helpers/server.ts';
import { cookieOf } from './helpers/seed.ts';
import { upgradeStatus } from './helpers/clients.ts';
import {
	addAccount,
	addBoardRow,
	addGuest,
	addInviteWithGuest,
	addMemberRow,
	addUser,
	addWorkspaceInvite,
	castOf,
	dumpDb,
	editDoc,
	storedDoc,
	type Actor,
	type Cast
} from './helpers/cast.ts';
import { addGoal, readGoals } from '../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../src/lib/board/doc/stakeholders.ts';
import { readRelation, relationsMap, setRelationNotes } from '../../src/lib/board/doc/internal.ts';
import { accounts, boardInvites, boardMembers, boards, guests, sessions, workspaceInvites } from '../../src/lib/server/db/schema.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

/*
 * The HTTP authorization matrix: every route and form action × every kind of person, including
 * ids that belong to another board or workspace. A refused request must answer the expected status
 * AND leave every table of the database exactly as it was; an allowed one must do what it says.
 * Each cell prepares its own targets, so cells do not depend on each other.
 */

let server: ServerProcess;
let c: Cast;

beforeAll(async () => {
	server = new ServerProcess();
	await server.start();
	c = castOf(server.dbPath);
});
afterAll(async () => {
	c?.world.close();
	await server?.dispose();
});

const ACTORS: Actor[] = [
	'anonymous',
	'facilitator',
	'outsiderFacilitator',
	'removedMember',
	'observer',
	'participant',
	'clientGuest',
	'clientMember',
	'clientFacilitatorGuest',
	'clientFacilitatorMember',
	'otherBoardGuest'
];

interface Outcome {
	status: number;
	/** Expected Location header (exact, or a prefix ending in "…"). */
	location?: string;
	/** Present on allowed requests: asserts what changed. Absent: nothing may change. */
	changed?: (ctx: Ctx) => void;
	/** Extra checks on the response body. */
	body?: (html: string, ctx: Ctx) => void;
}

interface Ctx {
	c: Cast;
	actor: Actor;
	/** What prepare() created for this cell. */
	t: Record<string, string>;
	location: string | null;
}

interface Case {
	name: string;
	method: 'GET' | 'POST';
	path: (ctx: Ctx) => string;
	form?: (ctx: Ctx) => Record<string, string>;
	prepare?: (c: Cast) => Record<string, string>;
	/** Puts shared targets (the cast's board) back after the cell, allowed or not. */
	cleanup?: (c: Cast) => void;
	expect: (ctx: Ctx) => Outcome;
}

// Outcomes, by who is asking.
const SIGNIN: Outcome = { status: 303, location: '/signin?next=…' };
const NOT_FOUND: Outcome = { status: 404 };
const FORBIDDEN: Outcome = { status: 403 };
const BAD: Outcome = { status: 400 };
const OK: Outcome = { status: 200 };
const TO_SETUP: Outcome = { status: 303, location: '/setup' };

const isGuest = (a: Actor) => a === 'clientGuest' || a === 'clientFacilitatorGuest' || a === 'otherBoardGuest';
const guestHome = ({ c, actor }: Ctx): Outcome => ({ status: 303, location: `/boards/${actor === 'otherBoardGuest' ? c.otherBoard.boardId : c.board.boardId}` });
const isWorkspaceMember = (a: Actor) => a === 'facilitator' || a === 'removedMember' || a === 'observer' || a === 'participant';
const hasNoWorkspace = (a: Actor) => a === 'clientMember' || a === 'clientFacilitatorMember';

/** Board `B` (the cast's board) routes that only its facilitator may use. */
function onlyBoardFacilitator(ctx: Ctx, facilitator: Outcome): Outcome {
	switch (ctx.actor) {
		case 'anonymous':
			return SIGNIN;
		case 'facilitator':
			return facilitator;
		case 'outsiderFacilitator':
		case 'removedMember':
		case 'otherBoardGuest':
			return NOT_FOUND;
		default:
			return FORBIDDEN;
	}
}

/** Routes of the outsider's own board: only the outsider (its facilitator) gets past the board check. */
function onlyForeignFacilitator(ctx: Ctx, outsider: Outcome): Outcome {
	if (ctx.actor === 'anonymous') return SIGNIN;
	if (ctx.actor === 'outsiderFacilitator') return outsider;
	return NOT_FOUND;
}

/** Workspace routes: members of a workspace act in their own; guests go back to their board. */
function workspaceRoute(ctx: Ctx, member: Outcome, outsider: Outcome): Outcome {
	if (ctx.actor === 'anonymous') return SIGNIN;
	if (isGuest(ctx.actor)) return guestHome(ctx);
	if (hasNoWorkspace(ctx.actor)) return TO_SETUP;
	if (ctx.actor === 'outsiderFacilitator') return outsider;
	return member;
}

/**
 * A report of board `B`: a page sends the signed-out to sign in, an endpoint answers 401; people not
 * on the board get 404; the internal version is 403 for the client side.
 */
function reportOutcome(ctx: Ctx, version: 'client' | 'internal', kind: 'page' | 'endpoint', ok: Outcome): Outcome {
	if (ctx.actor === 'anonymous') return kind === 'page' ? SIGNIN : { status: 401 };
	if (ctx.actor === 'outsiderFacilitator' || ctx.actor === 'removedMember' || ctx.actor === 'otherBoardGuest') return NOT_FOUND;
	if (version === 'internal' && !isWorkspaceMember(ctx.actor)) return FORBIDDEN;
	return ok;
}

const B = (ctx: Ctx) => ctx.c.board.boardId;
const FB = (ctx: Ctx) => ctx.c.foreign.boardId;
const linksOn = (boardId: string) => c.db.select().from(boardInvites).where(eq(boardInvites.boardId, boardId)).all().length;
const guestRow = (id: string) => c.db.select().from(guests).where(eq(guests.id, id)).get()!;
const sessionsOf = (guestId: string) => c.db.select().from(sessions).where(eq(sessions.guestId, guestId)).all().length;
const memberRow = (boardId: string, userId: string) =>
	c.db.select().from(boardMembers).where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId))).get();

/** A new workspace member of the cast's workspace (no board row yet). */
const freshColleague = (c: Cast) => {
	const ws = c.db.select().from(accounts).where(eq(accounts.id, c.accountId)).get()!.workspaceId;
	return addUser(c.db, 'Fresh colleague', ws);
};

/**
 * A board of the cast's account created by the participant: they are its facilitator, the
 * facilitator is the account's owner (a plain participant on it); both may manage its life cycle.
 */
function ownerOrCreator(ctx: Ctx, ok: Outcome): Outcome {
	switch (ctx.actor) {
		case 'anonymous':
			return SIGNIN;
		case 'facilitator':
		case 'participant':
			return ok;
		case 'observer':
		case 'removedMember':
			return FORBIDDEN; // workspace members, participants on that board
		default:
			return NOT_FOUND;
	}
}
const colleaguesBoard = (c: Cast) => ({ id: addBoardRow(c.db, c.accountId, c.users.participant, "A colleague's board") });
const boardRow = (id: string) => c.db.select().from(boards).where(eq(boards.id, id)).get();
const setArchived = (id: string, archived: boolean) =>
	c.db.update(boards).set(archived ? { archivedAt: 1, archivedBy: c.users.facilitator, archivedByName: 'facilitator' } : { archivedAt: null, archivedBy: null, archivedByName: null }).where(eq(boards.id, id)).run();
const carriedFrom = (boardId: string) => (storedDoc(c.db, boardId, 'shared').getMap('meta').get('carriedOver') as { boardId: string } | null)?.boardId;

const lists = (boardId: string) => (html: string) => expect(html).toContain(`/boards/${boardId}"`);
const listsNot = (boardId: string) => (html: string) => expect(html).not.toContain(`/boards/${boardId}`);

const CASES: Case[] = [
	// ── Pages ──────────────────────────────────────────────────────────────────────────────────
	{
		name: 'GET / lists only the boards one can open',
		method: 'GET',
		path: () => '/',
		expect: (ctx) => {
			const ours = { ...OK, body: (h: string) => lists(B(ctx))(h) };
			if (ctx.actor === 'removedMember') return { ...OK, body: (h) => (listsNot(B(ctx))(h), lists(ctx.c.otherBoard.boardId)(h)) };
			return workspaceRoute(ctx, ours, { ...OK, body: (h) => (listsNot(B(ctx))(h), lists(FB(ctx))(h)) });
		}
	},
	{
		name: 'GET /accounts/:id lists only the boards one can open',
		method: 'GET',
		path: (ctx) => `/accounts/${ctx.c.accountId}`,
		expect: (ctx) => {
			if (ctx.actor === 'removedMember') return { ...OK, body: (h) => (listsNot(B(ctx))(h), lists(ctx.c.otherBoard.boardId)(h)) };
			return workspaceRoute(ctx, { ...OK, body: lists(B(ctx)) }, NOT_FOUND);
		}
	},
	{
		name: "GET /accounts/:id of another workspace's account",
		method: 'GET',
		path: (ctx) => `/accounts/${ctx.c.foreign.accountId}`,
		expect: (ctx) => workspaceRoute(ctx, NOT_FOUND, { ...OK, body: lists(FB(ctx)) })
	},
	{
		name: 'GET /boards/:id/people',
		method: 'GET',
		path: (ctx) => `/boards/${B(ctx)}/people`,
		expect: (ctx) => {
			if (ctx.actor === 'anonymous') return SIGNIN;
			if (ctx.actor === 'outsiderFacilitator' || ctx.actor === 'removedMember' || ctx.actor === 'otherBoardGuest') return NOT_FOUND;
			// Only the board's (supplier-side) facilitator is offered the management forms.
			const manages = ctx.actor === 'facilitator';
			return {
				...OK,
				body: (h) => {
					expect(h.includes('action="?/createInvite"')).toBe(manages);
					expect(h.includes('action="?/setRole"')).toBe(manages);
				}
			};
		}
	},
	{
		// The board page renders in the browser only (ssr = false): its data comes from __data.json,
		// which always answers 200 and says redirect / error / data in its body.
		name: 'GET /boards/:id/__data.json',
		method: 'GET',
		path: (ctx) => `/boards/${B(ctx)}/__data.json`,
		expect: (ctx) => {
			if (ctx.actor === 'anonymous') return { ...OK, body: (h) => expect(JSON.parse(h)).toMatchObject({ type: 'redirect', location: expect.stringMatching(/^\/signin/) }) };
			const node = (h: string) => JSON.parse(h).nodes.at(-1);
			if (ctx.actor === 'outsiderFacilitator' || ctx.actor === 'removedMember' || ctx.actor === 'otherBoardGuest')
				return { ...OK, body: (h) => expect(node(h)).toMatchObject({ type: 'error', status: 404 }) };
			const internal = isWorkspaceMember(ctx.actor);
			return {
				...OK,
				body: (h) => {
					expect(node(h).type).toBe('data');
					expect(h.includes('"internal"')).toBe(internal);
				}
			};
		}
	},
	{
		name: 'GET /boards/:id/access',
		method: 'GET',
		path: (ctx) => `/boards/${B(ctx)}/access`,
		expect: (ctx) => {
			if (ctx.actor === 'anonymous') return { status: 401 };
			if (ctx.actor === 'outsiderFacilitator' || ctx.actor === 'removedMember' || ctx.actor === 'otherBoardGuest') return NOT_FOUND;
			const supplier = isWorkspaceMember(ctx.actor);
			const facilitator = ctx.actor === 'facilitator';
			return {
				...OK,
				body: (h) => expect(JSON.parse(h)).toMatchObject({ side: supplier ? 'supplier' : 'client', ...(facilitator ? { role: 'facilitator' } : {}) })
			};
		}
	},
	// ── Reports of a board: anyone on it gets the client-safe version; the internal one only the supplier side ──
	...(['client', 'internal'] as const).flatMap((version): Case[] => [
		...['view', 'matrix.csv', 'stakeholders.csv', 'actions.csv', 'summary.md'].map(
			(file): Case => ({
				name: `GET /boards/:id/report/${file}?version=${version}`,
				method: 'GET',
				path: (ctx) => `/boards/${B(ctx)}/report/${file}?version=${version}`,
				expect: (ctx) => reportOutcome(ctx, version, file === 'view' ? 'page' : 'endpoint', { ...OK, body: (h) => (file === 'view' ? expect(h).toContain(`data-version="${version}"`) : expect(h.length).toBeGreaterThan(0)) })
			})
		),
		{
			name: `POST /boards/:id/report/pdf?version=${version}`,
			method: 'POST',
			path: (ctx) => `/boards/${B(ctx)}/report/pdf?version=${version}`,
			expect: (ctx) => reportOutcome(ctx, version, 'endpoint', { status: 202, body: (h) => expect(JSON.parse(h)).toMatchObject({ state: expect.stringMatching(/^(queued|rendering)$/) }) })
		}
	]),
	{
		name: 'GET /boards/:id/report (the Reports page)',
		method: 'GET',
		path: (ctx) => `/boards/${B(ctx)}/report`,
		expect: (ctx) => reportOutcome(ctx, 'client', 'page', { ...OK, body: (h) => expect(h.includes('value="internal"')).toBe(isWorkspaceMember(ctx.actor)) })
	},
	{
		name: 'GET /boards/:id/report/pdf/:job of a job that is not theirs',
		method: 'GET',
		path: (ctx) => `/boards/${B(ctx)}/report/pdf/00000000-0000-4000-8000-000000000000`,
		expect: (ctx) => reportOutcome(ctx, 'client', 'endpoint', NOT_FOUND)
	},
	{
		name: 'GET /boards/:id/report/matrix.csv of another workspace',
		method: 'GET',
		path: (ctx) => `/boards/${FB(ctx)}/report/matrix.csv`,
		expect: (ctx) => (ctx.actor === 'anonymous' ? { status: 401 } : onlyForeignFacilitator(ctx, OK))
	},
	{
		name: 'GET /boards/:id/people of another workspace',
		method: 'GET',
		path: (ctx) => `/boards/${FB(ctx)}/people`,
		expect: (ctx) => onlyForeignFacilitator(ctx, OK)
	},
	{
		name: 'GET /workspace',
		method: 'GET',
		path: () => '/workspace',
		expect: (ctx) => workspaceRoute(ctx, OK, OK)
	},
	{
		name: 'GET /setup',
		method: 'GET',
		path: () => '/setup',
		expect: (ctx) => {
			if (ctx.actor === 'anonymous') return SIGNIN;
			if (isGuest(ctx.actor)) return guestHome(ctx);
			if (hasNoWorkspace(ctx.actor)) return OK;
			return { status: 303, location: '/' };
		}
	},

	// ── Invite links of a board ────────────────────────────────────────────────────────────────
	...(
		[
			['client', 'participant', true],
			['client', 'observer', true],
			['supplier', 'participant', true],
			['supplier', 'facilitator', true],
			['client', 'facilitator', false]
		] as const
	).map(
		([side, role, allowed]): Case => ({
			name: `createInvite ${side} ${role}`,
			method: 'POST',
			path: (ctx) => `/boards/${B(ctx)}/people?/createInvite`,
			form: () => ({ side, role }),
			prepare: () => ({ before: String(linksOn(c.board.boardId)) }),
			expect: (ctx) =>
				onlyBoardFacilitator(
					ctx,
					allowed ? { ...OK, body: (h) => expect(h).toContain('/invite/'), changed: ({ t }) => expect(linksOn(c.board.boardId)).toBe(Number(t.before) + 1) } : BAD
				)
		})
	),
	{
		name: 'revokeInvite of this board',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/revokeInvite`,
		prepare: (c) => {
			const i = addInviteWithGuest(c.db, c.board.boardId, c.users.facilitator, 'Revoke me');
			return { id: i.id, guestId: i.guestId };
		},
		form: ({ t }) => ({ id: t.id }),
		expect: (ctx) =>
			onlyBoardFacilitator(ctx, {
				...OK,
				changed: ({ t }) => {
					expect(guestRow(t.guestId).removedAt).not.toBeNull();
					expect(sessionsOf(t.guestId)).toBe(0);
				}
			})
	},
	{
		name: "revokeInvite with another workspace's invite id",
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/revokeInvite`,
		prepare: (c) => addInviteWithGuest(c.db, c.foreign.boardId, c.users.outsider, 'Foreign joiner'),
		form: ({ t }) => ({ id: t.id }),
		expect: (ctx) => onlyBoardFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "revokeInvite on one's own board with an invite id of this board",
		method: 'POST',
		path: (ctx) => `/boards/${FB(ctx)}/people?/revokeInvite`,
		prepare: (c) => addInviteWithGuest(c.db, c.board.boardId, c.users.facilitator, 'Victim'),
		form: ({ t }) => ({ id: t.id }),
		expect: (ctx) => onlyForeignFacilitator(ctx, NOT_FOUND)
	},

	// ── Roles ──────────────────────────────────────────────────────────────────────────────────
	{
		name: 'setRole of a client guest to observer',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: addGuest(c.db, c.board.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id, role: 'observer' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, { ...OK, changed: ({ t }) => expect(guestRow(t.id).role).toBe('observer') })
	},
	{
		name: 'setRole of a client guest to facilitator (side invariant)',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: addGuest(c.db, c.board.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id, role: 'facilitator' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, BAD)
	},
	{
		name: 'setRole of a supplier guest to facilitator',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: addGuest(c.db, c.board.boardId, 'supplier', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id, role: 'facilitator' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, { ...OK, changed: ({ t }) => expect(guestRow(t.id).role).toBe('facilitator') })
	},
	{
		name: "setRole of another workspace's guest",
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: addGuest(c.db, c.foreign.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id, role: 'observer' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "setRole on one's own board of this board's guest",
		method: 'POST',
		path: (ctx) => `/boards/${FB(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: addGuest(c.db, c.board.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id, role: 'observer' }),
		expect: (ctx) => onlyForeignFacilitator(ctx, NOT_FOUND)
	},
	{
		name: 'setRole of a workspace member to facilitator',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: freshColleague(c) }),
		form: ({ t }) => ({ kind: 'member', personId: t.id, role: 'facilitator' }),
		expect: (ctx) =>
			onlyBoardFacilitator(ctx, { ...OK, changed: ({ t }) => expect(memberRow(c.board.boardId, t.id)).toMatchObject({ role: 'facilitator', side: 'supplier' }) })
	},
	{
		name: 'setRole of a client-side member to facilitator (side invariant)',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => {
			const id = addUser(c.db, 'Client member', null);
			addMemberRow(c.db, c.board.boardId, id, 'participant', 'client');
			return { id };
		},
		form: ({ t }) => ({ kind: 'member', personId: t.id, role: 'facilitator' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, BAD)
	},
	{
		name: 'setRole of a user of another workspace',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: addUser(c.db, 'Foreign user', c.foreign.workspaceId) }),
		form: ({ t }) => ({ kind: 'member', personId: t.id, role: 'observer' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "setRole on one's own board of this workspace's member",
		method: 'POST',
		path: (ctx) => `/boards/${FB(ctx)}/people?/setRole`,
		prepare: (c) => ({ id: freshColleague(c) }),
		form: ({ t }) => ({ kind: 'member', personId: t.id, role: 'facilitator' }),
		expect: (ctx) => onlyForeignFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "setRole of the board's creator",
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/setRole`,
		form: (ctx) => ({ kind: 'member', personId: ctx.c.users.facilitator, role: 'observer' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, BAD)
	},

	// ── Removing people ────────────────────────────────────────────────────────────────────────
	{
		name: 'remove a guest of this board',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/remove`,
		prepare: (c) => ({ id: addGuest(c.db, c.board.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id }),
		expect: (ctx) =>
			onlyBoardFacilitator(ctx, {
				...OK,
				changed: ({ t }) => {
					expect(guestRow(t.id).removedAt).not.toBeNull();
					expect(sessionsOf(t.id)).toBe(0);
				}
			})
	},
	{
		name: "remove another workspace's guest",
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/remove`,
		prepare: (c) => ({ id: addGuest(c.db, c.foreign.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id }),
		expect: (ctx) => onlyBoardFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "remove on one's own board a guest of this board",
		method: 'POST',
		path: (ctx) => `/boards/${FB(ctx)}/people?/remove`,
		prepare: (c) => ({ id: addGuest(c.db, c.board.boardId, 'client', 'participant').id }),
		form: ({ t }) => ({ kind: 'guest', personId: t.id }),
		expect: (ctx) => onlyForeignFacilitator(ctx, NOT_FOUND)
	},
	{
		name: 'remove a workspace member from this board',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/remove`,
		prepare: (c) => ({ id: freshColleague(c) }),
		form: ({ t }) => ({ kind: 'member', personId: t.id }),
		expect: (ctx) => onlyBoardFacilitator(ctx, { ...OK, changed: ({ t }) => expect(memberRow(c.board.boardId, t.id)?.role).toBe('removed') })
	},
	{
		name: 'remove a user of another workspace',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/remove`,
		prepare: (c) => ({ id: addUser(c.db, 'Foreign user', c.foreign.workspaceId) }),
		form: ({ t }) => ({ kind: 'member', personId: t.id }),
		expect: (ctx) => onlyBoardFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "remove on one's own board a member of this workspace",
		method: 'POST',
		path: (ctx) => `/boards/${FB(ctx)}/people?/remove`,
		prepare: (c) => ({ id: freshColleague(c) }),
		form: ({ t }) => ({ kind: 'member', personId: t.id }),
		expect: (ctx) => onlyForeignFacilitator(ctx, NOT_FOUND)
	},
	{
		name: "remove the board's creator",
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}/people?/remove`,
		form: (ctx) => ({ kind: 'member', personId: ctx.c.users.facilitator }),
		expect: (ctx) => onlyBoardFacilitator(ctx, BAD)
	},

	// ── Accounts and boards ────────────────────────────────────────────────────────────────────
	{
		name: 'createAccount managed by oneself',
		method: 'POST',
		path: () => '/?/createAccount',
		prepare: () => ({ before: String(c.db.select().from(accounts).all().length) }),
		form: () => ({ name: 'New customer' }),
		expect: (ctx) => {
			const created: Outcome = { ...OK, changed: ({ t }) => expect(c.db.select().from(accounts).all().length).toBe(Number(t.before) + 1) };
			return workspaceRoute(ctx, created, created);
		}
	},
	{
		name: 'createAccount managed by a user of another workspace',
		method: 'POST',
		path: () => '/?/createAccount',
		form: (ctx) => ({ name: 'New customer', ownerId: ctx.actor === 'outsiderFacilitator' ? ctx.c.users.facilitator : ctx.c.users.outsider }),
		expect: (ctx) => workspaceRoute(ctx, BAD, BAD)
	},
	{
		name: 'createBoard on an account',
		method: 'POST',
		path: (ctx) => `/accounts/${ctx.c.accountId}?/createBoard`,
		form: () => ({ name: 'New board', template: 'blank' }),
		expect: (ctx) =>
			workspaceRoute(
				ctx,
				{ status: 303, location: '/boards/…', changed: ({ location }) => expect(c.db.select().from(boards).where(eq(boards.id, location!.slice(8))).get()?.accountId).toBe(c.accountId) },
				NOT_FOUND
			)
	},
	{
		name: "createBoard on another workspace's account",
		method: 'POST',
		path: (ctx) => `/accounts/${ctx.c.foreign.accountId}?/createBoard`,
		form: () => ({ name: 'New board', template: 'blank' }),
		expect: (ctx) =>
			workspaceRoute(ctx, NOT_FOUND, {
				status: 303,
				location: '/boards/…',
				changed: ({ location }) => expect(c.db.select().from(boards).where(eq(boards.id, location!.slice(8))).get()?.accountId).toBe(c.foreign.accountId)
			})
	},

	// ── A board's life cycle ──────────────────────────────────────────────────────────────────
	{
		name: 'rename this board',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}?/rename`,
		form: () => ({ name: 'Renamed board' }),
		cleanup: (c) => void c.db.update(boards).set({ name: 'Board' }).where(eq(boards.id, c.board.boardId)).run(),
		expect: (ctx) => onlyBoardFacilitator(ctx, { ...OK, changed: () => expect(boardRow(B(ctx))?.name).toBe('Renamed board') })
	},
	{
		name: 'rename this board to nothing',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}?/rename`,
		form: () => ({ name: '  ' }),
		expect: (ctx) => onlyBoardFacilitator(ctx, BAD)
	},
	{
		name: 'archive this board',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}?/archive`,
		prepare: (c) => (setArchived(c.board.boardId, false), {}),
		cleanup: (c) => setArchived(c.board.boardId, false),
		expect: (ctx) => onlyBoardFacilitator(ctx, { ...OK, changed: () => expect(boardRow(B(ctx))).toMatchObject({ archivedBy: c.users.facilitator, archivedByName: 'facilitator' }) })
	},
	{
		name: 'restore this board',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}?/restore`,
		prepare: (c) => (setArchived(c.board.boardId, true), {}),
		cleanup: (c) => setArchived(c.board.boardId, false),
		expect: (ctx) => onlyBoardFacilitator(ctx, { ...OK, changed: () => expect(boardRow(B(ctx))?.archivedAt).toBeNull() })
	},
	{
		name: 'delete this board without the confirmation',
		method: 'POST',
		path: (ctx) => `/boards/${B(ctx)}?/delete`,
		expect: (ctx) => onlyBoardFacilitator(ctx, BAD)
	},
	{
		name: "rename a colleague's board (account owner or its creator)",
		method: 'POST',
		path: (ctx) => `/boards/${ctx.t.id}?/rename`,
		prepare: colleaguesBoard,
		form: () => ({ name: 'Renamed' }),
		expect: (ctx) => ownerOrCreator(ctx, { ...OK, changed: ({ t }) => expect(boardRow(t.id)?.name).toBe('Renamed') })
	},
	{
		name: "archive a colleague's board (account owner or its creator)",
		method: 'POST',
		path: (ctx) => `/boards/${ctx.t.id}?/archive`,
		prepare: colleaguesBoard,
		expect: (ctx) => ownerOrCreator(ctx, { ...OK, changed: ({ t }) => expect(boardRow(t.id)?.archivedAt).not.toBeNull() })
	},
	{
		name: "delete a colleague's board (account owner or its creator)",
		method: 'POST',
		path: (ctx) => `/boards/${ctx.t.id}?/delete`,
		prepare: colleaguesBoard,
		form: () => ({ confirm: 'delete' }),
		expect: (ctx) =>
			ownerOrCreator(ctx, {
				status: 303,
				location: `/accounts/${ctx.c.accountId}`,
				changed: ({ t }) => expect(JSON.stringify(dumpDb(c.db))).not.toContain(t.id)
			})
	},
	...(['rename', 'archive', 'restore', 'delete'] as const).map(
		(action): Case => ({
			name: `${action} a board of another workspace`,
			method: 'POST',
			path: (ctx) => `/boards/${FB(ctx)}?/${action}`,
			prepare: (c) => (action === 'restore' ? setArchived(c.foreign.boardId, true) : undefined, {}),
			cleanup: (c) => setArchived(c.foreign.boardId, false),
			// The outsider acts on their own board; the delete form lacks its confirmation (the foreign board stays for later cells).
			form: (): Record<string, string> => (action === 'rename' ? { name: 'Foreign board' } : {}),
			expect: (ctx) =>
				onlyForeignFacilitator(ctx, action === 'delete' ? BAD : { ...OK, changed: () => expect(boardRow(FB(ctx))?.archivedAt != null).toBe(action === 'archive') })
		})
	),
	{
		name: 'createBoard review from a chosen board of this account',
		method: 'POST',
		path: (ctx) => `/accounts/${ctx.c.accountId}?/createBoard`,
		form: (ctx) => ({ name: 'Q2 review', template: 'qbr', sourceId: ctx.c.otherBoard.boardId }),
		expect: (ctx) =>
			workspaceRoute(ctx, { status: 303, location: '/boards/…', changed: ({ location }) => expect(carriedFrom(location!.slice(8))).toBe(c.otherBoard.boardId) }, NOT_FOUND)
	},
	{
		name: 'createBoard review from a board one cannot open',
		method: 'POST',
		path: (ctx) => `/accounts/${ctx.c.accountId}?/createBoard`,
		form: (ctx) => ({ name: 'Q2 review', template: 'qbr', sourceId: ctx.c.board.boardId }),
		expect: (ctx) => {
			if (ctx.actor === 'removedMember') return BAD;
			return workspaceRoute(ctx, { status: 303, location: '/boards/…', changed: ({ location }) => expect(carriedFrom(location!.slice(8))).toBe(c.board.boardId) }, NOT_FOUND);
		}
	},
	{
		name: "createBoard review from another workspace's board",
		method: 'POST',
		path: (ctx) => `/accounts/${ctx.c.accountId}?/createBoard`,
		form: (ctx) => ({ name: 'Q2 review', template: 'qbr', sourceId: ctx.c.foreign.boardId }),
		expect: (ctx) => workspaceRoute(ctx, BAD, NOT_FOUND)
	},

	// ── Workspace invites ──────────────────────────────────────────────────────────────────────
	{
		name: 'workspace invite',
		method: 'POST',
		path: () => '/workspace?/invite',
		prepare: () => ({ before: String(c.db.select().from(workspaceInvites).all().length) }),
		form: () => ({ days: '7' }),
		expect: (ctx) => {
			const created: Outcome = { ...OK, changed: ({ t }) => expect(c.db.select().from(workspaceInvites).all().length).toBe(Number(t.before) + 1) };
			return workspaceRoute(ctx, created, created);
		}
	},
	{
		name: 'revoke a workspace invite of this workspace',
		method: 'POST',
		path: () => '/workspace?/revoke',
		prepare: (c) => {
			const ws = c.db.select().from(accounts).where(eq(accounts.id, c.accountId)).get()!.workspaceId;
			return { id: addWorkspaceInvite(c.db, ws, c.users.facilitator) };
		},
		form: ({ t }) => ({ id: t.id }),
		expect: (ctx) =>
			workspaceRoute(
				ctx,
				{ ...OK, changed: ({ t }) => expect(c.db.select().from(workspaceInvites).where(eq(workspaceInvites.id, t.id)).get()!.revokedAt).not.toBeNull() },
				NOT_FOUND
			)
	},
	{
		name: 'revoke a workspace invite of another workspace',
		method: 'POST',
		path: () => '/workspace?/revoke',
		prepare: (c) => ({ id: addWorkspaceInvite(c.db, c.foreign.workspaceId, c.users.outsider) }),
		form: ({ t }) => ({ id: t.id }),
		expect: (ctx) =>
			workspaceRoute(ctx, NOT_FOUND, {
				...OK,
				changed: ({ t }) => expect(c.db.select().from(workspaceInvites).where(eq(workspaceInvites.id, t.id)).get()!.revokedAt).not.toBeNull()
			})
	}
];

function tokenOf(actor: Actor): string | null {
	return actor === 'anonymous' ? null : c.tokens[actor];
}

async function send(kase: Case, ctx: Ctx): Promise<Response> {
	const token = tokenOf(ctx.actor);
	const headers: Record<string, string> = { accept: 'text/html' };
	if (token) headers.cookie = cookieOf(token);
	if (kase.method === 'GET') return fetch(server.origin + kase.path(ctx), { redirect: 'manual', headers });
	// Posted as a browser without JavaScript would, so failures keep their HTTP status.
	headers['content-type'] = 'application/x-www-form-urlencoded';
	headers.origin = server.origin;
	return fetch(server.origin + kase.path(ctx), { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(kase.form?.(ctx) ?? {}) });
}

describe('HTTP authorization matrix', () => {
	for (const kase of CASES) {
		describe(kase.name, () => {
			for (const actor of ACTORS) {
				it(actor, async () => {
					const ctx: Ctx = { c, actor, t: kase.prepare?.(c) ?? {}, location: null };
					try {
						const before = dumpDb(c.db);
						const res = await send(kase, ctx);
						const html = await res.text();
						ctx.location = res.headers.get('location');
						const want = kase.expect(ctx);
						expect(res.status, html.slice(0, 300)).toBe(want.status);
						if (want.location?.endsWith('…')) expect(ctx.location ?? '').toContain(want.location.slice(0, -1));
						else if (want.location) expect(ctx.location).toBe(want.location);
						want.body?.(html, ctx);
						if (want.changed && kase.method === 'POST') want.changed(ctx);
						else expect(dumpDb(c.db)).toEqual(before);
					} finally {
						kase.cleanup?.(c);
					}
				});
			}
		});
	}
});

describe('sync upgrade: only the supplier side receives the internal document', () => {
	const expected: Record<Actor, { shared: number; internal: number }> = {
		anonymous: { shared: 401, internal: 401 },
		facilitator: { shared: 101, internal: 101 },
		outsiderFacilitator: { shared: 404, internal: 404 },
		removedMember: { shared: 404, internal: 404 },
		observer: { shared: 101, internal: 101 },
		participant: { shared: 101, internal: 101 },
		clientGuest: { shared: 101, internal: 403 },
		clientMember: { shared: 101, internal: 403 },
		clientFacilitatorGuest: { shared: 101, internal: 403 },
		clientFacilitatorMember: { shared: 101, internal: 403 },
		otherBoardGuest: { shared: 404, internal: 404 }
	};
	for (const actor of ACTORS) {
		it(actor, async () => {
			const got = {
				shared: await upgradeStatus(server, docName(c.board.boardId, 'shared'), tokenOf(actor)),
				internal: await upgradeStatus(server, docName(c.board.boardId, 'internal'), tokenOf(actor))
			};
			expect(got).toEqual(expected[actor]);
		});
	}
});

describe('quarterly review carry-over copies only what the creator may read', () => {
	const SECRET_NOTE = 'Internal: the CFO is leaving in March';
	let accountId: string;
	let source: string;

	const post = (path: string, token: string, form: Record<string, string>) =>
		fetch(server.origin + path, {
			method: 'POST',
			redirect: 'manual',
			headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: server.origin, cookie: cookieOf(token) },
			body: new URLSearchParams(form)
		});
	const access = (boardId: string, token: string) => fetch(`${server.origin}/boards/${boardId}/access`, { headers: { cookie: cookieOf(token) } });
	async function review(token: string): Promise<string> {
		const res = await post(`/accounts/${accountId}?/createBoard`, token, { name: 'Q2 review', template: 'qbr' });
		expect(res.status).toBe(303);
		return res.headers.get('location')!.slice('/boards/'.length);
	}

	beforeAll(() => {
		const ws = c.db.select().from(accounts).where(eq(accounts.id, c.accountId)).get()!.workspaceId;
		accountId = addAccount(c.db, ws, c.users.facilitator, 'Initech');
		source = addBoardRow(c.db, accountId, c.users.facilitator, 'Q1 planning', 'joint-planning', Date.now() - 60_000);
		editDoc(c.db, source, 'shared', (doc) => {
			addGoal(doc, { id: 'g1', text: 'Cut churn', author: { id: c.users.facilitator, name: 'F' } });
			addStakeholder(doc, 's1', { name: 'Cleo', side: 'client', level: 'executive' });
		});
		editDoc(c.db, source, 'internal', (doc) => setRelationNotes(doc, 's1', SECRET_NOTE));
		addMemberRow(c.db, source, c.users.removedMember, 'removed', 'supplier');
	});

	it('a creator who may read the source gets its goals and internal notes; whoever was removed from it cannot open the copy', async () => {
		const copy = await review(c.tokens.facilitator);
		expect(readGoals(storedDoc(c.db, copy, 'shared')).goals.map((g) => g.text)).toEqual(['Cut churn']);
		expect(readRelation(storedDoc(c.db, copy, 'internal'), 's1').notes).toBe(SECRET_NOTE);
		expect((await access(copy, c.tokens.removedMember)).status).toBe(404);
		expect((await access(copy, c.tokens.participant)).status).toBe(200);
	});

	it('a member removed from the source board gets nothing from it', async () => {
		const copy = await review(c.tokens.removedMember);
		const shared = storedDoc(c.db, copy, 'shared');
		expect(readGoals(shared).goals).toEqual([]);
		expect(JSON.stringify(shared.toJSON())).not.toContain('Cleo');
		expect(relationsMap(storedDoc(c.db, copy, 'internal')).size).toBe(0);
		// Their account page lists the review they made, not the boards they were removed from.
		const page = await (await fetch(`${server.origin}/accounts/${accountId}`, { headers: { cookie: cookieOf(c.tokens.removedMember) } })).text();
		expect(page).toContain(`/boards/${copy}"`);
		expect(page).not.toContain(`/boards/${source}`);
	});
});
