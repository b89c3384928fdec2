import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { liveServer } from './helpers/live.ts';
import { waitFor } from './helpers/clients.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { addStep } from '../../src/lib/board/doc/agenda.ts';
import { extend, pause, readSession, startStep, summon } from '../../src/lib/board/doc/session.ts';
import { remainingMs } from '../../src/lib/board/doc/timer.ts';

// Running the session is the facilitator's: the real server refuses agenda, timer and "bring
// everyone here" changes from anyone else, and the timer (absolute server timestamps in the
// document) survives a server restart with the same remaining time.

const live = liveServer();
const { open, stored } = live;

const fay = { id: 'u-fay', name: 'Fay' };

describe('facilitation on the real server', () => {
	it('GET /time answers the server clock, uncached', async () => {
		const before = Date.now();
		const res = await fetch(`${live.server.origin}/time`);
		const after = Date.now();
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const { now } = (await res.json()) as { now: number };
		expect(now).toBeGreaterThanOrEqual(before - 5);
		expect(now).toBeLessThanOrEqual(after + 5);
	});

	for (const who of ['participant', 'clientGuest'] as const) {
		it(`refuses a ${who === 'participant' ? 'supplier participant' : 'client guest'}'s start of a step, timer change and summon`, async () => {
			const b = live.world.addBoard();
			const room = docName(b.boardId, 'shared');
			const facilitator = open(room, b.tokens.facilitator);
			await facilitator.synced();
			addStep(facilitator.doc, 'st-1', { title: 'Goals', minutes: 10, view: 'goals', mode: 'discuss' });
			startStep(facilitator.doc, 'st-1', 1_000_000);
			await waitFor(() => readSession(stored(room)).current === 'st-1', 'the facilitator’s start stored');

			for (const attempt of [
				(d: Y.Doc) => extend(d, 5 * 60_000, 1_010_000),
				(d: Y.Doc) => pause(d, 1_010_000),
				(d: Y.Doc) => summon(d, { view: 'matrix', by: fay, hold: true }, 1_010_000)
			]) {
				const actor = open(room, b.tokens[who]);
				await actor.synced();
				attempt(actor.doc);
				await waitFor(() => actor.closes.length > 0, 'refusal close');
				expect(actor.closes[0].code).toBe(CLOSE.refused);
				expect(actor.closes[0].reason).toMatch(/^not allowed: .*running the session/);
				actor.destroy();
			}
			const s = readSession(stored(room));
			expect(s.timer).toEqual({ startedAt: 1_000_000, durationMs: 600_000, pausedAt: null, accumulatedPauseMs: 0 });
			expect(s.summon).toBeNull();
		});
	}

	it('keeps the timer through a server kill -9 and restart: the same state, the same remaining time', async () => {
		const b = live.world.addBoard();
		const room = docName(b.boardId, 'shared');
		const facilitator = open(room, b.tokens.facilitator);
		await facilitator.synced();
		addStep(facilitator.doc, 'st-1', { title: 'Goals', minutes: 10, view: 'goals', mode: 'discuss' });
		const t = Date.now();
		startStep(facilitator.doc, 'st-1', t);
		extend(facilitator.doc, 60_000, t + 1_000);
		await waitFor(() => readSession(stored(room)).timer?.durationMs === 660_000, 'the extended timer stored');
		facilitator.destroy();

		await live.server.restart('SIGKILL');

		const guest = open(room, b.tokens.clientGuest);
		await guest.synced();
		const timer = readSession(guest.doc).timer!;
		expect(timer).toEqual({ startedAt: t, durationMs: 660_000, pausedAt: null, accumulatedPauseMs: 0 });
		expect(readSession(guest.doc).current).toBe('st-1');
		// Hand-computed: 11 minutes from t, read 90 s after t → 9:30 left, on any screen.
		expect(remainingMs(timer, t + 90_000)).toBe(570_000);
	});
});
