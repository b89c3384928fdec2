// Two real Tandem nodes on one PostgreSQL and one Redis (real servers, tests/integration/helpers/
// cluster.ts), real y-websocket clients split across them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import pg from 'pg';
import { WebsocketProvider } from 'y-websocket';
import { closeOf, openClient, openRaw, waitFor, type Target, type TestClient } from './helpers/clients.ts';
import { cookieOf } from './helpers/seed.ts';
import { startCluster, trackedClient, type Cluster } from './helpers/cluster.ts';
import { readNote } from '../unit/sync/helpers.ts';
import { openVote, readVote, votesMap } from '../../src/lib/board/doc/votes.ts';

let c: Cluster;
const clients: TestClient[] = [];
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
	c = await startCluster(2);
});
afterEach(() => {
	for (const x of clients.splice(0)) x.destroy();
	for (const p of providers.splice(0)) {
		p.destroy();
		p.doc.destroy();
	}
});
afterAll(async () => {
	await c?.dispose();
});

function open(target: Target, room: string, token: string): TestClient {
	const x = openClient(target, room, token);
	clients.push(x);
	return x;
}

/** The y-websocket client as the board uses it (helpers/cluster.ts), destroyed after each test. */
function tracked(target: Target, room: string, token: string) {
	const t = trackedClient(target, room, token);
	providers.push(t.provider);
	return t;
}

const typeInto = (x: TestClient, s: string) => x.doc.transact(() => x.text.insert(x.text.length, s));
const letters = (text: string, ch: string) => [...text].filter((x) => x === ch).length;

