import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf, type SeededBoard } from './helpers/seed.ts';
import { waitFor, webSocketWith } from './helpers/clients.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { openVote, readVote, votesMap } from '../../src/lib/board/doc/votes.ts';
import { setClientView } from '../../src/lib/board/doc/clientView.ts';
import { addItemList, readItemLists } from '../../src/lib/board/doc/itemLists.ts';
import { readGoals } from '../../src/lib/board/doc/goals.ts';

// Ballots and private notes live on the server until the facilitator reveals them: the real
// server, real y-websocket clients whose every received frame is recorded, and the HTTP answers
// other people get must not contain any of it before the reveal; afterwards everyone has it.

let server: ServerProcess;
let world: World;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
	server = new ServerProcess();
	await server.start();
	world = new World(server.dbPath);
});
afterEach(() => {
	for (const f of cleanup.splice(0)) f();
});
afterAll(async () => {
	world?.close();
	await server?.dispose();
});

interface Recorded {
	doc: Y.Doc;
	/** Every frame this client received from the server. */
	frames: Buffer[];
	synced(): Promise<void>;
	closes: { code: number; reason: string }[];
	/** All received bytes, as latin1 text: a marker string shows up verbatim (Yjs stores UTF-8 strings). */
	bytes(): string;
}

/** The real y-websocket client, with every WebSocket frame it receives recorded. */
function openRecorded(room: string, token: string): Recorded {
	const frames: Buffer[] = [];
	const Base = webSocketWith({ Origin: server.origin, Cookie: cookieOf(token) });
	class Recording extends Base {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols);
			this.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.syncUrl, room, doc, {
		WebSocketPolyfill: Recording as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 300
	});
	const closes: Recorded['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	cleanup.push(() => {
		provider.destroy();
		doc.destroy();
	});
	return {
		doc,
		frames,
		closes,
		synced: () => (provider.synced ? Promise.resolve() : new Promise((r) => provider.once('sync', (s: boolean) => s && r()))),
		bytes: () => Buffer.concat(frames).toString('latin1')
	};
}

