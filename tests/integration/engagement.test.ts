import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { liveServer, seedStored } from './helpers/live.ts';
import { upgradeStatus, waitFor, webSocketWith } from './helpers/clients.ts';
import { cookieOf } from './helpers/seed.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { addStakeholder } from '../../src/lib/board/doc/stakeholders.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { linkPerson, readPreferences, setChannels } from '../../src/lib/board/doc/preferences.ts';
import { addTouchPoint, recordTouch, updatePlan } from '../../src/lib/board/doc/engagement.ts';
import { setRelationNotes } from '../../src/lib/board/doc/internal.ts';
import { parseCsv } from '../../src/lib/csv/parse.ts';
import { CRM_COLUMNS } from '../../src/lib/board/views/crmExport.ts';

// The engagement plan against the real server: the supplier's side of it (owners, notes, emails,
// touch points, touches) never reaches a client-side browser or a client-side export, checked on
// the bytes received; a client guest linked to their stakeholder entry corrects their own
// preferences, and nobody else's.

const live = liveServer();
const author = { id: 'u-f', name: 'Fran' };
const SECRETS = ['SECRET-NOTE-1', 'SECRET-PURPOSE-2', 'SECRET-OUTCOME-3', 'secret-4@acme.test', 'SECRET-REL-5'];

function seeded() {
	const b = live.world.addBoard();
	seedStored(live.world.db, docName(b.boardId, 'shared'), (d) => {
		addGoal(d, { id: 'g-1', text: 'Lower cost to serve', author });
		addStakeholder(d, 'c-me', { name: 'Client exec', side: 'client', level: 'executive', function: 'operations' });
		addStakeholder(d, 'c-other', { name: 'Other exec', side: 'client', level: 'senior', function: 'purchasing' });
		addStakeholder(d, 's-1', { name: 'Sam', side: 'supplier', level: 'senior', function: 'sales' });
		linkPerson(d, 'c-me', `guest:${b.clientGuestId}`);
		setChannels(d, 'c-me', ['call'], author, 1);
	});
	seedStored(live.world.db, docName(b.boardId, 'internal'), (d) => {
		updatePlan(d, 'c-me', { owners: ['s-1'], notes: SECRETS[0], email: SECRETS[3] });
		addTouchPoint(d, 'tp-1', { stakeholderId: 'c-me', ownerId: 's-1', channel: 'briefing', purpose: SECRETS[1], cadence: 'quarterly', due: '2026-01-15', function: 'marketing' }, author, 1);
		recordTouch(d, 't-1', { stakeholderId: 'c-me', byId: 's-1', channel: 'call', date: '2025-12-01', outcome: SECRETS[2] }, author, 1);
		setRelationNotes(d, 'c-me', SECRETS[4]);
	});
	return b;
}

