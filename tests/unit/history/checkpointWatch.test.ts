import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { Room } from '../../../server/sync/room.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { commitQueueFor } from '../../../server/sync/commitQueue.ts';
import { watchForCheckpoints } from '../../../server/sync/checkpointWatch.ts';
import { accounts, boards, checkpoints } from '../../../src/lib/server/db/schema.ts';
import { seedDoc } from '../../../src/lib/server/docStore.ts';
import { addStep } from '../../../src/lib/board/doc/agenda.ts';
import { endSession, extend, readSession, startStep } from '../../../src/lib/board/doc/session.ts';
import { addGoal, goalText } from '../../../src/lib/board/doc/goals.ts';
import { setAbility } from '../../../src/lib/board/doc/internal.ts';
import { addUser } from '../testDb.ts';
import { fakePeer, tempDb } from '../sync/helpers.ts';

// server/sync/checkpointWatch.ts promises automatic checkpoints: when the agenda's current step
// changes (both documents), at the end of a session (both), and at least daily while the board
// changes (the changed document only: the first change a day after the last checkpoint). Always
// after the change is stored, and holding it. Nothing for changes that are none of these.

const DAY = 86_400_000;
const FACILITATOR = { role: 'facilitator', side: 'supplier' } as const;
const ann = { id: 'u1', name: 'Ann' };

describe('automatic checkpoints (checkpointWatch)', () => {
	let t: ReturnType<typeof tempDb>;
	let room: Room;
	let offset = 0;
	let watch: ReturnType<typeof watchForCheckpoints>;
	const peer = fakePeer('user:u1');
	const rows = () => t.db.select().from(checkpoints).where(eq(checkpoints.boardId, 'b1')).all();
	const reasons = () => rows().map((r) => `${r.reason} ${r.docName}`).sort();

	/** A change as a client sends it: made on a copy of the room's document, received as an update. */
	async function change(fn: (doc: Y.Doc) => void): Promise<void> {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
		const sv = Y.encodeStateVector(copy);
		fn(copy);
		expect(room.receiveUpdate(peer, Y.encodeStateAsUpdate(copy, sv), FACILITATOR)).toBe('applied');
		await commitQueueFor(t.db, silentLog).whenIdle();
		// A checkpoint is written after the commit, asynchronously: wait for the ones it asked for.
		await watch.settled();
	}

	beforeEach(async () => {
		t = tempDb();
		offset = 0;
		addUser(t.db, 'u1', 'ws1');
		t.db.insert(accounts).values({ id: 'a1', workspaceId: 'ws1', name: 'Acme', ownerId: 'u1', createdAt: 0 }).run();
		t.db.insert(boards).values({ id: 'b1', accountId: 'a1', name: 'Board', template: 'blank', createdBy: 'u1', createdAt: 0, lastActivityAt: 0 }).run();
		const internal = new Y.Doc();
		setAbility(internal, 'g1', 2);
		seedDoc(t.db, 'b1/internal', Y.encodeStateAsUpdate(internal));
		room = new Room('b1', 'shared', { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
		await room.load();
		watch = watchForCheckpoints(t.db, room, silentLog, () => Date.now() + offset);
		// The board as it starts the day: an agenda of two steps (this first change takes the day's checkpoint).
		await change((d) => {
			addStep(d, 'st1', { title: 'Goals', minutes: 10, view: 'goals', mode: 'discuss' });
			addStep(d, 'st2', { title: 'Matrix', minutes: 10, view: 'matrix', mode: 'discuss' });
		});
		expect(reasons()).toEqual(['daily b1/shared']);
	});
	afterEach(() => {
		room.destroy();
		t.cleanup();
	});

	it('starting a step and moving to the next one each take a checkpoint of both documents, holding the change', async () => {
		await change((d) => startStep(d, 'st1', 1));
		expect(reasons()).toEqual(['daily b1/shared', 'step b1/internal', 'step b1/shared']);
		const cp = rows().find((r) => r.reason === 'step' && r.docName === 'b1/shared')!;
		expect(cp).toMatchObject({ kind: 'auto', name: 'Agenda step changed', createdBy: null });
		const state = new Y.Doc();
		Y.applyUpdate(state, new Uint8Array(cp.state));
		expect(readSession(state).current).toBe('st1');

		await change((d) => startStep(d, 'st2', 2));
		expect(reasons()).toEqual(['daily b1/shared', 'step b1/internal', 'step b1/internal', 'step b1/shared', 'step b1/shared']);
	});

	it('is taken after the change is stored, never while the server is still receiving it', async () => {
		const before = rows().length;
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
		const sv = Y.encodeStateVector(copy);
		startStep(copy, 'st1', 1);
		room.receiveUpdate(peer, Y.encodeStateAsUpdate(copy, sv), FACILITATOR);
		// Still on the receiving stack: the change is not stored yet, so no checkpoint may exist.
		expect(rows().length).toBe(before);
		await commitQueueFor(t.db, silentLog).whenIdle();
		await watch.settled();
		expect(rows().length).toBe(before + 2);
	});

	it('ending the session takes an "End of session" checkpoint of both documents', async () => {
		await change((d) => startStep(d, 'st1', 1));
		await change((d) => endSession(d, 2));
		const ends = rows().filter((r) => r.reason === 'session-end');
		expect(ends.map((r) => r.docName).sort()).toEqual(['b1/internal', 'b1/shared']);
		expect(ends[0].name).toBe('End of session');
	});

	it('a timer change or an edit within the day takes none', async () => {
		await change((d) => startStep(d, 'st1', 1));
		const before = reasons();
		offset = 2 * 60_000; // past the minute between look-ups, well within the day
		await change((d) => extend(d, 60_000, 2));
		offset = 4 * 60_000;
		await change((d) => addGoal(d, { id: 'g1', text: 'Grow', author: ann }));
		expect(reasons()).toEqual(before);
	});

	it('daily while the board changes: the first change a day after the last checkpoint takes one of that document only', async () => {
		await change((d) => startStep(d, 'st1', 1));
		const stepAt = Math.max(...rows().map((r) => r.createdAt));
		// A day of nothing: no change, no checkpoint.
		offset = DAY + 2 * 60_000;
		expect(rows().length).toBe(3);
		// The next change, more than a day after the last checkpoint: one daily checkpoint of the shared document.
		await change((d) => addGoal(d, { id: 'g1', text: 'Grow', author: ann }));
		const daily = rows().filter((r) => r.reason === 'daily' && r.createdAt >= stepAt);
		expect(daily.map((r) => r.docName)).toEqual(['b1/shared']);
		expect(daily[0].name).toBe('Daily checkpoint');
		expect(daily[0].createdAt).toBeGreaterThanOrEqual(stepAt);
		// More changes straight after: none (the next look-up is a minute away, and the day is young).
		await change((d) => goalText(d, 'g1')!.insert(4, ' revenue'));
		offset += 2 * 60_000;
		await change((d) => goalText(d, 'g1')!.insert(0, 'We '));
		expect(rows().filter((r) => r.reason === 'daily').length).toBe(2);
	});
});
