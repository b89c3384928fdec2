import { openDb, type Db } from '../../../src/lib/server/db/index.ts';
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

export class World {
	readonly db: Db;
	private readonly people: Record<Member, string> = {
		facilitator: newId(),
		participant: newId(),
		observer: newId(),
		outsider: newId()
	};
	readonly accountId = newId();

	constructor(dbPath: string) {
		this.db = openDb(dbPath, 'server/migrations');
		const now = Date.now();
		const [ws, other] = [newId(), newId()];
		this.db.insert(workspaces).values([
			{ id: ws, name: 'Supplier', createdAt: now },
			{ id: other, name: 'Elsewhere', createdAt: now }
		]).run();
		for (const [role, id] of Object.entries(this.people)) {
			this.db.insert(users).values({ id, email: `${id}@test`, name: role, passwordHash: 'x', createdAt: now }).run();
			this.db.insert(workspaceMembers).values({ workspaceId: role === 'outsider' ? other : ws, userId: id, role: 'member', joinedAt: now }).run();
		}
		this.db.insert(accounts).values({ id: this.accountId, workspaceId: ws, name: 'Acme', ownerId: this.people.facilitator, createdAt: now }).run();
	}

	addBoard(): SeededBoard {
		const now = Date.now();
		const boardId = newId();
		const docs = initialDocuments('blank');
		this.db.insert(boards).values({ id: boardId, accountId: this.accountId, name: 'Board', template: 'blank', createdBy: this.people.facilitator, createdAt: now, lastActivityAt: now }).run();
		seedDoc(this.db, docName(boardId, 'shared'), Y.encodeStateAsUpdate(docs.shared));
		seedDoc(this.db, docName(boardId, 'internal'), Y.encodeStateAsUpdate(docs.internal));
		this.db.insert(boardMembers).values({ boardId, userId: this.people.observer, role: 'observer', side: 'supplier', updatedAt: now }).run();
		const clientGuestId = newId();
		this.db.insert(guests).values({ id: clientGuestId, boardId, displayName: 'Client exec', side: 'client', role: 'participant', createdAt: now }).run();
		const session = (owner: { userId: string } | { guestId: string }) => {
			const token = generateSessionToken();
			this.db.insert(sessions).values(sessionRow(token, owner)).run();
			return token;
		};
		return {
			boardId,
			clientGuestId,
			tokens: {
				facilitator: session({ userId: this.people.facilitator }),
				participant: session({ userId: this.people.participant }),
				observer: session({ userId: this.people.observer }),
				outsider: session({ userId: this.people.outsider }),
				clientGuest: session({ guestId: clientGuestId })
			}
		};
	}

	userId(role: Member): string {
		return this.people[role];
	}

	close(): void {
		this.db.$client.close();
	}
}
