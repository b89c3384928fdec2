import * as Y from 'yjs';
import {
	accounts,
	boardInvites,
	boardMembers,
	boards,
	guests,
	sessions,
	users,
	workspaceInvites,
	workspaceMembers
} from '../../../src/lib/server/db/schema.ts';
import { generateSessionToken, sessionRow } from '../../../src/lib/server/auth/session.ts';
import { appendUpdate, loadDoc, seedDoc } from '../../../src/lib/server/docStore.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { hashToken, newId, randomToken } from '../../../src/lib/server/ids.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import type { TemplateId } from '../../../src/lib/board/model/templates.ts';
import type { BoardRole, Side } from '../../../src/lib/board/model/roles.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { World, type SeededBoard } from './seed.ts';

/*
 * Everyone the authorization matrix asks about, written straight into the server's database on top
 * of World: a removed member, signed-in client-side members, a client-side facilitator guest as data
 * written before the side rules could hold it, a guest of another board, and a second workspace
 * (the outsider's) with its own account, board, guest, invite link and workspace invite, whose ids
 * are the "foreign ids" of the matrix.
 */

export type Actor =
	| 'anonymous'
	| 'facilitator'
	| 'outsiderFacilitator'
	| 'removedMember'
	| 'observer'
	| 'participant'
	| 'clientGuest'
	| 'clientMember'
	| 'clientFacilitatorGuest'
	| 'clientFacilitatorMember'
	| 'otherBoardGuest';

export interface Cast {
	world: World;
	db: Db;
	accountId: string;
	board: SeededBoard;
	/** A second board of the same account (its guest is "a guest of another board"). */
	otherBoard: SeededBoard;
	tokens: Record<Exclude<Actor, 'anonymous'>, string>;
	users: { facilitator: string; participant: string; observer: string; removedMember: string; clientMember: string; clientFacilitatorMember: string; outsider: string };
	guests: { client: string; clientFacilitator: string };
	/** An invite link of the board and a guest who joined through it. */
	invite: { id: string; guestId: string; guestToken: string };
	workspaceInviteId: string;
	foreign: {
		workspaceId: string;
		accountId: string;
		boardId: string;
		guestId: string;
		guestToken: string;
		invite: { id: string; guestId: string; guestToken: string };
		workspaceInviteId: string;
		userId: string;
	};
}

const now = () => Date.now();

export function session(db: Db, owner: { userId: string } | { guestId: string }): string {
	const token = generateSessionToken();
	db.insert(sessions).values(sessionRow(token, owner)).run();
	return token;
}

export function addUser(db: Db, name: string, workspaceId: string | null): string {
	const id = newId();
	db.insert(users).values({ id, email: `${id}@test`, name, passwordHash: 'x', createdAt: now() }).run();
	if (workspaceId) db.insert(workspaceMembers).values({ workspaceId, userId: id, role: 'member', joinedAt: now() }).run();
	return id;
}

export function addGuest(db: Db, boardId: string, side: Side, role: BoardRole, name = 'Guest', inviteId: string | null = null): { id: string; token: string } {
	const id = newId();
	db.insert(guests).values({ id, boardId, inviteId, displayName: name, side, role, createdAt: now() }).run();
	return { id, token: session(db, { guestId: id }) };
}

export function addInvite(db: Db, boardId: string, side: Side, role: BoardRole, createdBy: string): { id: string; token: string } {
	const id = newId();
	const token = randomToken(20);
	db.insert(boardInvites).values({ id, boardId, tokenHash: hashToken(token), side, role, uses: 0, createdBy, createdAt: now() }).run();
	return { id, token };
}

/** An invite link with one guest who joined through it. */
export function addInviteWithGuest(db: Db, boardId: string, createdBy: string, name: string) {
	const invite = addInvite(db, boardId, 'client', 'participant', createdBy);
	const g = addGuest(db, boardId, 'client', 'participant', name, invite.id);
	return { id: invite.id, guestId: g.id, guestToken: g.token };
}

export function addMemberRow(db: Db, boardId: string, userId: string, role: BoardRole | 'removed', side: Side) {
	db.insert(boardMembers).values({ boardId, userId, role, side, updatedAt: now() }).run();
}

export function addWorkspaceInvite(db: Db, workspaceId: string, createdBy: string): string {
	const id = newId();
	db.insert(workspaceInvites).values({ id, workspaceId, tokenHash: hashToken(randomToken(20)), createdBy, createdAt: now(), expiresAt: null }).run();
	return id;
}

export function addBoardRow(db: Db, accountId: string, createdBy: string, name: string, template: TemplateId = 'blank', createdAt = now()): string {
	const id = newId();
	const docs = initialDocuments(template);
	db.insert(boards).values({ id, accountId, name, template, createdBy, createdAt, lastActivityAt: createdAt }).run();
	seedDoc(db, docName(id, 'shared'), Y.encodeStateAsUpdate(docs.shared));
	seedDoc(db, docName(id, 'internal'), Y.encodeStateAsUpdate(docs.internal));
	return id;
}

