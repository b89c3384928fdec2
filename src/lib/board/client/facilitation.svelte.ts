import type * as Y from 'yjs';
import { Projection } from './projection.svelte.ts';
import { clockOffset, fetchServerTime, sampleServerClock } from './serverClock.ts';
import { agendaLogMap, agendaMap, readAgenda, type AgendaStep } from '../doc/agenda.ts';
import { readSession, sessionMap, type SessionState } from '../doc/session.ts';
import { msUntilNextTick, remainingMs, timerPhase, type TimerPhase } from '../doc/timer.ts';
import { playTone } from './tone.ts';

/** Whom my screen follows: the agenda's steps (the default), one person, or nobody. */
export type Follow = { kind: 'agenda' } | { kind: 'person'; id: string; name: string } | { kind: 'none' };

const SOUND_KEY = 'tandem:timer-sound';
const RESAMPLE_MS = 10 * 60_000;

/**
 * The live session as one browser sees it: the agenda and session state (projections of the shared
 * document), the server-corrected clock, and whom this screen follows. The clock ticks when the
 * displayed seconds change (computed from the corrected time each tick, so it never drifts).
 */
export class Facilitation {
	readonly agenda: Projection<AgendaStep[]>;
	readonly session: Projection<SessionState>;
	/** Server time − local time, in ms. */
	offset = $state(0);
	/** The server-corrected time, updated on every tick. */
	now = $state(Date.now());
	follow = $state<Follow>({ kind: 'agenda' });
	sound = $state(false);
	#doc: Y.Doc;
	#timeout: ReturnType<typeof setTimeout> | null = null;
	#resample: ReturnType<typeof setInterval> | null = null;
	#lastPhase: TimerPhase | null = null;
	#destroyed = false;
	#onSession = () => this.tick();

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		this.agenda = new Projection([agendaMap(doc), agendaLogMap(doc)], () => readAgenda(doc));
		this.session = new Projection(sessionMap(doc), () => readSession(doc));
		try {
			this.sound = localStorage.getItem(SOUND_KEY) === 'on';
		} catch {
			// storage unavailable: sound stays off
		}
		sessionMap(doc).observe(this.#onSession);
		void this.sync();
		this.#resample = setInterval(() => void this.sync(), RESAMPLE_MS);
		this.tick();
	}

	/** Measures the clock offset against the server (GET /time, the sample with the smallest round trip). */
	async sync(): Promise<void> {
		const samples = await sampleServerClock(fetchServerTime, 5);
		if (this.#destroyed || samples.length === 0) return;
		this.offset = clockOffset(samples);
		this.tick();
	}

	/** The server-corrected time right now (for writes: startedAt, pausedAt… are server times). */
	serverNow(): number {
		return Date.now() + this.offset;
	}

	/** Re-reads the clock and schedules the next tick for when the displayed seconds change. */
	tick(): void {
		if (this.#destroyed) return;
		if (this.#timeout) clearTimeout(this.#timeout);
		const now = this.serverNow();
		this.now = now;
		const timer = readSession(this.#doc).timer;
		let delay = 1000;
		if (timer) {
			const phase = timerPhase(timer, now);
			if (phase === 'up' && (this.#lastPhase === 'running' || this.#lastPhase === 'lastMinute') && this.sound) playTone();
			this.#lastPhase = phase;
			if (phase !== 'paused') delay = msUntilNextTick(remainingMs(timer, now));
		} else this.#lastPhase = null;
		// A few ms late rather than early, so the tick lands after the second has changed.
		this.#timeout = setTimeout(() => this.tick(), delay + 5);
	}

	setSound(on: boolean): void {
		this.sound = on;
		try {
			localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
		} catch {
			// not stored: on for this page only
		}
		if (on) playTone(0.15); // also unlocks audio: browsers allow sound only after a gesture
	}

	destroy(): void {
		this.#destroyed = true;
		if (this.#timeout) clearTimeout(this.#timeout);
		if (this.#resample) clearInterval(this.#resample);
		sessionMap(this.#doc).unobserve(this.#onSession);
	}
}
