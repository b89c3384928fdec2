// A bridge between the SvelteKit routes and the sync server, which run in one process but in
// separate module graphs (the adapter-node bundle and server/). Keyed on globalThis for that reason.

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
}

const KEY = Symbol.for('tandem.live');
type Holder = { [KEY]?: LiveHub };

export function registerLiveHub(hub: LiveHub | undefined): void {
	(globalThis as Holder)[KEY] = hub;
}

export function liveHub(): LiveHub | null {
	return (globalThis as Holder)[KEY] ?? null;
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