export function addAccount(db: Db, workspaceId: string, ownerId: string, name: string): string {
	const id = newId();
	db.insert(accounts).values({ id, workspaceId, name, ownerId, createdAt: now() }).run();
	return id;
}

/** A stored document as it is on disk now (snapshot + log). */
export function storedDoc(db: Db, boardId: string, kind: 'shared' | 'internal'): Y.Doc {
	const doc = new Y.Doc();
	const state = loadDoc(db, docName(boardId, kind));
	if (state) Y.applyUpdate(doc, state);
	return doc;
}

/** Edits a stored document the way the sync server would: one update appended to its log. */
export function editDoc(db: Db, boardId: string, kind: 'shared' | 'internal', fn: (doc: Y.Doc) => void) {
	const doc = storedDoc(db, boardId, kind);
	const before = Y.encodeStateVector(doc);
	fn(doc);
	appendUpdate(db, docName(boardId, kind), Y.encodeStateAsUpdate(doc, before));
}

export function castOf(dbPath: string): Cast {
	const world = new World(dbPath);
	const db = world.db;
	const board = world.addBoard();
	const otherBoard = world.addBoard();
	const boardRow = db.select().from(boards).all().find((b) => b.id === board.boardId)!;
	const accountId = boardRow.accountId;
	const workspaceId = db.select().from(accounts).all().find((a) => a.id === accountId)!.workspaceId;
	const facilitator = world.userId('facilitator');
	const outsider = world.userId('outsider');

	const removedMember = addUser(db, 'Removed member', workspaceId);
	addMemberRow(db, board.boardId, removedMember, 'removed', 'supplier');
	// Signed in, outside the workspace, joined through a client-side link.
	const clientMember = addUser(db, 'Client member', null);
	addMemberRow(db, board.boardId, clientMember, 'participant', 'client');
	// Client-side facilitators cannot be made any more; these rows stand for data written before.
	const clientFacilitatorMember = addUser(db, 'Client facilitator member', null);
	addMemberRow(db, board.boardId, clientFacilitatorMember, 'facilitator', 'client');
	const clientFacilitator = addGuest(db, board.boardId, 'client', 'facilitator', 'Client facilitator');
	const invite = addInviteWithGuest(db, board.boardId, facilitator, 'Joined through a link');
	const workspaceInviteId = addWorkspaceInvite(db, workspaceId, facilitator);

	// The outsider's own workspace, where they are the facilitator (creator) of a board.
	const foreignWorkspaceId = db.select().from(workspaceMembers).all().find((m) => m.userId === outsider)!.workspaceId;
	const foreignAccountId = addAccount(db, foreignWorkspaceId, outsider, 'Foreign customer');
	const foreignBoardId = addBoardRow(db, foreignAccountId, outsider, 'Foreign board');
	const foreignGuest = addGuest(db, foreignBoardId, 'client', 'participant', 'Foreign guest');
	const foreignInvite = addInviteWithGuest(db, foreignBoardId, outsider, 'Foreign link guest');
	const foreignWorkspaceInviteId = addWorkspaceInvite(db, foreignWorkspaceId, outsider);

	return {
		world,
		db,
		accountId,
		board,
		otherBoard,
		tokens: {
			facilitator: board.tokens.facilitator,
			outsiderFacilitator: board.tokens.outsider,
			removedMember: session(db, { userId: removedMember }),
			observer: board.tokens.observer,
			participant: board.tokens.participant,
			clientGuest: board.tokens.clientGuest,
			clientMember: session(db, { userId: clientMember }),
			clientFacilitatorGuest: clientFacilitator.token,
			clientFacilitatorMember: session(db, { userId: clientFacilitatorMember }),
			otherBoardGuest: otherBoard.tokens.clientGuest
		},
		users: {
			facilitator,
			participant: world.userId('participant'),
			observer: world.userId('observer'),
			removedMember,
			clientMember,
			clientFacilitatorMember,
			outsider
		},
		guests: { client: board.clientGuestId, clientFacilitator: clientFacilitator.id },
		invite,
		workspaceInviteId,
		foreign: {
			workspaceId: foreignWorkspaceId,
			accountId: foreignAccountId,
			boardId: foreignBoardId,
			guestId: foreignGuest.id,
			guestToken: foreignGuest.token,
			invite: foreignInvite,
			workspaceInviteId: foreignWorkspaceInviteId,
			userId: outsider
		}
	};
}

/** Every row of every table, to prove a refused request changed nothing. */
// FTS5's shadow tables (search_index_*) are left out: search_index itself shows everything they hold.
export function dumpDb(db: Db): Record<string, unknown[]> {
	const client = db.$client;
	const tables = client
		.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'search_index_%' ORDER BY name")
		.all() as { name: string }[];
	const out: Record<string, unknown[]> = {};
	for (const { name } of tables) out[name] = client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
	return out;
}
