import type * as Y from 'yjs';
// A bridge from the SvelteKit routes to the sync server, so that src/lib/server does not import
// server/sync. Both run in one module graph (server/app.ts): a module-level variable holds the hub.

export interface PresenceEntry {
	name: string;
	side: 'supplier' | 'client';
	kind: 'user' | 'guest';
	/** userId or guestId */
	id: string;
}

export interface LiveHub {
	/** Re-check every open connection on this board now (after a link is revoked or a person removed). */
	accessChanged(boardId: string): void;
	/** Who has a socket open on the board right now (deduplicated per person). */
	presence(boardId: string): PresenceEntry[];
	/** Drop every in-memory room of the board (after the board is deleted). */
	boardDeleted?(boardId: string): void;
	/** Close at once, with 4401, every socket opened with one of these sessions (ids = SHA-256 of the token). */
	sessionsEnded?(sessionIds: string[]): void;
	/** History: the live state of a document whose room is open (null when it is not). */
	liveState?(docName: string): Uint8Array | null;
	/**
	 * History: runs `change` on the live document (opening its room if needed) in one transaction;
	 * the room stores it and sends it to everyone connected, like a server-side migration.
	 */
	applyLive?(boardId: string, kind: 'shared' | 'internal', change: (doc: import('yjs').Doc) => void): Promise<void>;
	/**
	 * Runs `change` on the live document (the room is opened and loaded if need be), in one
	 * transaction with the server's origin. It goes through the sync server's group commit with the
	 * clients' changes of that turn: stored in their transaction, then sent to every open socket, in
	 * arrival order. Resolves, with what `change` returned, once it is stored. A change that writes
	 * nothing sends nothing (so it also serves reads).
	 */
	applyServerChange?<T>(boardId: string, kind: 'shared' | 'internal', change: (doc: Y.Doc) => T): Promise<T>;
}

let hub: LiveHub | null = null;

export function registerLiveHub(next: LiveHub | undefined): void {
	hub = next ?? null;
}

export function liveHub(): LiveHub | null {
	return hub;
}

export function notifyAccessChanged(boardId: string): void {
	liveHub()?.accessChanged(boardId);
}

export function boardPresence(boardId: string): PresenceEntry[] {
	return liveHub()?.presence(boardId) ?? [];
}

/** Sessions were deleted (sign-out, guest removal): their sockets close now, not at the next sweep. */
export function notifySessionsEnded(sessionIds: string[]): void {
	if (sessionIds.length > 0) liveHub()?.sessionsEnded?.(sessionIds);
}

/** The board was deleted: its sockets close with 4404 and its rooms are dropped without writing back. */
export function notifyBoardDeleted(boardId: string): void {
	liveHub()?.boardDeleted?.(boardId);
}

/** Changes (or reads) a board's live document from the server; throws when no sync server runs. */
export async function applyServerChange<T>(boardId: string, kind: 'shared' | 'internal', change: (doc: Y.Doc) => T): Promise<T> {
	const apply = liveHub()?.applyServerChange;
	if (!apply) throw new Error('the sync server is not running');
	return apply(boardId, kind, change);
}
