import { describe, expect, it } from 'vitest';
import { liveServer, seedStored } from './helpers/live.ts';
import { waitFor, type TestClient } from './helpers/clients.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { addGoal, goalText } from '../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../src/lib/board/doc/stakeholders.ts';
import { readCell, setPriority } from '../../src/lib/board/doc/matrix.ts';
import { lockSection, readLocks, unlockSection } from '../../src/lib/board/doc/locks.ts';
import { readRelation, setRelationship } from '../../src/lib/board/doc/internal.ts';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

// Facilitator locks against the real live.server, with real y-websocket clients: a locked section refuses
// writes from everyone but facilitators, other sections stay writable, and unlocking re-allows at once.

const live = liveServer();
async function open(room: string, token: string) {
	const c = live.open(room, token);
	await c.synced();
	return c;
}
const { stored } = live;

const sam = { id: 'u-f', name: 'Sam' };
const stamp = { by: sam, sessionId: 'tab-1', now: 1 };

function board() {
	const b = live.world.addBoard();
	const room = docName(b.boardId, 'shared');
	seedStored(live.world.db, room, (doc) => {
		addStakeholder(doc, 's-c', { name: 'Cleo', side: 'client' });
		addStakeholder(doc, 's-d', { name: 'Dana', side: 'client' });
		addGoal(doc, { id: 'g-1', text: 'Grow', author: sam });
	});
	return { b, room };
}
async function refused(c: TestClient) {
	await waitFor(() => c.closes.length > 0, 'refusal close');
	expect(c.closes[0].code).toBe(CLOSE.refused);
	expect(c.closes[0].reason).toMatch(/^not allowed: the positioning matrix is locked by Sam/);
}

/**
 * Holds what the server sends `c` (the network is slow for this one browser) until `release()`,
 * which hands it to the real y-websocket handler in order and sends its answers, as on arrival.
 */
function holdIncoming(c: TestClient) {
	const stock = c.provider.messageHandlers[0];
	const held: Uint8Array[] = [];
	c.provider.messageHandlers[0] = (_encoder, decoder) => void held.push(decoding.readTailAsUint8Array(decoder));
	return {
		get count() {
			return held.length;
		},
		release() {
			c.provider.messageHandlers[0] = stock;
			for (const m of held.splice(0)) {
				const encoder = encoding.createEncoder();
				stock(encoder, decoding.createDecoder(m), c.provider, true, 0);
				if (encoding.length(encoder) > 1) c.provider.ws!.send(encoding.toUint8Array(encoder));
			}
		}
	};
}