/** HTTP as one person; every response body is kept for the leak checks. */
function httpAs(token: string, log?: string[]) {
	return async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${server.origin}${path}`, {
			method,
			headers: { Cookie: cookieOf(token), Origin: server.origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const text = await res.text();
		log?.push(text);
		return { status: res.status, body: text ? (JSON.parse(text.startsWith('<') ? 'null' : text) as Record<string, unknown>) : null, text };
	};
}

const ITEMS = [
	{ ref: 'goal:g-a', label: 'Faster delivery' },
	{ ref: 'goal:g-b', label: 'Lower cost' },
	{ ref: 'goal:g-c', label: 'Better support' }
];

async function boardWithVote(options: { anonymous?: boolean } = {}) {
	const b = world.addBoard();
	const room = docName(b.boardId, 'shared');
	const fac = openRecorded(room, b.tokens.facilitator);
	await fac.synced();
	openVote(fac.doc, { id: 'v1', title: 'What matters most', items: ITEMS, budget: 5, maxPerItem: 3, anonymous: options.anonymous ?? true, by: { id: 'u-fay', name: 'Fay' } });
	return { b, room, fac };
}

const voteOf = (doc: Y.Doc) => readVote('v1', votesMap(doc).get('v1'));

describe('dot votes on the real server', () => {
	it('keeps ballots off every other connection until the reveal, then everyone has the totals by side', async () => {
		const { b, room, fac } = await boardWithVote();
		const participant = openRecorded(room, b.tokens.participant);
		const guest = openRecorded(room, b.tokens.clientGuest);
		await Promise.all([participant.synced(), guest.synced()]);
		await waitFor(() => voteOf(participant.doc)?.status === 'open' && voteOf(guest.doc)?.status === 'open', 'the vote reaches everyone');
		const otherHttp: string[] = [];
		const asGuest = httpAs(b.tokens.clientGuest);
		const asParticipant = httpAs(b.tokens.participant, otherHttp);

		// The client guest spends all five dots.
		expect((await asGuest('POST', `/boards/${b.boardId}/votes/v1`, { ref: 'goal:g-a', delta: 3 })).body).toEqual({ dots: { 'goal:g-a': 3 }, dotsLeft: 2 });
		expect((await asGuest('POST', `/boards/${b.boardId}/votes/v1`, { ref: 'goal:g-c', delta: 2 })).body).toEqual({ dots: { 'goal:g-a': 3, 'goal:g-c': 2 }, dotsLeft: 0 });
		// The supplier participant votes too, differently.
		await asParticipant('POST', `/boards/${b.boardId}/votes/v1`, { ref: 'goal:g-b', delta: 3 });
		await asParticipant('POST', `/boards/${b.boardId}/votes/v1`, { ref: 'goal:g-c', delta: 1 });
		// What the participant's HTTP answers hold: their own ballot only.
		const own = await asParticipant('GET', `/boards/${b.boardId}/votes/v1`);
		expect(own.body).toEqual({ dots: { 'goal:g-b': 3, 'goal:g-c': 1 }, dotsLeft: 1 });
		expect((await asParticipant('GET', `/boards/${b.boardId}/votes/v1/progress`)).status).toBe(403);
		await asParticipant('GET', `/boards/${b.boardId}`);

		// The facilitator sees who voted and dots left, never where the dots went.
		const progress = await httpAs(b.tokens.facilitator)('GET', `/boards/${b.boardId}/votes/v1/progress`);
		expect(progress.status).toBe(200);
		expect(progress.body!.people).toEqual([
			{ name: 'Client exec', side: 'client', dotsUsed: 5, dotsLeft: 0 },
			{ name: 'participant', side: 'supplier', dotsUsed: 4, dotsLeft: 1 }
		]);
		expect(progress.text).not.toContain('goal:g-a');

		// A round trip through the server: whatever it would have sent is in by now.
		await fac.doc.transact(() => votesMap(fac.doc).get('v1')!.set('title', 'What matters most?'));
		await waitFor(() => voteOf(participant.doc)?.title === 'What matters most?' && voteOf(guest.doc)?.title === 'What matters most?', 'a later change arrives');
		for (const who of [participant, guest]) {
			const bytes = who.bytes();
			for (const key of ['liveTotals', 'results', 'voters', 'divergence', 'dots']) expect(bytes).not.toContain(key);
			expect(voteOf(who.doc)!.results).toBeNull();
		}
		// The guest's own ballot never appears in the participant's HTTP answers.
		for (const text of otherHttp) expect(text).not.toContain('goal:g-a');

		// The reveal: refused to anyone but the facilitator, then written for everyone.
		expect((await asParticipant('POST', `/boards/${b.boardId}/votes/v1/reveal`)).status).toBe(403);
		expect((await asGuest('POST', `/boards/${b.boardId}/votes/v1/reveal`)).status).toBe(403);
		expect((await httpAs(b.tokens.facilitator)('POST', `/boards/${b.boardId}/votes/v1/reveal`)).status).toBe(200);
		const expected = { 'goal:g-a': { client: 3, supplier: 0 }, 'goal:g-b': { client: 0, supplier: 3 }, 'goal:g-c': { client: 2, supplier: 1 } };
		for (const who of [participant, guest, fac]) {
			await waitFor(() => voteOf(who.doc)?.status === 'revealed', 'the results reach everyone');
			expect(voteOf(who.doc)!.results).toEqual(expected);
			expect(voteOf(who.doc)!.voters).toEqual({ client: 1, supplier: 1 });
			expect(voteOf(who.doc)!.divergence.map((d) => d.ref)).toEqual(['goal:g-a', 'goal:g-b']);
		}
		// Voting is over.
		expect((await asGuest('POST', `/boards/${b.boardId}/votes/v1`, { ref: 'goal:g-b', delta: 1 })).status).toBe(409);
	});

	it('with live totals on, sends running totals (no names, no sides) while the vote runs', async () => {
		const { b, room, fac } = await boardWithVote();
		setClientView(fac.doc, 'showLiveVoteTotals', true);
		const guest = openRecorded(room, b.tokens.clientGuest);
		await guest.synced();
		await httpAs(b.tokens.participant)('POST', `/boards/${b.boardId}/votes/v1`, { ref: 'goal:g-b', delta: 2 });
		await waitFor(() => voteOf(guest.doc)?.liveTotals?.['goal:g-b'] === 2, 'live totals');
		expect(voteOf(guest.doc)!.liveTotals).toEqual({ 'goal:g-a': 0, 'goal:g-b': 2, 'goal:g-c': 0 });
		expect(voteOf(guest.doc)!.results).toBeNull();
	});

	it('refuses over the budget, over the per-item maximum, unknown items, observers, and forged results', async () => {
		const { b, room } = await boardWithVote();
		const as = httpAs(b.tokens.participant);
		const url = `/boards/${b.boardId}/votes/v1`;
		expect((await as('POST', url, { ref: 'goal:g-a', delta: 4 })).status).toBe(422);
		expect((await as('POST', url, { ref: 'goal:g-a', delta: 3 })).status).toBe(200);
		expect((await as('POST', url, { ref: 'goal:g-b', delta: 3 })).body).toMatchObject({ error: expect.stringMatching(/5 dots/), dots: { 'goal:g-a': 3 }, dotsLeft: 2 });
		expect((await as('POST', url, { ref: 'goal:zzz', delta: 1 })).status).toBe(422);
		expect((await as('GET', url)).body).toEqual({ dots: { 'goal:g-a': 3 }, dotsLeft: 2 });
		const observer = await httpAs(b.tokens.observer)('POST', url, { ref: 'goal:g-a', delta: 1 });
		expect(observer.status).toBe(403);
		expect((await httpAs(b.tokens.outsider)('POST', url, { ref: 'goal:g-a', delta: 1 })).status).toBe(404);
		// A facilitator's browser cannot write results: they are the server's (area system).
		const fac2 = openRecorded(room, b.tokens.facilitator);
		await fac2.synced();
		fac2.doc.transact(() => votesMap(fac2.doc).get('v1')!.set('results', { 'goal:g-a': { client: 99, supplier: 0 } }));
		await waitFor(() => fac2.closes.length > 0, 'the forged results refused');
		expect(fac2.closes[0].code).toBe(CLOSE.refused);
		expect(fac2.closes[0].reason).toMatch(/server-written state/);
	});
});

describe('private writing on the real server', () => {
	async function noteBoard(): Promise<{ b: SeededBoard; room: string; fac: Recorded }> {
		const b = world.addBoard();
		const room = docName(b.boardId, 'shared');
		const fac = openRecorded(room, b.tokens.facilitator);
		await fac.synced();
		return { b, room, fac };
	}

	it('keeps notes with their author until the reveal, then adds them to the chosen list for everyone', async () => {
		const { b, room, fac } = await noteBoard();
		addItemList(fac.doc, { id: 'l-ideas', title: 'Ideas' });
		const participant = openRecorded(room, b.tokens.participant);
		const guest = openRecorded(room, b.tokens.clientGuest);
		await Promise.all([participant.synced(), guest.synced()]);
		const marker = `MARK-${Math.random().toString(36).slice(2)}`;
		const guestHttp: string[] = [];
		const participantHttp: string[] = [];
		const asGuest = httpAs(b.tokens.clientGuest, guestHttp);
		const asParticipant = httpAs(b.tokens.participant, participantHttp);
		const asFac = httpAs(b.tokens.facilitator, []);

		expect((await asGuest('POST', `/boards/${b.boardId}/notes`, { text: `${marker} guest idea` })).status).toBe(200);
		expect((await asParticipant('POST', `/boards/${b.boardId}/notes`, { text: 'supplier idea' })).status).toBe(200);
		expect((await asGuest('GET', `/boards/${b.boardId}/notes`)).body!.notes).toMatchObject([{ text: `${marker} guest idea` }]);
		expect((await asParticipant('GET', `/boards/${b.boardId}/notes`)).body!.notes).toMatchObject([{ text: 'supplier idea' }]);
		expect((await httpAs(b.tokens.observer)('POST', `/boards/${b.boardId}/notes`, { text: 'x' })).status).toBe(403);
		// The client guest can neither see nor reveal anyone's notes.
		expect((await asGuest('GET', `/boards/${b.boardId}/notes/reveal`)).status).toBe(403);
		expect((await asGuest('POST', `/boards/${b.boardId}/notes/reveal`, { target: 'list', listId: 'l-ideas' })).status).toBe(403);
		expect((await asParticipant('POST', `/boards/${b.boardId}/notes/reveal`, { target: 'goals' })).status).toBe(403);
		// The facilitator sees how many wait, not what they say.
		const pending = await asFac('GET', `/boards/${b.boardId}/notes/reveal`);
		expect(pending.body).toEqual({ client: 1, supplier: 1 });
		expect((await asFac('GET', `/boards/${b.boardId}/notes`)).text).not.toContain(marker);
		await asParticipant('GET', `/boards/${b.boardId}`);

		addItemList(fac.doc, { id: 'l-later', title: 'Later' });
		await waitFor(() => readItemLists(participant.doc).some((l) => l.id === 'l-later'), 'a later change arrives');
		expect(participant.bytes()).not.toContain(marker);
		expect(fac.bytes()).not.toContain(marker);
		for (const text of participantHttp) expect(text).not.toContain(marker);

		expect((await asFac('POST', `/boards/${b.boardId}/notes/reveal`, { target: 'list', listId: 'l-ideas', anonymous: true })).body).toEqual({ ok: true, added: 2 });
		for (const who of [participant, guest, fac]) {
			await waitFor(() => (readItemLists(who.doc).find((l) => l.id === 'l-ideas')?.items.length ?? 0) === 2, 'revealed notes reach everyone');
			const items = readItemLists(who.doc).find((l) => l.id === 'l-ideas')!.items;
			expect(items.map((i) => i.text).sort()).toEqual([`${marker} guest idea`, 'supplier idea']);
			expect(items.every((i) => i.author?.name === 'Anonymous')).toBe(true);
		}
		// Revealed notes are no longer private notes.
		expect((await asGuest('GET', `/boards/${b.boardId}/notes`)).body!.notes).toEqual([]);
	});

	it('reveals into the goals with their authors', async () => {
		const { b, fac } = await noteBoard();
		await httpAs(b.tokens.clientGuest)('POST', `/boards/${b.boardId}/notes`, { text: 'Shorter lead times' });
		expect((await httpAs(b.tokens.facilitator)('POST', `/boards/${b.boardId}/notes/reveal`, { target: 'goals', anonymous: false })).status).toBe(200);
		await waitFor(() => readGoals(fac.doc).goals.some((g) => g.text === 'Shorter lead times'), 'the goal arrives');
		expect(readGoals(fac.doc).goals.find((g) => g.text === 'Shorter lead times')!.author?.name).toBe('Client exec');
	});
});
