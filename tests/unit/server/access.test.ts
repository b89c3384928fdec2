import { describe, expect, it } from 'vitest';
import { decideBoardAccess, type BoardFacts, type Principal } from '../../../src/lib/server/access.ts';
import { canReadDoc, canWrite } from '../../../src/lib/board/model/roles.ts';

const facts = (over: Partial<BoardFacts> = {}): BoardFacts => ({
	boardId: 'b1',
	createdBy: 'creator',
	workspaceId: 'w1',
	userWorkspaceId: 'w1',
	member: null,
	...over
});
const user = (id: string): Principal => ({ kind: 'user', userId: id, name: id });
const guest = (over: Partial<Extract<Principal, { kind: 'guest' }>> = {}): Principal => ({
	kind: 'guest',
	guestId: 'g1',
	name: 'Guest',
	boardId: 'b1',
	role: 'participant',
	side: 'client',
	removed: false,
	...over
});

describe('board access rules', () => {
	it("make the board's creator a supplier-side facilitator", () => {
		expect(decideBoardAccess(user('creator'), facts())).toEqual({ boardId: 'b1', role: 'facilitator', side: 'supplier' });
	});

	it('let workspace members in as supplier participants by default', () => {
		expect(decideBoardAccess(user('colleague'), facts())).toEqual({ boardId: 'b1', role: 'participant', side: 'supplier' });
	});

	it('keep users of another workspace out', () => {
		expect(decideBoardAccess(user('stranger'), facts({ userWorkspaceId: 'w2' }))).toBeNull();
		expect(decideBoardAccess(user('nobody'), facts({ userWorkspaceId: null }))).toBeNull();
	});

	it('apply an explicit membership (promotion, demotion, client-side member, removal)', () => {
		expect(decideBoardAccess(user('c'), facts({ member: { role: 'facilitator', side: 'supplier' } }))?.role).toBe('facilitator');
		expect(decideBoardAccess(user('c'), facts({ member: { role: 'observer', side: 'supplier' } }))?.role).toBe('observer');
		expect(decideBoardAccess(user('x'), facts({ userWorkspaceId: null, member: { role: 'participant', side: 'client' } }))).toEqual({
			boardId: 'b1',
			role: 'participant',
			side: 'client'
		});
		expect(decideBoardAccess(user('c'), facts({ member: { role: 'removed', side: 'supplier' } }))).toBeNull();
	});

	it('never let a removal row shut out the creator', () => {
		expect(decideBoardAccess(user('creator'), facts({ member: { role: 'removed', side: 'supplier' } }))?.role).toBe('facilitator');
	});

	it("scope a guest to their board, with their link's role and side", () => {
		expect(decideBoardAccess(guest(), facts())).toEqual({ boardId: 'b1', role: 'participant', side: 'client' });
		expect(decideBoardAccess(guest({ boardId: 'other' }), facts())).toBeNull();
		expect(decideBoardAccess(guest({ removed: true }), facts())).toBeNull();
	});
});

describe('document and write rules', () => {
	it('give the internal document to the supplier side only', () => {
		expect(canReadDoc({ boardId: 'b', role: 'participant', side: 'supplier' }, 'internal')).toBe(true);
		expect(canReadDoc({ boardId: 'b', role: 'facilitator', side: 'client' }, 'internal')).toBe(false);
		expect(canReadDoc({ boardId: 'b', role: 'observer', side: 'client' }, 'shared')).toBe(true);
	});
	it('refuse writes from observers only', () => {
		expect(canWrite({ boardId: 'b', role: 'observer', side: 'supplier' })).toBe(false);
		expect(canWrite({ boardId: 'b', role: 'participant', side: 'client' })).toBe(true);
		expect(canWrite({ boardId: 'b', role: 'facilitator', side: 'supplier' })).toBe(true);
	});
});