describe('sync server: facilitator locks', () => {
	it('an edit made before the lock reached that browser is kept; the next one, once the browser has the lock, is refused', async () => {
		const { b, room } = board();
		const facilitator = await open(room, b.tokens.facilitator);
		const typist = await open(room, b.tokens.clientGuest);
		const bystander = await open(room, b.tokens.participant);
		const slow = holdIncoming(typist);
		lockSection(facilitator.doc, 'matrix', sam);
		// The server has applied, stored and sent the lock; the typist's browser has not received it.
		await waitFor(() => 'matrix' in readLocks(bystander.doc), 'the lock at the bystander');
		await waitFor(() => slow.count >= 1, 'the lock, held for the typist');
		expect('matrix' in readLocks(typist.doc)).toBe(false);
		setPriority(typist.doc, 's-c', 'g-1', 3, stamp);
		await waitFor(() => readCell(bystander.doc, 's-c', 'g-1')?.priority === 3, 'the crossing edit at the bystander');
		expect(typist.closes).toEqual([]);
		expect(readCell(stored(room), 's-c', 'g-1')?.priority).toBe(3);
		expect('matrix' in readLocks(stored(room))).toBe(true);

		// The lock arrives; the browser confirms it in order, so its next edit is one made under the lock.
		slow.release();
		expect('matrix' in readLocks(typist.doc)).toBe(true);
		setPriority(typist.doc, 's-d', 'g-1', 1, stamp);
		await refused(typist);
		expect(readCell(stored(room), 's-d', 'g-1')).toBeNull();
		expect(readCell(bystander.doc, 's-d', 'g-1')).toBeNull();
	});

	it('the whole-board lock closes the internal document to everyone but facilitators, until unlocked', async () => {
		const { b, room } = board();
		const internal = docName(b.boardId, 'internal');
		const facilitator = await open(room, b.tokens.facilitator);
		lockSection(facilitator.doc, 'board', sam);
		await waitFor(() => 'board' in readLocks(stored(room)), 'the lock stored');
		// A section lock never reaches it; the board lock does, whoever opens only the internal document.
		const participant = await open(internal, b.tokens.participant);
		setRelationship(participant.doc, 's-c', 2);
		await waitFor(() => participant.closes.length > 0, 'refusal close');
		expect(participant.closes[0]).toMatchObject({ code: CLOSE.refused, reason: expect.stringMatching(/^not allowed: the whole board is locked by Sam/) });
		expect(readRelation(stored(internal), 's-c')?.relationship ?? 0).toBe(0);
		const facilitatorInternal = await open(internal, b.tokens.facilitator);
		setRelationship(facilitatorInternal.doc, 's-d', 1);
		await waitFor(() => readRelation(stored(internal), 's-d')?.relationship === 1, 'the facilitator relation stored');
		unlockSection(facilitator.doc, 'board');
		await waitFor(() => !('board' in readLocks(stored(room))), 'the unlock stored');
		const again = await open(internal, b.tokens.participant);
		setRelationship(again.doc, 's-c', 2);
		await waitFor(() => readRelation(stored(internal), 's-c')?.relationship === 2, 'the participant relation stored');
		expect(again.closes).toEqual([]);
	});

	it('a lock refuses non-facilitators on that section; facilitators still write; other sections stay writable; unlocking re-allows at once', async () => {
		const { b, room } = board();
		const facilitator = await open(room, b.tokens.facilitator);
		const bystander = await open(room, b.tokens.participant);
		lockSection(facilitator.doc, 'matrix', sam);
		await waitFor(() => 'matrix' in readLocks(bystander.doc), 'the lock at the bystander');
		expect('matrix' in readLocks(stored(room))).toBe(true);

		// The client guest and a supplier participant are refused on the matrix…
		const guest = await open(room, b.tokens.clientGuest);
		setPriority(guest.doc, 's-c', 'g-1', 3, stamp);
		await refused(guest);
		const participant = await open(room, b.tokens.participant);
		setPriority(participant.doc, 's-d', 'g-1', 1, stamp);
		await refused(participant);

		// …while the facilitator writes to it, and the guest writes elsewhere.
		setPriority(facilitator.doc, 's-d', 'g-1', 2, stamp);
		const guest2 = await open(room, b.tokens.clientGuest);
		goalText(guest2.doc, 'g-1')!.insert(4, ' in Asia');
		await waitFor(() => readCell(bystander.doc, 's-d', 'g-1')?.priority === 2 && goalText(bystander.doc, 'g-1')?.toString() === 'Grow in Asia', 'facilitator and guest changes at the bystander');
		expect(guest2.closes).toEqual([]);
		const mid = stored(room);
		expect(readCell(mid, 's-c', 'g-1')).toBeNull();
		expect(readCell(mid, 's-d', 'g-1')?.priority).toBe(2);

		// Unlocking: the very next write from the guest is accepted.
		unlockSection(facilitator.doc, 'matrix');
		await waitFor(() => !('matrix' in readLocks(guest2.doc)), 'the unlock at the guest');
		setPriority(guest2.doc, 's-c', 'g-1', 3, stamp);
		await waitFor(() => readCell(bystander.doc, 's-c', 'g-1')?.priority === 3, 'the guest score at the bystander');
		expect(guest2.closes).toEqual([]);
		expect(readCell(stored(room), 's-c', 'g-1')?.priority).toBe(3);
	});

	it('non-facilitators cannot lock or unlock', async () => {
		const { b, room } = board();
		const facilitator = await open(room, b.tokens.facilitator);
		lockSection(facilitator.doc, 'goals', sam);
		const participant = await open(room, b.tokens.participant);
		await waitFor(() => 'goals' in readLocks(participant.doc), 'the lock');
		unlockSection(participant.doc, 'goals');
		await waitFor(() => participant.closes.length > 0, 'refusal close');
		expect(participant.closes[0]).toMatchObject({ code: CLOSE.refused, reason: expect.stringMatching(/^not allowed: participants on the supplier side may not change running the session/) });
		expect('goals' in readLocks(stored(room))).toBe(true);
	});
});
