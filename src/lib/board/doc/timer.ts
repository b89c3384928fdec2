import { isRec } from '../model/read.ts';

/*
 * The shared timer, as absolute timestamps on the server's clock (every browser corrects its own
 * clock against the server, see client/serverClock.ts), so the same state gives the same remaining
 * time on every screen and survives a reload, a reconnect and a server restart:
 *
 *   { startedAt, durationMs, pausedAt: number | null, accumulatedPauseMs }
 *
 * Pure arithmetic, no Yjs: the session map (session.ts) stores the value.
 */
export interface TimerState {
	startedAt: number;
	durationMs: number;
	pausedAt: number | null;
	accumulatedPauseMs: number;
}

export type TimerPhase = 'running' | 'lastMinute' | 'up' | 'paused';

const LAST_MINUTE_MS = 60_000;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A timer state from whatever a peer wrote, or null. */
export function readTimer(v: unknown): TimerState | null {
	if (!isRec(v) || !finite(v.startedAt) || !finite(v.durationMs) || !finite(v.accumulatedPauseMs)) return null;
	const pausedAt = finite(v.pausedAt) ? v.pausedAt : null;
	return { startedAt: v.startedAt, durationMs: Math.max(0, v.durationMs), pausedAt, accumulatedPauseMs: Math.max(0, v.accumulatedPauseMs) };
}

export const startTimer = (durationMs: number, now: number): TimerState => ({ startedAt: now, durationMs: Math.max(0, durationMs), pausedAt: null, accumulatedPauseMs: 0 });

/** Running time so far: wall time since the start minus the pauses (a paused timer stands still). */
export function elapsedMs(t: TimerState, now: number): number {
	const end = t.pausedAt ?? now;
	return Math.max(0, end - t.startedAt - t.accumulatedPauseMs);
}

/** Time left; negative once the time is up (how far over). */
export const remainingMs = (t: TimerState, now: number): number => t.durationMs - elapsedMs(t, now);

export function pauseTimer(t: TimerState, now: number): TimerState {
	return t.pausedAt !== null ? t : { ...t, pausedAt: now };
}

export function resumeTimer(t: TimerState, now: number): TimerState {
	if (t.pausedAt === null) return t;
	return { ...t, pausedAt: null, accumulatedPauseMs: t.accumulatedPauseMs + Math.max(0, now - t.pausedAt) };
}

/**
 * Adds `ms` to the time. Once the time is up, extending gives `ms` from now (not from the planned
 * end, which may be long past): +1 min after an overrun of 3 min still means one more minute.
 */
export function extendTimer(t: TimerState, ms: number, now: number): TimerState {
	const left = remainingMs(t, now);
	const base = left < 0 ? t.durationMs - left : t.durationMs;
	return { ...t, durationMs: Math.max(0, base + ms) };
}

export function timerPhase(t: TimerState, now: number): TimerPhase {
	if (t.pausedAt !== null) return 'paused';
	const left = remainingMs(t, now);
	if (left <= 0) return 'up';
	return left <= LAST_MINUTE_MS ? 'lastMinute' : 'running';
}

/** Remaining time as m:ss (whole seconds rounded up, so 0:00 shows only when the time is up); 0:00 after. */
export function formatClock(ms: number): string {
	const s = Math.max(0, Math.ceil(ms / 1000));
	const m = Math.floor(s / 60);
	return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Milliseconds until the displayed seconds next change, so a display that ticks at that moment
 * flips at the same instant on every screen (no drift: it is computed from the corrected clock).
 */
export function msUntilNextTick(remaining: number): number {
	const r = ((remaining % 1000) + 1000) % 1000;
	return r === 0 ? 1000 : r;
}
