import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { agendaLogMap, closeRun, openRun, readAgenda, readLog } from './agenda.ts';
import { extendTimer, pauseTimer, readTimer, resumeTimer, startTimer, type TimerState } from './timer.ts';
import { AGENDA_LIMITS, VIEW_IDS, type ViewId } from '../model/facilitation.ts';
import { author, isRec, type Author } from '../model/read.ts';
import type { CanvasSpot } from '../canvas/active.ts';

/*
 * The live session, in the shared document (facilitators only; model/permissions.ts area
 * `facilitation`), written with ORIGIN.session (synced, never undone by Ctrl+Z):
 *
 *   session  Y.Map  current: stepId | null   the agenda step running now
 *                   timer:   TimerState | null (timer.ts: absolute server timestamps)
 *                   summon:  { view, by, hold, at } | null   "bring everyone here" (and hold them there)
 *
 * Every `now` is the server-corrected clock of the facilitator's browser (client/serverClock.ts).
 */

export interface Summon {
	view: ViewId;
	by: Author;
	hold: boolean;
	at: number;
	/** On the canvas: the page and camera everyone is brought to. */
	canvas?: CanvasSpot;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
function readSpot(v: unknown): CanvasSpot | undefined {
	if (!isRec(v) || typeof v.page !== 'string' || !isNum(v.x) || !isNum(v.y) || !isNum(v.z) || v.z <= 0) return undefined;
	return { page: v.page, x: v.x, y: v.y, z: v.z };
}

export interface SessionState {
	current: string | null;
	timer: TimerState | null;
	summon: Summon | null;
}

export const sessionMap = (doc: Y.Doc) => doc.getMap<unknown>('session');

export function readSummon(v: unknown): Summon | null {
	if (!isRec(v) || !(VIEW_IDS as readonly unknown[]).includes(v.view) || typeof v.at !== 'number' || !Number.isFinite(v.at)) return null;
	const by = author(v.by);
	if (!by) return null;
	const canvas = v.view === 'canvas' ? readSpot(v.canvas) : undefined;
	return { view: v.view as ViewId, by, hold: v.hold === true, at: v.at, ...(canvas ? { canvas } : {}) };
}

export function readSession(doc: Y.Doc): SessionState {
	const m = sessionMap(doc);
	const current = m.get('current');
	return { current: typeof current === 'string' && current !== '' ? current : null, timer: readTimer(m.get('timer')), summon: readSummon(m.get('summon')) };
}

const MAX_TIMER_MS = AGENDA_LIMITS.maxTimerMinutes * 60_000;
const clampTimer = (t: TimerState): TimerState => ({ ...t, durationMs: Math.min(MAX_TIMER_MS, t.durationMs) });

/** Ends the running step's run (if any) inside the caller's transaction. */
function closeCurrent(doc: Y.Doc, now: number): void {
	const { current } = readSession(doc);
	if (!current) return;
	const log = agendaLogMap(doc);
	if (log.has(current)) log.set(current, closeRun(readLog(log.get(current)), now));
}

/** Starts `stepId`: ends the running step, records the start, and starts its timer. */
export function startStep(doc: Y.Doc, stepId: string, now: number): void {
	const step = readAgenda(doc).find((s) => s.id === stepId);
	if (!step) return;
	doc.transact(() => {
		closeCurrent(doc, now);
		agendaLogMap(doc).set(stepId, openRun(readLog(agendaLogMap(doc).get(stepId)), now));
		const m = sessionMap(doc);
		m.set('current', stepId);
		m.set('timer', startTimer(step.minutes * 60_000, now));
	}, ORIGIN.session);
}

/** The step `delta` places from the current one (the first step when none runs), or null. */
export function neighbourStep(doc: Y.Doc, delta: 1 | -1): string | null {
	const steps = readAgenda(doc);
	const { current } = readSession(doc);
	const i = steps.findIndex((s) => s.id === current);
	if (i < 0) return delta === 1 ? (steps[0]?.id ?? null) : null;
	return steps[i + delta]?.id ?? null;
}

/** Ends the running step and the timer: the agenda is done (or paused between steps). */
export function endSession(doc: Y.Doc, now: number): void {
	doc.transact(() => {
		closeCurrent(doc, now);
		const m = sessionMap(doc);
		m.set('current', null);
		m.set('timer', null);
	}, ORIGIN.session);
}

function setTimer(doc: Y.Doc, t: TimerState | null): void {
	doc.transact(() => sessionMap(doc).set('timer', t && clampTimer(t)), ORIGIN.session);
}

export function startFreeTimer(doc: Y.Doc, durationMs: number, now: number): void {
	setTimer(doc, startTimer(durationMs, now));
}

export function pause(doc: Y.Doc, now: number): void {
	const t = readSession(doc).timer;
	if (t && t.pausedAt === null) setTimer(doc, pauseTimer(t, now));
}

export function resume(doc: Y.Doc, now: number): void {
	const t = readSession(doc).timer;
	if (t && t.pausedAt !== null) setTimer(doc, resumeTimer(t, now));
}

export function extend(doc: Y.Doc, ms: number, now: number): void {
	const t = readSession(doc).timer;
	if (t) setTimer(doc, extendTimer(t, ms, now));
}

export function stopTimer(doc: Y.Doc): void {
	if (readSession(doc).timer) setTimer(doc, null);
}

/** Brings everyone to `view`; with `hold`, keeps them there until released. */
export function summon(doc: Y.Doc, s: { view: ViewId; by: Author; hold: boolean; canvas?: CanvasSpot | null }, now: number): void {
	const spot = s.view === 'canvas' && s.canvas ? { canvas: { page: s.canvas.page, x: s.canvas.x, y: s.canvas.y, z: Math.min(100, Math.max(0.01, s.canvas.z)) } } : {};
	doc.transact(() => sessionMap(doc).set('summon', { view: s.view, by: { id: s.by.id, name: s.by.name }, hold: s.hold, at: now, ...spot }), ORIGIN.session);
}

/** While everyone is held, the facilitator's own moves take the group along. */
export function moveSummon(doc: Y.Doc, view: ViewId): void {
	const s = readSession(doc).summon;
	if (!s || !s.hold || s.view === view) return;
	doc.transact(() => sessionMap(doc).set('summon', { ...s, view }), ORIGIN.session);
}

export function release(doc: Y.Doc): void {
	if (readSession(doc).summon) doc.transact(() => sessionMap(doc).set('summon', null), ORIGIN.session);
}
