import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideBoardAccess, resolveBoardAccess, type BoardFacts, type Principal } from '../../../src/lib/server/access.ts';
import {
	BOARD_ROLES,
	SIDES,
	canCreateLink,
	canManageBoard,
	canPromoteToFacilitator,
	canReadDoc,
	canSetRole,
	type BoardAccess,
	type BoardRole,
	type Side
} from '../../../src/lib/board/model/roles.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { boardMembers, guests } from '../../../src/lib/server/db/schema.ts';
import { createAccount, createBoard, listBoardPeople } from '../../../src/lib/server/boards.ts';
import { addUser, tempDb } from '../testDb.ts';

// The side invariants: a person's side follows from who they are, only the supplier side's
// facilitators hand out supplier-side access or the facilitator role, and the client side never
// reads `internal`, whatever the stored rows say.

const facts = (over: Partial<BoardFacts> = {}): BoardFacts => ({ boardId: 'b1', createdBy: 'creator', workspaceId: 'w1', userWorkspaceId: 'w1', member: null, ...over });
const user = (id: string): Principal => ({ kind: 'user', userId: id, name: id });
const guest = (side: Side, role: BoardRole): Principal => ({ kind: 'guest', guestId: 'g', name: 'G', boardId: 'b1', role, side, removed: false });
const every = BOARD_ROLES.flatMap((role) => SIDES.map((side): BoardAccess => ({ boardId: 'b1', role, side })));

describe('access resolution enforces the side invariants on stored data', () => {
	it('puts a workspace member on the supplier side even when a row says client', () => {
		expect(decideBoardAccess(user('colleague'), facts({ member: { role: 'observer', side: 'client' } }))).toEqual({ boardId: 'b1', role: 'observer', side: 'supplier' });
	});

	it("keeps a signed-in outsider on their link's side", () => {
		expect(decideBoardAccess(user('x'), facts({ userWorkspaceId: 'w2', member: { role: 'participant', side: 'client' } }))?.side).toBe('client');
		expect(decideBoardAccess(user('x'), facts({ userWorkspaceId: null, member: { role: 'participant', side: 'supplier' } }))?.side).toBe('supplier');
	});

	it('never yields a client-side facilitator (older rows act as participants)', () => {
		expect(decideBoardAccess(guest('client', 'facilitator'), facts())).toEqual({ boardId: 'b1', role: 'participant', side: 'client' });
		expect(decideBoardAccess(user('x'), facts({ userWorkspaceId: null, member: { role: 'facilitator', side: 'client' } }))).toEqual({
			boardId: 'b1',
			role: 'participant',
			side: 'client'
		});
		expect(decideBoardAccess(guest('supplier', 'facilitator'), facts())?.role).toBe('facilitator');
	});

	it('never gives the internal document to anyone on the client side', () => {
		const principals = [...SIDES.flatMap((s) => BOARD_ROLES.map((r) => guest(s, r)))];
		for (const p of principals) {
			const access = decideBoardAccess(p, facts())!;
			expect(canReadDoc(access, 'internal')).toBe(access.side === 'supplier');
			expect(access.side).toBe((p as Extract<Principal, { kind: 'guest' }>).side);
		}
	});
});

describe('who may hand out access', () => {
	it('only a supplier-side facilitator manages the board', () => {
		for (const a of every) expect(canManageBoard(a), JSON.stringify(a)).toBe(a.role === 'facilitator' && a.side === 'supplier');
	});

	it('links: a supplier-side facilitator creates any link but a client-side facilitator link; nobody else creates any', () => {
		for (const a of every)
			for (const side of SIDES)
				for (const role of BOARD_ROLES) {
					const want = a.role === 'facilitator' && a.side === 'supplier' && !(side === 'client' && role === 'facilitator');
					expect(canCreateLink(a, side, role), `${JSON.stringify(a)} → ${side} ${role}`).toBe(want);
				}
	});

	it('roles: only a supplier-side facilitator promotes, only supplier-side people become facilitators, the creator stays', () => {
		for (const a of every)
			for (const side of SIDES) {
				const manager = a.role === 'facilitator' && a.side === 'supplier';
				expect(canPromoteToFacilitator(a, { side, creator: false })).toBe(manager && side === 'supplier');
				expect(canSetRole(a, { side, creator: false }, 'observer')).toBe(manager);
				expect(canSetRole(a, { side, creator: true }, 'observer')).toBe(false);
			}
	});
});

describe('stored rows (real database)', () => {
	let db: Db;
	let cleanup: () => void;
	let boardId: string;
	beforeEach(async () => {
		({ db, cleanup } = tempDb());
		addUser(db, 'alice', 'w1');
		addUser(db, 'bob', 'w1');
		addUser(db, 'carol');
		boardId = await createBoard(db, { accountId: await createAccount(db, 'w1', 'ACME', 'alice'), name: 'Plan', template: 'blank', createdBy: 'alice' });
	});
	afterEach(() => cleanup());

	it('a client-side row for a workspace member shows and resolves as supplier side', async () => {
		db.insert(boardMembers).values({ boardId, userId: 'bob', role: 'participant', side: 'client', updatedAt: 0 }).run();
		expect((await resolveBoardAccess(db, user('bob'), boardId))?.side).toBe('supplier');
		expect((await listBoardPeople(db, boardId)).members.find((m) => m.id === 'bob')?.side).toBe('supplier');
	});

	it('a client-side facilitator row shows and resolves as a participant', async () => {
		db.insert(boardMembers).values({ boardId, userId: 'carol', role: 'facilitator', side: 'client', updatedAt: 0 }).run();
		db.insert(guests).values({ id: 'g1', boardId, displayName: 'Dan', side: 'client', role: 'facilitator', createdAt: 0 }).run();
		expect((await resolveBoardAccess(db, user('carol'), boardId))?.role).toBe('participant');
		expect((await listBoardPeople(db, boardId)).members.find((m) => m.id === 'carol')?.role).toBe('participant');
		const g = { kind: 'guest' as const, guestId: 'g1', name: 'Dan', boardId, role: 'facilitator' as const, side: 'client' as const, removed: false };
		expect((await resolveBoardAccess(db, g, boardId))?.role).toBe('participant');
		expect((await listBoardPeople(db, boardId)).guests.find((x) => x.id === 'g1')?.role).toBe('participant');
	});
});
