import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { PlanInputError, requiredText } from './input.ts';
import { AGENDA_LIMITS, STEP_MODES, VIEW_IDS, type StepDef, type StepMode, type ViewId } from '../model/facilitation.ts';
import { byOrderKey, keyAfter, keyForIndex, maxKey, orderTag } from '../model/order.ts';
import { isRec, num, str } from '../model/read.ts';

/*
 * The session's agenda, in the shared document (facilitators change it; model/permissions.ts area
 * `facilitation`):
 *
 *   agenda     Y.Map<stepId, { title, minutes, view, mode, order }>   the plan, edited by facilitators
 *   agendaLog  Y.Map<stepId, { startedAt, endedAt, spentMs }>         what happened: written as steps run
 *
 * The plan and its log are apart so that undoing an edit of a step (Ctrl+Z) never rewrites when it
 * ran; the log is written with ORIGIN.session, which undo does not track. A step may run more than
 * once (the facilitator goes back): `spentMs` adds up the finished runs, `startedAt` is the current
 * or last run's start, `endedAt` null while it runs.
 */

export interface StepLog {
	startedAt: number | null;
	endedAt: number | null;
	spentMs: number;
}

export interface AgendaStep extends StepDef {
	id: string;
	order: string;
	log: StepLog;
}

export const agendaMap = (doc: Y.Doc) => doc.getMap<unknown>('agenda');
export const agendaLogMap = (doc: Y.Doc) => doc.getMap<unknown>('agendaLog');

const EMPTY_LOG: StepLog = { startedAt: null, endedAt: null, spentMs: 0 };
const finiteOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function readLog(v: unknown): StepLog {
	if (!isRec(v)) return EMPTY_LOG;
	return { startedAt: finiteOrNull(v.startedAt), endedAt: finiteOrNull(v.endedAt), spentMs: Math.max(0, num(v.spentMs)) };
}

function readStep(id: string, v: unknown, log: unknown): AgendaStep | null {
	if (!isRec(v)) return null;
	const view = (VIEW_IDS as readonly unknown[]).includes(v.view) ? (v.view as ViewId) : 'goals';
	const mode = (STEP_MODES as readonly unknown[]).includes(v.mode) ? (v.mode as StepMode) : 'discuss';
	const minutes = Math.min(AGENDA_LIMITS.maxMinutes, Math.max(1, Math.round(num(v.minutes, 10))));
	return { id, title: str(v.title), minutes, view, mode, order: str(v.order, 'a0'), log: readLog(log) };
}

/** The steps in agenda order, each with its log. */
export function readAgenda(doc: Y.Doc): AgendaStep[] {
	const log = agendaLogMap(doc);
	const out: AgendaStep[] = [];
	agendaMap(doc).forEach((v, id) => {
		const step = readStep(id, v, log.get(id));
		if (step) out.push(step);
	});
	return out.sort(byOrderKey);
}

function cleanDef(def: StepDef): StepDef {
	const title = requiredText('A step title', def.title, AGENDA_LIMITS.title);
	if (!Number.isInteger(def.minutes) || def.minutes < 1 || def.minutes > AGENDA_LIMITS.maxMinutes) {
		throw new PlanInputError(`A step lasts 1 to ${AGENDA_LIMITS.maxMinutes} minutes.`);
	}
	if (!(VIEW_IDS as readonly string[]).includes(def.view)) throw new PlanInputError('Unknown view.');
	if (!(STEP_MODES as readonly string[]).includes(def.mode)) throw new PlanInputError('Unknown mode.');
	return { title, minutes: def.minutes, view: def.view, mode: def.mode };
}

const stored = (s: StepDef & { order: string }) => ({ title: s.title, minutes: s.minutes, view: s.view, mode: s.mode, order: s.order });

export function addStep(doc: Y.Doc, id: string, def: StepDef, origin: unknown = ORIGIN.local): void {
	const steps = readAgenda(doc);
	if (steps.length >= AGENDA_LIMITS.steps) throw new PlanInputError(`An agenda has at most ${AGENDA_LIMITS.steps} steps.`);
	const clean = cleanDef(def);
	doc.transact(() => agendaMap(doc).set(id, stored({ ...clean, order: keyAfter(maxKey(steps), orderTag(doc)) })), origin);
}

export function updateStep(doc: Y.Doc, id: string, patch: Partial<StepDef>): void {
	const step = readAgenda(doc).find((s) => s.id === id);
	if (!step) return;
	const next = cleanDef({ ...step, ...patch });
	if (next.title === step.title && next.minutes === step.minutes && next.view === step.view && next.mode === step.mode) return;
	doc.transact(() => agendaMap(doc).set(id, stored({ ...next, order: step.order })), ORIGIN.local);
}

/** Moves a step to `toIndex` (0-based, in agenda order). */
export function moveStep(doc: Y.Doc, id: string, toIndex: number): void {
	const steps = readAgenda(doc);
	const step = steps.find((s) => s.id === id);
	if (!step) return;
	if (toIndex === steps.indexOf(step)) return;
	const others = steps.filter((s) => s.id !== id);
	const order = keyForIndex(others, toIndex, orderTag(doc));
	doc.transact(() => agendaMap(doc).set(id, stored({ ...step, order })), ORIGIN.local);
}

export function deleteStep(doc: Y.Doc, id: string): void {
	if (!agendaMap(doc).has(id)) return;
	doc.transact(() => {
		agendaMap(doc).delete(id);
		agendaLogMap(doc).delete(id);
	}, ORIGIN.local);
}

/** The template's default agenda, written by the server when the board is created (ids step-1, step-2…). */
export function seedAgenda(doc: Y.Doc, steps: readonly StepDef[]): void {
	doc.transact(() => {
		let last: string | null = null;
		steps.forEach((def, i) => {
			last = keyAfter(last, '');
			agendaMap(doc).set(`step-${i + 1}`, stored({ ...cleanDef(def), order: last }));
		});
	}, ORIGIN.seed);
}

// ---- planned vs actual (pure) ----

/** The log after a run starts at `now`. */
export const openRun = (log: StepLog, now: number): StepLog => ({ startedAt: now, endedAt: null, spentMs: closeRun(log, now).spentMs });

/** The log after the running run (if any) ends at `now`. */
export function closeRun(log: StepLog, now: number): StepLog {
	if (log.startedAt === null || log.endedAt !== null) return log;
	return { startedAt: log.startedAt, endedAt: now, spentMs: log.spentMs + Math.max(0, now - log.startedAt) };
}

/** Time the step has taken so far (the running run counted up to `now`). */
export const actualMs = (log: StepLog, now: number): number => closeRun(log, now).spentMs;

export const hasRun = (log: StepLog): boolean => log.startedAt !== null;

/** Planned and actual minutes over the whole agenda (actual only over the steps that ran). */
export function agendaTotals(steps: readonly AgendaStep[], now: number): { plannedMin: number; actualMs: number; plannedRunMin: number } {
	let plannedMin = 0;
	let plannedRunMin = 0;
	let actual = 0;
	for (const s of steps) {
		plannedMin += s.minutes;
		if (hasRun(s.log)) {
			plannedRunMin += s.minutes;
			actual += actualMs(s.log, now);
		}
	}
	return { plannedMin, actualMs: actual, plannedRunMin };
}
