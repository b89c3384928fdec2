// Shared by server and browser: the vocabulary of who may do what on a board.
import type { DocName } from './docNames.ts';

export const BOARD_ROLES = ['facilitator', 'participant', 'observer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];
export const SIDES = ['supplier', 'client'] as const;
export type Side = (typeof SIDES)[number];
export const SIDE_LABELS: Readonly<Record<Side, string>> = { supplier: 'Supplier', client: 'Client' };

export interface BoardAccess {
	boardId: string;
	role: BoardRole;
	side: Side;
	/** The board is archived: it opens read-only for everyone, whatever their role. */
	archived?: boolean;
}

/*
 * The side rules, in one place for the server actions, access resolution and the People page:
 * - a person's side follows from who they are: members of the board's workspace are the supplier
 *   team; anyone else (a guest, a signed-in outsider) keeps the side of the link they came through;
 * - a facilitator is always on the supplier side (stored client-side facilitators act as participants);
 * - only a supplier-side facilitator hands out access: creates links, changes roles, removes people;
 * - nobody on the client side reads `internal`.
 */

/** Members of the board's workspace are the supplier team; anyone else keeps their link's side. */
export function sideOf(person: { workspaceMember: boolean; linkSide: Side }): Side {
	return person.workspaceMember ? 'supplier' : person.linkSide;
}

/** Whether `role` may be held on `side`: the client side has participants and observers only. */
export function roleFitsSide(role: BoardRole, side: Side): boolean {
	return role !== 'facilitator' || side === 'supplier';
}

/** The role a stored (role, side) pair acts with: rows written before the side rules never yield a client-side facilitator. */
export function effectiveRole(role: BoardRole, side: Side): BoardRole {
	return roleFitsSide(role, side) ? role : 'participant';
}

/** `internal` holds the supplier team's private view of the customer: never sent to the client side. */
export function canReadDoc(access: BoardAccess, doc: DocName): boolean {
	return doc === 'shared' || access.side === 'supplier';
}

/** Observers never write; nobody writes to an archived board (the sync server's read-only path). */
export function canWrite(access: Pick<BoardAccess, 'role'> & Partial<BoardAccess>): boolean {
	return access.role !== 'observer' && !access.archived;
}

/** Links, roles and removals: a supplier-side facilitator only. */
export function canManageBoard(access: BoardAccess): boolean {
	return access.role === 'facilitator' && access.side === 'supplier';
}

/**
 * Rename, archive, restore and delete a board: its supplier-side facilitators and the owner
 * (account manager) of the account it belongs to, who must be able to open the board at all.
 */
export function canManageLifecycle(access: BoardAccess | null, ownsAccount: boolean): boolean {
	return access !== null && (canManageBoard(access) || (ownsAccount && access.side === 'supplier'));
}

export function canCreateLink(access: BoardAccess, linkSide: Side, linkRole: BoardRole): boolean {
	return canManageBoard(access) && roleFitsSide(linkRole, linkSide);
}

/** Someone on the board, as the role rules see them. The board's creator always stays a facilitator. */
export interface BoardPerson {
	side: Side;
	creator: boolean;
}

export function canSetRole(access: BoardAccess, person: BoardPerson, role: BoardRole): boolean {
	return canManageBoard(access) && !person.creator && roleFitsSide(role, person.side);
}

export function canPromoteToFacilitator(access: BoardAccess, person: BoardPerson): boolean {
	return canSetRole(access, person, 'facilitator');
}

export function canRemovePerson(access: BoardAccess, person: BoardPerson): boolean {
	return canManageBoard(access) && !person.creator;
}

/** The roles the People page offers for `person`: exactly those the server accepts. */
export function rolesOffered(access: BoardAccess, person: BoardPerson): BoardRole[] {
	return BOARD_ROLES.filter((r) => canSetRole(access, person, r));
}
