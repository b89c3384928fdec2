import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTouchPoint, nextDate, readEngagement, recordTouch, updatePlan, updateTouchPoint } from '../../../src/lib/board/doc/engagement.ts';
import { linkPerson, linkedStakeholder, readPersonLinks, readPreferences, setChannels, setTopics } from '../../../src/lib/board/doc/preferences.ts';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { summaryTouchPoints } from '../../../src/lib/board/views/sessionSummary.ts';

const author = { id: 'u-1', name: 'Ann' };
const tpInput = { stakeholderId: 'c-1', ownerId: 's-1', channel: 'call' as const, purpose: 'Check in', cadence: 'monthly' as const, due: '2026-12-01', function: 'sales' as const };

describe('engagement plan documents', () => {
	it('preferences: channels in model order, each once; topics deduplicated; who changed them', () => {
		const d = new Y.Doc();
		setChannels(d, 'c-1', ['email', 'call', 'email', 'fax' as 'call'], author, 5);
		setTopics(d, 'c-1', ['g-1', 'g-1', 'g-2'], author, 6);
		expect(readPreferences(d, 'c-1')).toEqual({ stakeholderId: 'c-1', channels: ['call', 'email'], topics: ['g-1', 'g-2'], updatedBy: author, updatedAt: 6 });
	});

	it('a person is linked to one stakeholder at most; unlinking forgets it', () => {
		const d = new Y.Doc();
		linkPerson(d, 'c-1', 'guest:g-1');
		linkPerson(d, 'c-2', 'guest:g-1');
		expect(readPersonLinks(d)).toEqual({ 'c-2': 'guest:g-1' });
		expect(linkedStakeholder(d, 'guest:g-1')).toBe('c-2');
		linkPerson(d, 'c-2', null);
		expect(linkedStakeholder(d, 'guest:g-1')).toBeNull();
	});

	it('a touch of a recurring touch point moves it to its next date; of a one-off closes it', () => {
		const d = new Y.Doc();
		addTouchPoint(d, 'tp-m', tpInput, author, 1);
		addTouchPoint(d, 'tp-o', { ...tpInput, cadence: 'once' }, author, 2);
		recordTouch(d, 't-1', { stakeholderId: 'c-1', byId: 's-1', channel: 'call', date: '2026-12-03', outcome: 'Fine', touchPointId: 'tp-m' }, author, 3);
		recordTouch(d, 't-2', { stakeholderId: 'c-1', byId: 's-1', channel: 'call', date: '2026-12-04', outcome: '', touchPointId: 'tp-o' }, author, 4);
		const e = readEngagement(d);
		expect(e.touchPoints.map((t) => [t.id, t.status, t.due])).toEqual([
			['tp-m', 'planned', '2027-01-02'],
			['tp-o', 'done', '2026-12-01']
		]);
		expect(e.touches.map((t) => t.id)).toEqual(['t-1', 't-2']);
		expect([nextDate('2026-12-31', 'weekly'), nextDate('2026-01-01', 'quarterly'), nextDate('2026-01-01', 'once')]).toEqual(['2027-01-07', '2026-04-02', null]);
	});

	it('refuses dates out of range and over-long text; plan entries keep owners once', () => {
		const d = new Y.Doc();
		expect(() => addTouchPoint(d, 'x', { ...tpInput, due: '1999-12-31' }, author)).toThrow(RangeError);
		expect(() => addTouchPoint(d, 'x', { ...tpInput, purpose: 'p'.repeat(301) }, author)).toThrow();
		updatePlan(d, 'c-1', { owners: ['s-1', 's-1', 's-2'] });
		updateTouchPoint(d, 'missing', { status: 'done' });
		expect(readEngagement(d).plans['c-1']).toEqual({ stakeholderId: 'c-1', owners: ['s-1', 's-2'], notes: '', email: '' });
	});
});

describe('engagement plan: the schema the server checks', () => {
	const FAC = { role: 'facilitator', side: 'supplier' } as const;
	function check(kind: 'shared' | 'internal', change: (d: Y.Doc) => void) {
		const docs = initialDocuments('joint-planning', 1);
		const server = kind === 'shared' ? docs.shared : docs.internal;
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const before = Y.encodeStateVector(client);
		change(client);
		return inspectUpdate(server, kind, Y.decodeUpdate(Y.encodeStateAsUpdate(client, before)), FAC);
	}
	it('accepts what the document functions write', () => {
		expect(check('shared', (d) => setChannels(d, 'c-1', ['briefing'], author, 1))).toEqual({ ok: true });
		expect(check('shared', (d) => linkPerson(d, 'c-1', 'user:u-9'))).toEqual({ ok: true });
		expect(check('internal', (d) => void addTouchPoint(d, 'tp', tpInput, author, 1))).toEqual({ ok: true });
	});
	it('refuses unknown channels, odd person keys and malformed touch points', () => {
		expect(check('shared', (d) => {
			const m = new Y.Map<unknown>();
			d.getMap('preferences').set('c-1', m);
			m.set('channels', ['fax']);
		})).toMatchObject({ ok: false, kind: 'invalid' });
		expect(check('shared', (d) => d.getMap('personLinks').set('c-1', 'admin'))).toMatchObject({ ok: false, kind: 'invalid' });
		expect(check('internal', (d) => d.getMap('touchPoints').set('tp', { ...tpInput, status: 'planned', createdBy: author, createdAt: 1, channel: 'pigeon' }))).toMatchObject({ ok: false, kind: 'invalid' });
		expect(check('internal', (d) => d.getMap('touches').set('t', { stakeholderId: 'c', byId: null, channel: 'call', date: 'yesterday', outcome: '', touchPointId: null, createdBy: author, createdAt: 1 }))).toMatchObject({ ok: false, kind: 'invalid' });
	});
});

describe('session summary: touch points agreed in the session', () => {
	it('those created within the session window, none without a window', () => {
		const d = new Y.Doc();
		addTouchPoint(d, 'before', tpInput, author, 500);
		addTouchPoint(d, 'during', { ...tpInput, purpose: 'Agreed in the room' }, author, 1_500);
		addTouchPoint(d, 'after', tpInput, author, 2_500);
		const board = { stakeholders: { 'c-1': { name: 'Cleo', side: 'client', level: 'executive', function: 'ops' }, 's-1': { name: 'Sam', side: 'supplier', level: 'senior', function: 'sales' } } };
		const lines = summaryTouchPoints(readEngagement(d), board, { start: 1_000, end: 2_000 }, '2026-11-01');
		expect(lines.map((l) => [l.id, l.stakeholder, l.owner, l.purpose, l.cadence, l.overdue])).toEqual([['during', 'Cleo', 'Sam', 'Agreed in the room', 'Monthly', false]]);
		expect(summaryTouchPoints(readEngagement(d), board, null, '2026-11-01')).toEqual([]);
	});
});