/** A real y-websocket client whose every received frame is kept. */
function openRecorded(room: string, token: string) {
	const frames: Buffer[] = [];
	const Base = webSocketWith({ Origin: live.server.origin, Cookie: cookieOf(token) });
	class Recording extends Base {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols);
			this.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(live.server.syncUrl, room, doc, { WebSocketPolyfill: Recording as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 300 });
	const closes: { code: number; reason: string }[] = [];
	provider.on('connection-close', (e) => void (e && closes.push({ code: e.code, reason: e.reason })));
	return {
		doc,
		closes,
		synced: () => (provider.synced ? Promise.resolve() : new Promise<void>((r) => provider.once('sync', (s: boolean) => s && r()))),
		bytes: () => Buffer.concat(frames).toString('latin1'),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

const get = (path: string, token: string) => fetch(live.server.origin + path, { redirect: 'manual', headers: { cookie: cookieOf(token) } });

describe('engagement plan: what the client side receives', () => {
	it('a client guest never receives the supplier side of the plan (bytes checked), and cannot open the internal document', async () => {
		const b = seeded();
		const guest = openRecorded(docName(b.boardId, 'shared'), b.tokens.clientGuest);
		const supplier = openRecorded(docName(b.boardId, 'internal'), b.tokens.participant);
		try {
			await Promise.all([guest.synced(), supplier.synced()]);
			// The supplier keeps planning while the guest is connected.
			addTouchPoint(supplier.doc, 'tp-live', { stakeholderId: 'c-me', ownerId: 's-1', channel: 'event', purpose: 'SECRET-LIVE-6', cadence: 'once', due: null, function: 'sales' }, author, 2);
			// A marker after it, on the shared document: once it arrives, anything sent before it would have.
			setChannels(guest.doc, 'c-me', ['call', 'email'], author, 3);
			await waitFor(() => readPreferences(live.stored(docName(b.boardId, 'shared')), 'c-me').channels.includes('email'), 'own preference stored');
			await waitFor(() => supplier.bytes().includes('SECRET-LIVE-6') && live.stored(docName(b.boardId, 'internal')).getMap('touchPoints').has('tp-live'), 'live touch point stored');
			// Also the supplier's control: their internal copy has the secrets (so the markers are real).
			expect(supplier.bytes()).toContain(SECRETS[1]);
			const bytes = guest.bytes();
			expect(bytes).toContain('Client exec');
			for (const s of [...SECRETS, 'SECRET-LIVE-6']) expect(bytes).not.toContain(s);
			expect(await upgradeStatus(live.server, docName(b.boardId, 'internal'), b.tokens.clientGuest)).toBe(403);
		} finally {
			guest.destroy();
			supplier.destroy();
		}
	});

	it('the linked client guest corrects their own channels (stored), and is refused on someone else’s', async () => {
		const b = seeded();
		const guest = openRecorded(docName(b.boardId, 'shared'), b.tokens.clientGuest);
		const watcher = openRecorded(docName(b.boardId, 'shared'), b.tokens.facilitator);
		try {
			await Promise.all([guest.synced(), watcher.synced()]);
			setChannels(guest.doc, 'c-me', ['in-person'], { id: b.clientGuestId, name: 'Client exec' }, 10);
			await waitFor(() => readPreferences(watcher.doc, 'c-me').channels.join() === 'in-person', 'own correction at the facilitator');
			expect(live.stored(docName(b.boardId, 'shared')).getMap<Y.Map<unknown>>('preferences').get('c-me')?.get('channels')).toEqual(['in-person']);
			expect(guest.closes).toEqual([]);
			setChannels(guest.doc, 'c-other', ['email'], { id: b.clientGuestId, name: 'Client exec' }, 11);
			await waitFor(() => guest.closes.length > 0, 'refusal');
			expect(guest.closes[0].code).toBe(CLOSE.refused);
			expect(guest.closes[0].reason).toMatch(/communication preferences/);
			expect(readPreferences(live.stored(docName(b.boardId, 'shared')), 'c-other').channels).toEqual([]);
		} finally {
			guest.destroy();
			watcher.destroy();
		}
	});
});

describe('CRM export', () => {
	it('a client-side person gets client-safe files only (403 for internal fields); the supplier side may ask for them', async () => {
		const b = seeded();
		for (const file of ['AccountPlan', 'AccountPlanObjective', 'Task', 'Contact', 'generic']) {
			const res = await get(`/boards/${b.boardId}/crm?file=${file}`, b.tokens.clientGuest);
			expect(res.status, file).toBe(200);
			const text = await res.text();
			for (const s of SECRETS) expect(text, file).not.toContain(s);
			expect(text, file).not.toContain('ability');
		}
		expect((await get(`/boards/${b.boardId}/crm?file=Task&internal=1`, b.tokens.clientGuest)).status).toBe(403);
		const contacts = await get(`/boards/${b.boardId}/crm?file=Contact&internal=1`, b.tokens.participant);
		expect(contacts.headers.get('content-type')).toMatch(/^text\/csv/);
		const parsed = parseCsv(await contacts.text());
		expect(parsed.header).toEqual([...CRM_COLUMNS.Contact]);
		expect(parsed.rows[0].cells).toEqual(['Client', 'exec', '', 'operations', SECRETS[3], 'Acme', 'Executive level, on Tandem board Board. Relationship: none.']);
		const tasks = await (await get(`/boards/${b.boardId}/crm?file=Task&internal=1`, b.tokens.participant)).text();
		expect(tasks).toContain(SECRETS[1]);
		// Notes stay in Tandem, whoever asks.
		expect(tasks + JSON.stringify(parsed)).not.toContain(SECRETS[0]);
		expect((await get(`/boards/${b.boardId}/crm?file=nope`, b.tokens.participant)).status).toBe(400);
		expect((await get(`/boards/${b.boardId}/crm?file=Task`, b.tokens.outsider)).status).toBe(404);
	});
});
