import { describe, expect, it } from 'vitest';
import { LEAVE_WAIT_MS, leaveDecision, leavesBoard } from '../../../src/lib/board/client/leaveDecision.ts';

describe('leaveDecision', () => {
	it('goes at once with nothing unsaved, whatever the connection', () => {
		for (const state of ['connected', 'connecting', 'reconnecting', 'offline', 'no-access'] as const) expect(leaveDecision(state, 0, 0)).toBe('go');
	});
	it('waits for a save in flight while connected, then asks once the wait is over', () => {
		expect(leaveDecision('connected', 2, 0)).toBe('wait');
		expect(leaveDecision('connected', 2, LEAVE_WAIT_MS - 1)).toBe('wait');
		expect(leaveDecision('connected', 2, LEAVE_WAIT_MS)).toBe('ask');
	});
	it('waits while reconnecting (the socket may come back), asks after the wait', () => {
		expect(leaveDecision('reconnecting', 1, 100)).toBe('wait');
		expect(leaveDecision('connecting', 1, LEAVE_WAIT_MS + 1)).toBe('ask');
	});
	it('asks at once when offline: nothing will be saved by waiting', () => {
		expect(leaveDecision('offline', 1, 0)).toBe('ask');
	});
	it('goes without access: staying cannot save anything (the board already says so)', () => {
		expect(leaveDecision('no-access', 3, 0)).toBe('go');
	});
});

describe('leavesBoard', () => {
	const board = new URL('https://tandem.example/boards/b1?view=goals');
	it('another view of the same board (?view=) is not leaving', () => {
		expect(leavesBoard(board, new URL('https://tandem.example/boards/b1?view=matrix'))).toBe(false);
		expect(leavesBoard(board, new URL('https://tandem.example/boards/b1#x'))).toBe(false);
	});
	it('another page, another board, another site or the document going away is', () => {
		expect(leavesBoard(board, new URL('https://tandem.example/workspace'))).toBe(true);
		expect(leavesBoard(board, new URL('https://tandem.example/boards/b2?view=goals'))).toBe(true);
		expect(leavesBoard(board, new URL('https://tandem.example/boards/b1/people'))).toBe(true);
		expect(leavesBoard(board, new URL('https://elsewhere.example/boards/b1'))).toBe(true);
		expect(leavesBoard(board, null)).toBe(true);
	});
});
