import type { ConnectionState } from './connection.svelte.ts';

/** How long leaving waits for the server to confirm what is in flight before it asks. */
export const LEAVE_WAIT_MS = 3_000;

export type LeaveDecision = 'go' | 'wait' | 'ask';

/**
 * What leaving a board does with the save state as the header shows it: nothing unsaved (or no
 * access, so nothing can be saved by staying) goes at once; unsaved changes that may still reach
 * the server (connected, or reconnecting) wait up to LEAVE_WAIT_MS; offline, or still unsaved
 * after the wait, asks.
 */
export function leaveDecision(state: ConnectionState, unsynced: number, waitedMs: number): LeaveDecision {
	if (unsynced <= 0 || state === 'no-access') return 'go';
	if (state === 'offline') return 'ask';
	return waitedMs < LEAVE_WAIT_MS ? 'wait' : 'ask';
}

/** Whether a navigation from this board's page leaves the board (another page, another board, or the document itself). */
export function leavesBoard(from: URL, to: URL | null | undefined): boolean {
	return !to || to.origin !== from.origin || to.pathname !== from.pathname;
}
