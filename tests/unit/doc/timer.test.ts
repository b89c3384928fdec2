import { describe, expect, it } from 'vitest';
import { elapsedMs, extendTimer, formatClock, msUntilNextTick, pauseTimer, readTimer, remainingMs, resumeTimer, startTimer, timerPhase } from '../../../src/lib/board/doc/timer.ts';

// Hand-computed: a 10-minute timer started at t = 1,000,000 ms (server clock).
const T0 = 1_000_000;
const ten = startTimer(600_000, T0);

describe('shared timer arithmetic', () => {
	it('counts down from the start', () => {
		expect(remainingMs(ten, T0)).toBe(600_000);
		expect(remainingMs(ten, T0 + 90_500)).toBe(509_500);
		expect(formatClock(509_500)).toBe('08:30'); // 509.5 s → 510 s shown = 8:30
	});

	it('stands still while paused and subtracts every pause', () => {
		const paused = pauseTimer(ten, T0 + 60_000); // 1 min run
		expect(remainingMs(paused, T0 + 300_000)).toBe(540_000); // still 9 min left 4 min later
		expect(timerPhase(paused, T0 + 300_000)).toBe('paused');
		const resumed = resumeTimer(paused, T0 + 180_000); // paused for 2 min
		expect(resumed.accumulatedPauseMs).toBe(120_000);
		expect(elapsedMs(resumed, T0 + 240_000)).toBe(120_000); // 4 min wall − 2 min pause
		const again = resumeTimer(pauseTimer(resumed, T0 + 300_000), T0 + 330_000); // another 30 s pause
		expect(again.accumulatedPauseMs).toBe(150_000);
		expect(remainingMs(again, T0 + 400_000)).toBe(600_000 - (400_000 - 150_000)); // 350,000
		expect(pauseTimer(paused, T0 + 999)).toBe(paused); // pausing twice keeps the first pause
		expect(resumeTimer(ten, T0 + 5)).toBe(ten);
	});

	it('extends by the amount; after the time is up, from now', () => {
		expect(remainingMs(extendTimer(ten, 60_000, T0 + 100_000), T0 + 100_000)).toBe(560_000);
		// 3 minutes over: +1 min gives one minute from now, not −2 min.
		const over = T0 + 780_000;
		expect(remainingMs(ten, over)).toBe(-180_000);
		const ext = extendTimer(ten, 60_000, over);
		expect(ext.durationMs).toBe(840_000);
		expect(remainingMs(ext, over)).toBe(60_000);
		// A paused timer extends its standing time.
		expect(remainingMs(extendTimer(pauseTimer(ten, T0 + 60_000), 300_000, T0 + 120_000), T0 + 200_000)).toBe(840_000);
	});

	it('turns to the last minute, then to time’s up', () => {
		expect(timerPhase(ten, T0 + 539_999)).toBe('running');
		expect(timerPhase(ten, T0 + 540_000)).toBe('lastMinute');
		expect(timerPhase(ten, T0 + 599_999)).toBe('lastMinute');
		expect(timerPhase(ten, T0 + 600_000)).toBe('up');
		expect(formatClock(-5_000)).toBe('00:00');
		expect(formatClock(1)).toBe('00:01');
		expect(formatClock(3_600_000)).toBe('60:00');
	});

	it('gives the same remaining time to two screens whose clocks differ, once corrected by their offsets', () => {
		// Screen A's clock is 4.2 s behind the server, screen B's 7.9 s ahead; both read at server time T0 + 61,300.
		const serverNow = T0 + 61_300;
		const localA = serverNow - 4_200;
		const localB = serverNow + 7_900;
		const a = remainingMs(ten, localA + 4_200);
		const b = remainingMs(ten, localB - 7_900);
		expect(a).toBe(538_700);
		expect(formatClock(a)).toBe(formatClock(b));
		expect(formatClock(a)).toBe('08:59');
		// Uncorrected they would differ by 12 s.
		expect(formatClock(remainingMs(ten, localA))).toBe('09:03');
	});

	it('ticks when the displayed second changes', () => {
		expect(msUntilNextTick(509_500)).toBe(500);
		expect(msUntilNextTick(509_000)).toBe(1000);
		expect(msUntilNextTick(509_999)).toBe(999);
		expect(msUntilNextTick(-200)).toBe(800);
	});

	it('reads only well-formed timers', () => {
		expect(readTimer({ startedAt: 5, durationMs: 10, pausedAt: null, accumulatedPauseMs: 0 })).toEqual({ startedAt: 5, durationMs: 10, pausedAt: null, accumulatedPauseMs: 0 });
		expect(readTimer({ startedAt: '5', durationMs: 10, accumulatedPauseMs: 0 })).toBeNull();
		expect(readTimer(null)).toBeNull();
		expect(readTimer({ startedAt: 5, durationMs: -10, pausedAt: 'x', accumulatedPauseMs: 0 })).toEqual({ startedAt: 5, durationMs: 0, pausedAt: null, accumulatedPauseMs: 0 });
	});
});
