import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { actualMs, addStep, agendaTotals, closeRun, deleteStep, moveStep, openRun, readAgenda, updateStep } from '../../../src/lib/board/doc/agenda.ts';
import { endSession, extend, moveSummon, neighbourStep, pause, readSession, release, resume, startStep, summon } from '../../../src/lib/board/doc/session.ts';
import { remainingMs } from '../../../src/lib/board/doc/timer.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { DEFAULT_AGENDAS, VIEW_IDS } from '../../../src/lib/board/model/facilitation.ts';
import { TEMPLATES } from '../../../src/lib/board/model/templates.ts';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { DOC_SCHEMA } from '../../../src/lib/board/doc/contentSchema.ts';
import { PlanInputError } from '../../../src/lib/board/doc/input.ts';

const MIN = 60_000;

function fourSteps(): Y.Doc {
	const d = new Y.Doc();
	addStep(d, 'a', { title: 'Goals', minutes: 10, view: 'goals', mode: 'discuss' });
	addStep(d, 'b', { title: 'People', minutes: 5, view: 'stakeholders', mode: 'private' });
	addStep(d, 'c', { title: 'Matrix', minutes: 15, view: 'matrix', mode: 'vote' });
	addStep(d, 'd', { title: 'Actions', minutes: 10, view: 'actions', mode: 'decide' });
	return d;
}
const ids = (d: Y.Doc) => readAgenda(d).map((s) => s.id);

describe('agenda', () => {
	it('keeps steps in order; edits, moves and deletes them', () => {
		const d = fourSteps();
		expect(ids(d)).toEqual(['a', 'b', 'c', 'd']);
		moveStep(d, 'd', 0);
		expect(ids(d)).toEqual(['d', 'a', 'b', 'c']);
		moveStep(d, 'd', 2);
		expect(ids(d)).toEqual(['a', 'b', 'd', 'c']);
		updateStep(d, 'b', { title: '  Who is who ', minutes: 7, mode: 'discuss' });
		expect(readAgenda(d)[1]).toMatchObject({ title: 'Who is who', minutes: 7, mode: 'discuss', view: 'stakeholders' });
		deleteStep(d, 'b');
		expect(ids(d)).toEqual(['a', 'd', 'c']);
		expect(() => updateStep(d, 'a', { minutes: 0 })).toThrow(PlanInputError);
		expect(() => addStep(d, 'x', { title: ' ', minutes: 5, view: 'goals', mode: 'discuss' })).toThrow(PlanInputError);
	});

	it('records planned vs actual per step, across pauses, going back and extending', () => {
		const d = fourSteps();
		const t = 1_000_000;
		startStep(d, 'a', t);
		expect(readSession(d)).toMatchObject({ current: 'a', timer: { startedAt: t, durationMs: 10 * MIN, pausedAt: null, accumulatedPauseMs: 0 } });
		pause(d, t + 2 * MIN);
		resume(d, t + 3 * MIN);
		extend(d, MIN, t + 4 * MIN);
		// 4 min wall, 1 min paused: 3 min run of 11 → 8 min left.
		expect(remainingMs(readSession(d).timer!, t + 4 * MIN)).toBe(8 * MIN);
		startStep(d, 'b', t + 12 * MIN); // step a took 12 min of wall time (pauses included)
		expect(readAgenda(d)[0].log).toEqual({ startedAt: t, endedAt: t + 12 * MIN, spentMs: 12 * MIN });
		expect(readSession(d).timer).toEqual({ startedAt: t + 12 * MIN, durationMs: 5 * MIN, pausedAt: null, accumulatedPauseMs: 0 });
		expect(neighbourStep(d, 1)).toBe('c');
		expect(neighbourStep(d, -1)).toBe('a');
		// Back to a for 2 more minutes: its actual is 14 min; b took 4.
		startStep(d, 'a', t + 16 * MIN);
		expect(actualMs(readAgenda(d)[0].log, t + 18 * MIN)).toBe(14 * MIN);
		endSession(d, t + 18 * MIN);
		const steps = readAgenda(d);
		expect(steps.map((s) => s.log.spentMs)).toEqual([14 * MIN, 4 * MIN, 0, 0]);
		expect(readSession(d)).toMatchObject({ current: null, timer: null });
		expect(agendaTotals(steps, t + 99 * MIN)).toEqual({ plannedMin: 40, plannedRunMin: 15, actualMs: 18 * MIN });
	});

	it('run log arithmetic', () => {
		const open = openRun({ startedAt: null, endedAt: null, spentMs: 0 }, 100);
		expect(open).toEqual({ startedAt: 100, endedAt: null, spentMs: 0 });
		expect(actualMs(open, 250)).toBe(150);
		const closed = closeRun(open, 300);
		expect(closed).toEqual({ startedAt: 100, endedAt: 300, spentMs: 200 });
		expect(closeRun(closed, 999)).toBe(closed);
		expect(openRun(closed, 400)).toEqual({ startedAt: 400, endedAt: null, spentMs: 200 });
		// Re-opening a running step closes its run first.
		expect(openRun(open, 160)).toEqual({ startedAt: 160, endedAt: null, spentMs: 60 });
	});

	it('summons everyone; while held, the facilitator’s moves take them along; release ends it', () => {
		const d = new Y.Doc();
		summon(d, { view: 'matrix', by: { id: 'u1', name: 'Fay' }, hold: true }, 5);
		expect(readSession(d).summon).toEqual({ view: 'matrix', by: { id: 'u1', name: 'Fay' }, hold: true, at: 5 });
		moveSummon(d, 'actions');
		expect(readSession(d).summon?.view).toBe('actions');
		release(d);
		expect(readSession(d).summon).toBeNull();
		summon(d, { view: 'goals', by: { id: 'u1', name: 'Fay' }, hold: false }, 6);
		moveSummon(d, 'actions'); // not held: a one-off, nothing to move
		expect(readSession(d).summon?.view).toBe('goals');
	});

	it('undo covers agenda edits but never running the session', () => {
		const d = fourSteps();
		const undo = new PersonalUndo({ origin: ORIGIN.local });
		for (const k of Object.keys(DOC_SCHEMA.shared)) undo.track(d.getMap(k));
		updateStep(d, 'a', { title: 'Goals and CSFs' });
		startStep(d, 'a', 1000);
		undo.undo();
		expect(readAgenda(d)[0].title).toBe('Goals');
		expect(readSession(d).current).toBe('a');
		expect(readAgenda(d)[0].log.startedAt).toBe(1000);
		undo.destroy();
	});
});

describe('default agendas', () => {
	it('seeds each template’s agenda on the server, with views from the board’s own tabs', () => {
		for (const t of TEMPLATES) {
			const { shared } = initialDocuments(t, 1);
			const steps = readAgenda(shared);
			expect(steps.map((s) => s.title)).toEqual(DEFAULT_AGENDAS[t].map((s) => s.title));
			for (const s of steps) expect(VIEW_IDS).toContain(s.view);
		}
		expect(readAgenda(initialDocuments('joint-planning', 1).shared)).toHaveLength(7);
		expect(readAgenda(initialDocuments('advisory', 1).shared)[0]).toMatchObject({ id: 'step-1', view: 'lists', mode: 'private', minutes: 15 });
		expect(readAgenda(initialDocuments('blank', 1).shared)).toEqual([]);
	});
});