describe('two nodes, one board', () => {
	it('clients split across both nodes converge, and PostgreSQL holds the same', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		const onA = [open(c.direct(0), room, b.tokens.facilitator), open(c.direct(0), room, b.tokens.clientGuest)];
		const onB = [open(c.direct(1), room, b.tokens.participant), open(c.direct(1), room, b.tokens.observer)];
		await Promise.all([...onA, ...onB].map((x) => x.synced()));
		const writers: Array<[TestClient, string]> = [
			[onA[0], 'a'],
			[onA[1], 'g'],
			[onB[0], 'p']
		];
		// The note exists everywhere first (whoever creates it is a change of its own), then interleaved
		// bursts from both nodes at once.
		typeInto(onA[0], 'a');
		await waitFor(() => [...onA, ...onB].every((x) => x.note() === 'a'), 'the note on every client');
		for (let round = 0; round < 20; round++) for (const [w, ch] of writers) if (round > 0 || ch !== 'a') typeInto(w, ch);
		const done = (t: string) => letters(t, 'a') === 20 && letters(t, 'g') === 20 && letters(t, 'p') === 20;
		await waitFor(() => [...onA, ...onB].every((x) => done(x.note())), 'every client on both nodes to have all 60 letters', 10_000);
		const notes = new Set([...onA, ...onB].map((x) => x.note()));
		expect(notes.size).toBe(1);
		expect(readNote(await c.stored(room))).toBe([...notes][0]);
	});

	it('cursors (awareness) of a client on one node reach a client on the other within a second', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		const a = open(c.direct(0), room, b.tokens.facilitator);
		const other = open(c.direct(1), room, b.tokens.participant);
		await Promise.all([a.synced(), other.synced()]);
		const start = Date.now();
		a.provider.awareness.setLocalStateField('cursor', { x: 7 });
		const id = a.doc.clientID;
		await waitFor(() => (other.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === 7, 'the cursor on node B', 1_000);
		expect(Date.now() - start).toBeLessThan(1_000);
	});

	it('a server-written change on node A (revealing a vote) reaches a client on node B within a second', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		const fac = open(c.direct(1), room, b.tokens.facilitator);
		await fac.synced();
		const items = [
			{ ref: 'goal:g-a', label: 'Faster delivery' },
			{ ref: 'goal:g-b', label: 'Lower cost' }
		];
		openVote(fac.doc, { id: 'v1', title: 'What matters most', items, budget: 3, maxPerItem: 3, anonymous: true, by: { id: 'u-fay', name: 'Fay' } });
		// Stored (PostgreSQL) before node A is asked: node A opens the document from there.
		await waitFor(async () => votesMap(await c.stored(room)).has('v1'), 'the vote to be stored');
		const start = Date.now();
		const res = await fetch(`${c.nodes[0].origin}/boards/${b.boardId}/votes/v1/reveal`, {
			method: 'POST',
			headers: { Cookie: cookieOf(b.tokens.facilitator), Origin: c.front.origin }
		});
		expect(res.status).toBe(200);
		await waitFor(() => readVote('v1', votesMap(fac.doc).get('v1'))?.status === 'revealed', 'the results on node B', 1_000);
		expect(Date.now() - start).toBeLessThan(1_000);
	});

	it('who is on a board counts the people on every node', async () => {
		const b = await c.world.addBoard();
		const homeData = async () => (await fetch(`${c.nodes[0].origin}/__data.json`, { headers: { Cookie: cookieOf(b.tokens.facilitator) } })).text();
		expect(await homeData()).not.toContain('Client exec');
		const guest = open(c.direct(1), `${b.boardId}/shared`, b.tokens.clientGuest);
		await guest.synced();
		await waitFor(async () => (await homeData()).includes('Client exec'), 'the guest on node B to be listed on node A', 2_000);
	});

	it('a revocation on node A closes the guest’s socket on node B within a second', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		const ws = await openRaw(c.direct(1), room, b.tokens.clientGuest);
		const closed = closeOf(ws);
		const start = Date.now();
		const res = await fetch(`${c.nodes[0].origin}/boards/${b.boardId}/people?/remove`, {
			method: 'POST',
			redirect: 'manual',
			headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: c.front.origin, cookie: cookieOf(b.tokens.facilitator) },
			body: new URLSearchParams({ kind: 'guest', personId: b.clientGuestId })
		});
		expect(res.status).toBeLessThan(400);
		const { code } = await closed;
		expect(Date.now() - start).toBeLessThan(1_000);
		expect(code).toBeGreaterThanOrEqual(4000);
	});

	it('a PDF report asked for on node A is followed and downloaded on node B (polls go through the balancer to any node)', async () => {
		const b = await c.world.addBoard();
		const headers = { cookie: cookieOf(b.tokens.facilitator), origin: c.front.origin, accept: 'application/json' };
		const asked = await fetch(`${c.nodes[0].origin}/boards/${b.boardId}/report/pdf?version=internal`, { method: 'POST', headers });
		expect(asked.status).toBe(202);
		const { status } = (await asked.json()) as { status: string };
		let download: string | null = null;
		await waitFor(
			async () => {
				const res = await fetch(`${c.nodes[1].origin}${status}`, { headers });
				expect(res.status).toBe(200);
				const s = (await res.json()) as { state: string; download: string | null; error: string | null; bytes: number | null };
				if (s.state === 'failed') throw new Error(s.error ?? 'failed');
				download = s.download;
				return s.state === 'done' && (s.bytes ?? 0) > 0;
			},
			'the PDF job to be done, seen from node B',
			60_000
		);
		const file = await fetch(`${c.nodes[1].origin}${download!}`, { headers });
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		// Somebody else asking node B for it: no such report.
		expect((await fetch(`${c.nodes[1].origin}${status}`, { headers: { ...headers, cookie: cookieOf(b.tokens.participant) } })).status).toBe(404);
	});

	it('a form posted twice with one token, once to each node, creates one account; the stored claim holds neither token nor result', async () => {
		const b = await c.world.addBoard();
		const token = `t${crypto.randomUUID().replaceAll('-', '')}`;
		const name = `Twice ${token}`;
		const post = (i: number) =>
			fetch(`${c.nodes[i].origin}/?/createAccount`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: cookieOf(b.tokens.facilitator), origin: c.front.origin },
				body: new URLSearchParams({ name, formToken: token })
			});
		const [first, second] = await Promise.all([post(0), post(1)]);
		expect([first.status, second.status]).toEqual([200, 200]);
		for (const res of [first, second]) expect(await res.text()).toContain('Account added');
		const pool = new pg.Pool({ connectionString: c.pg.url });
		try {
			const { rows } = await pool.query<{ id: string }>('SELECT id FROM accounts WHERE name = $1', [name]);
			expect(rows).toHaveLength(1);
			const claims = await pool.query<{ key: string; sealed: Buffer }>('SELECT key, sealed FROM form_claims');
			expect(claims.rows.length).toBeGreaterThan(0);
			for (const row of claims.rows) {
				expect(row.key).not.toContain(token);
				expect(row.sealed.toString('latin1')).not.toContain(rows[0].id);
			}
		} finally {
			await pool.end();
		}
	});
});
