import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { addStep } from '../../../src/lib/board/doc/agenda.ts';
import { readSession, startStep } from '../../../src/lib/board/doc/session.ts';
import { addDecision } from '../../../src/lib/board/doc/decisions.ts';
import { addGoal } from '../../../src/lib/board/doc/goals.ts';
import { parkItem } from '../../../src/lib/board/doc/parkingLot.ts';
import { addInitiative } from '../../../src/lib/board/doc/initiatives.ts';
import { addAction } from '../../../src/lib/board/doc/actions.ts';
import { setPriority } from '../../../src/lib/board/doc/matrix.ts';
import { endAgenda, liveSummary, readContributions, readSummaries, saveSummary, summariesMap } from '../../../src/lib/board/doc/summaries.ts';
import { SUMMARY_LIMITS } from '../../../src/lib/board/model/limits.ts';

const ann = { id: 'u-ann', name: 'Ann' };
const cleo = { id: 'g-cleo', name: 'Cleo' };
const sides = { 'u-ann': 'supplier', 'g-cleo': 'client' } as const;
const FAC = { role: 'facilitator', side: 'supplier' } as const;

/** A server copy and a client synced with it; `send` returns what the server's guard says of the client's next change (stored when accepted). */
function pair() {
	const server = initialDocuments('joint-planning', 1).shared;
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const send = (change: (d: Y.Doc) => void) => {
		const before = Y.encodeStateVector(client);
		change(client);
		const update = Y.encodeStateAsUpdate(client, before);
		const verdict = inspectUpdate(server, 'shared', Y.decodeUpdate(update), FAC);
		if (verdict.ok) Y.applyUpdate(server, update);
		return verdict;
	};
	return { server, client, send };
}

function session(d: Y.Doc) {
	addStep(d, 'st-a', { title: 'Goals', minutes: 10, view: 'goals', mode: 'discuss' });
	startStep(d, 'st-a', 1_000_000);
	addGoal(d, { id: 'g-1', text: 'Grow', author: cleo, now: 1_010_000 });
	addDecision(d, { id: 'd-1', text: 'x'.repeat(590), author: cleo, now: 1_020_000, deciders: [{ kind: 'member', id: 'u-ann', name: 'Ann', side: 'supplier' }] });
	parkItem(d, { id: 'p-1', text: 'Pricing', author: ann, now: 1_030_000 });
	addInitiative(d, { id: 'i-1', title: 'Pilot', author: ann, now: 1_040_000 });
	addAction(d, { id: 'a-1', initiativeId: 'i-1', text: 'Book the site', author: ann, now: 1_050_000 });
	setPriority(d, 's-x', 'g-1', 2, { by: cleo, sessionId: 'tab', now: 1_060_000 });
}

describe('saved summaries', () => {
	it('a saved summary is schema-valid: the server stores it (texts cut to the bound)', () => {
		const { client, send } = pair();
		expect(send(session)).toEqual({ ok: true });
		expect(send((d) => void saveSummary(d, { id: 'sum-1', by: ann, sides, now: 1_100_000 }))).toEqual({ ok: true });
		const [s] = readSummaries(client);
		expect(s.reason).toBe('manual');
		expect(s.decisions[0].text.length).toBe(SUMMARY_LIMITS.text);
		expect(s.actions).toEqual([{ id: 'a-1', text: 'Book the site', owner: null, due: null }]);
		expect(s.contributions.total).toEqual({ client: 3, supplier: 3, unknown: 0 });
		expect(s.votes).toEqual([]);
	});

	it('ending the agenda ends the running step and saves the summary in one step', () => {
		const { client, send } = pair();
		send(session);
		expect(send((d) => endAgenda(d, { summaryId: 'sum-end', by: ann, sides, now: 1_600_000 }))).toEqual({ ok: true });
		expect(readSession(client).current).toBeNull();
		const [s] = readSummaries(client);
		expect(s).toMatchObject({ id: 'sum-end', reason: 'end', window: { start: 1_000_000, end: 1_600_000 } });
		expect(s.steps.find((x) => x.id === 'st-a')).toMatchObject({ actualMs: 600_000, overrunMs: 0, ran: true });
	});

	it('refuses hand-made snapshots outside the bounds', () => {
		for (const bad of [
			{ createdAt: 1 },
			(() => {
				const d = new Y.Doc();
				session(d);
				saveSummary(d, { id: 'x', by: ann, sides, now: 1_100_000 });
				const v = structuredClone(summariesMap(d).get('x')) as Record<string, unknown>;
				return { ...v, extra: true };
			})(),
			(() => {
				const d = new Y.Doc();
				session(d);
				saveSummary(d, { id: 'x', by: ann, sides, now: 1_100_000 });
				const v = structuredClone(summariesMap(d).get('x')) as { decisions: { text: string }[] };
				v.decisions[0].text = 'y'.repeat(SUMMARY_LIMITS.text + 1);
				return v;
			})()
		]) {
			const { send } = pair();
			expect(send((d) => summariesMap(d).set('bad', bad))).toMatchObject({ ok: false, kind: 'invalid' });
		}
	});

	it('reads tolerantly: malformed entries are skipped, a missing votes root is not created', () => {
		const d = new Y.Doc();
		session(d);
		summariesMap(d).set('junk', { createdAt: 'soon' });
		expect(readSummaries(d)).toEqual([]);
		expect(liveSummary(d, sides, 1_100_000).votes).toEqual([]);
		expect(d.share.has('votes')).toBe(false);
	});

	it('reads revealed votes from a `votes` root of Y.Maps, as the votes work stores them', () => {
		const d = new Y.Doc();
		session(d);
		const v = new Y.Map<unknown>();
		d.getMap('votes').set('v-1', v);
		v.set('results', { 'g-1': { client: 2, supplier: 1 } });
		v.set('revealedAt', 1_050_000);
		expect(liveSummary(d, sides, 1_100_000).votes).toEqual([{ id: 'v-1', title: 'Vote', revealedAt: 1_050_000, items: [{ itemId: 'g-1', label: 'Grow', client: 2, supplier: 1 }] }]);
	});

	it('counts each authored kind once: goals, decisions, parked items, initiatives, actions, cells', () => {
		const d = new Y.Doc();
		session(d);
		const kinds = readContributions(d).map((c) => `${c.kind}:${c.by?.id}`);
		expect(kinds.sort()).toEqual(['cell:g-cleo', 'item:g-cleo', 'item:g-cleo', 'item:u-ann', 'item:u-ann', 'item:u-ann'].sort());
	});
});
