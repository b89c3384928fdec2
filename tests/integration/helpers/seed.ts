import { openDb, openPg, type Db, type PgStore } from '../../../src/lib/server/db/index.ts';
import { closePgPools } from '../../../src/lib/server/db/pgPool.ts';
import { q } from '../../../src/lib/server/db/query.ts';
import type { DocStore } from '../../../src/lib/server/docStores.ts';
import { accounts, boardMembers, boards, guests, sessions, users, workspaceMembers, workspaces } from '../../../src/lib/server/db/schema.ts';
import { generateSessionToken, sessionRow, SESSION_COOKIE } from '../../../src/lib/server/auth/session.ts';
import { seedDoc } from '../../../src/lib/server/docStore.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { newId } from '../../../src/lib/server/ids.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import * as Y from 'yjs';

export const cookieOf = (token: string) => `${SESSION_COOKIE}=${token}`;

export interface SeededBoard {
	boardId: string;
	/** Session tokens of the people on this board. */
	tokens: { facilitator: string; participant: string; observer: string; outsider: string; clientGuest: string };
	clientGuestId: string;
}

/**
 * Writes people and boards straight into the server's database (WAL lets both processes use it):
 * a workspace with a facilitator, a participant and an observer, an outsider from another
 * workspace, and per board a client-side guest who came through a link.
 */
type Member = 'facilitator' | 'participant' | 'observer' | 'outsider';

/** The rows of a world and of each board, written by World (SQLite, sync) or PgWorld (PostgreSQL). */
class WorldRows {
	readonly people: Record<Member, string> = {
		facilitator: newId(),
		participant: newId(),
		observer: newId(),
		outsider: newId()
	};
	readonly accountId = newId();

	base() {
		const now = Date.now();
		const [ws, other] = [newId(), newId()];
		return {
			workspaces: [
				{ id: ws, name: 'Supplier', createdAt: now },
				{ id: other, name: 'Elsewhere', createdAt: now }
			],
			users: Object.entries(this.people).map(([role, id]) => ({ id, email: `${id}@test`, name: role, passwordHash: 'x', createdAt: now })),
			members: Object.entries(this.people).map(([role, id]) => ({ workspaceId: role === 'outsider' ? other : ws, userId: id, role: 'member' as const, joinedAt: now })),
			account: { id: this.accountId, workspaceId: ws, name: 'Acme', ownerId: this.people.facilitator, createdAt: now }
		};
	}

	board() {
		const now = Date.now();
		const boardId = newId();
		const docs = initialDocuments('blank');
		const clientGuestId = newId();
		const tokens = {
			facilitator: generateSessionToken(),
			participant: generateSessionToken(),
			observer: generateSessionToken(),
			outsider: generateSessionToken(),
			clientGuest: generateSessionToken()
		};
		return {
			seeded: { boardId, clientGuestId, tokens } satisfies SeededBoard,
			board: { id: boardId, accountId: this.accountId, name: 'Board', template: 'blank', createdBy: this.people.facilitator, createdAt: now, lastActivityAt: now },
			docs: [
				[docName(boardId, 'shared'), Y.encodeStateAsUpdate(docs.shared)],
				[docName(boardId, 'internal'), Y.encodeStateAsUpdate(docs.internal)]
			] as Array<[string, Uint8Array]>,
			member: { boardId, userId: this.people.observer, role: 'observer' as const, side: 'supplier' as const, updatedAt: now },
			guest: { id: clientGuestId, boardId, displayName: 'Client exec', side: 'client' as const, role: 'participant' as const, createdAt: now },
			sessions: [
				sessionRow(tokens.facilitator, { userId: this.people.facilitator }),
				sessionRow(tokens.participant, { userId: this.people.participant }),
				sessionRow(tokens.observer, { userId: this.people.observer }),
				sessionRow(tokens.outsider, { userId: this.people.outsider }),
				sessionRow(tokens.clientGuest, { guestId: clientGuestId })
			]
		};
	}
}

export class World {
	readonly db: Db;
	private readonly rows = new WorldRows();
	readonly accountId = this.rows.accountId;

	constructor(dbPath: string) {
		this.db = openDb(dbPath, 'server/migrations');
		const base = this.rows.base();
		this.db.insert(workspaces).values(base.workspaces).run();
		this.db.insert(users).values(base.users).run();
		this.db.insert(workspaceMembers).values(base.members).run();
		this.db.insert(accounts).values(base.account).run();
	}

	addBoard(): SeededBoard {
		const b = this.rows.board();
		this.db.insert(boards).values(b.board).run();
		for (const [name, update] of b.docs) seedDoc(this.db, name, update);
		this.db.insert(boardMembers).values(b.member).run();
		this.db.insert(guests).values(b.guest).run();
		this.db.insert(sessions).values(b.sessions).run();
		return b.seeded;
	}

	userId(role: Member): string {
		return this.rows.people[role];
	}

	close(): void {
		this.db.$client.close();
	}
}

/**
 * The same world in PostgreSQL (several nodes share it): people, boards and sessions through the
 * app's PostgreSQL tables, each board's documents through the PostgreSQL document store.
 */
export class PgWorld {
	private readonly rows = new WorldRows();
	readonly accountId = this.rows.accountId;
	private readonly store: PgStore;
	private readonly docs: DocStore;
	private constructor(store: PgStore) {
		this.store = store;
		this.docs = store.docs;
	}

	/** Needs the app's migrations applied (the first node did that). */
	static async open(url: string): Promise<PgWorld> {
		const store = await openPg(url, 'server/migrations-pg');
		const world = new PgWorld(store);
		const { orm, t } = q(store);
		const base = world.rows.base();
		await orm.insert(t.workspaces).values(base.workspaces);
		await orm.insert(t.users).values(base.users);
		await orm.insert(t.workspaceMembers).values(base.members);
		await orm.insert(t.accounts).values(base.account);
		return world;
	}

	async addBoard(): Promise<SeededBoard> {
		const b = this.rows.board();
		const { orm, t } = q(this.store);
		await orm.insert(t.boards).values(b.board);
		for (const [name, update] of b.docs) await this.docs.seed(name, update);
		await orm.insert(t.boardMembers).values(b.member);
		await orm.insert(t.guests).values(b.guest);
		await orm.insert(t.sessions).values(b.sessions);
		return b.seeded;
	}

	userId(role: Member): string {
		return this.rows.people[role];
	}

	async close(): Promise<void> {
		await closePgPools();
	}
}
