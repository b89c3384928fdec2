// Shared by server and browser: the vocabulary of who may do what on a board.
export const BOARD_ROLES = ['facilitator', 'participant', 'observer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];
export const SIDES = ['supplier', 'client'] as const;
export type Side = (typeof SIDES)[number];
export const DOC_NAMES = ['shared', 'internal'] as const;
export type DocName = (typeof DOC_NAMES)[number];

export interface BoardAccess {
	boardId: string;
	role: BoardRole;
	side: Side;
}

/** `internal` holds the supplier team's private view of the customer: never sent to the client side. */
export function canReadDoc(access: BoardAccess, doc: DocName): boolean {
	return doc === 'shared' || access.side === 'supplier';
}

export function canWrite(access: Pick<BoardAccess, 'role'> & Partial<BoardAccess>): boolean {
	return access.role !== 'observer';
}

export function canManageBoard(access: BoardAccess): boolean {
	return access.role === 'facilitator';
}

export function isDocName(x: string): x is DocName {
	return (DOC_NAMES as readonly string[]).includes(x);
}
