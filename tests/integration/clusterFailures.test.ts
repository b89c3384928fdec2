// Failure behaviour of two real nodes on real PostgreSQL and Redis (helpers/cluster.ts): a Redis
// restart, a node killed with SIGKILL mid-burst, PostgreSQL stopped. In this order: each case
// leaves the cluster as the next one expects it (the kill leaves node B alone, the last stops PostgreSQL).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { openClient, waitFor, type Target, type TestClient } from './helpers/clients.ts';
import { cookieOf } from './helpers/seed.ts';
import { startCluster, trackedClient, type Cluster } from './helpers/cluster.ts';
import { readNote } from '../unit/sync/helpers.ts';

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

const readyz = async (i: number) => {
	const res = await fetch(`${c.nodes[i].origin}/readyz`);
	return { status: res.status, body: (await res.json()) as { ok: boolean; checks: Record<string, string> } };
};

describe('two nodes: failures', () => {
	it('health and readiness: /healthz answers, /readyz checks PostgreSQL and Redis (no SQLite file is open)', async () => {
		for (const i of [0, 1]) {
			const health = await fetch(`${c.nodes[i].origin}/healthz`);
			expect(health.status).toBe(200);
			expect(await readyz(i)).toEqual({ status: 200, body: { ok: true, checks: { postgres: 'ok', redis: 'ok' } } });
		}
	});

	it('a Redis restart delays updates between the nodes a moment, never loses one', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		const onA = open(c.direct(0), room, b.tokens.facilitator);
		const onB = open(c.direct(1), room, b.tokens.participant);
		await Promise.all([onA.synced(), onB.synced()]);
		const typeA = (s: string) => onA.doc.transact(() => onA.text.insert(onA.text.length, s));
		typeA('0');
		await waitFor(() => onB.note() === '0', 'the note on node B');
		let n = 1;
		const typing = setInterval(() => typeA(String(n++ % 10)), 5);
		try {
			await waitFor(() => onB.note().length >= 20, 'some typing relayed');
			await c.redis.restart();
			// Typed while Redis was away and right after: all of it arrives on node B.
			const target = onB.note().length + 40;
			await waitFor(() => onA.note().length >= target, 'more typing');
		} finally {
			clearInterval(typing);
		}
		const restartedAt = Date.now();
		await waitFor(() => onB.note() === onA.note(), 'node B to have everything typed on node A', 5_000);
		expect(Date.now() - restartedAt).toBeLessThan(3_000);
		expect(readNote(await c.stored(room))).toBe(onA.note());
		// And the relay works again: one more change crosses quickly.
		const start = Date.now();
		typeA('!');
		await waitFor(() => onB.note().endsWith('!'), 'a change after the restart', 2_000);
		expect(Date.now() - start).toBeLessThan(1_000);
	});

	it('SIGKILL one node mid-burst: everything the other node’s client saw survives; its clients reconnect to the other node and carry on', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		// Through the balancer: on node A while it runs.
		const writer = tracked(c.front, room, b.tokens.facilitator);
		const reader = open(c.direct(1), room, b.tokens.participant);
		// Straight to node A, so it never reconnects elsewhere: its cursor must not outlive node A.
		const onA = open(c.direct(0), room, b.tokens.observer);
		await Promise.all([writer.synced(), reader.synced(), onA.synced()]);
		onA.provider.awareness.setLocalStateField('cursor', { item: 'g1' });
		const ghost = onA.doc.clientID;
		await waitFor(() => reader.provider.awareness.getStates().get(ghost)?.cursor !== undefined, 'node A’s cursor to reach node B');
		expect((await c.nodes[0].metrics()).connections).toBe(2);
		let n = 0;
		const typing = setInterval(() => writer.type(String(n++ % 10)), 5);
		let seen = '';
		try {
			await waitFor(() => reader.note().length >= 30, 'the reader on node B to see the burst');
			c.nodes[0].killNow();
			seen = reader.note();
			await c.nodes[0].exited();
			// The writer reconnects through the balancer (to node B now) and keeps typing.
			await waitFor(() => writer.provider.wsconnected && writer.closes.length > 0, 'the writer to reconnect', 10_000);
			const more = writer.note().length + 30;
			await waitFor(() => writer.note().length >= more, 'typing after the reconnect');
		} finally {
			clearInterval(typing);
		}
		// Node A is silent: its cursors go well before y-protocols' 30 s timeout would remove them.
		await waitFor(() => !reader.provider.awareness.getStates().has(ghost), 'node A’s cursor to be removed on node B', 15_000);
		await waitFor(() => writer.tracker.unsaved === 0, 'everything the writer typed to be saved (on node B)', 10_000);
		await waitFor(() => reader.note() === writer.note(), 'the reader to have everything', 5_000);
		const stored = readNote(await c.stored(room));
		expect(stored).toBe(writer.note());
		expect(seen.length).toBeGreaterThanOrEqual(30);
		expect(stored.startsWith(seen)).toBe(true);
		expect((await c.nodes[1].metrics()).connections).toBe(2);
		onA.provider.disconnect();
	});

	it('PostgreSQL stopped: a write is not acknowledged ("not saved"), the socket is closed, /readyz says why', async () => {
		const b = await c.world.addBoard();
		const room = `${b.boardId}/shared`;
		const client = tracked(c.direct(1), room, b.tokens.facilitator);
		await client.synced();
		client.type('kept');
		await waitFor(() => client.tracker.unsaved === 0, 'the first change to be saved');
		await c.pg.stop();
		client.type(' lost?');
		expect(client.tracker.unsaved).toBe(1);
		// The commit fails once the pool gives up on PostgreSQL: at once when the connection is refused,
		// after its 5 s connect timeout when the stopping server does not answer (db/pgPool.ts).
		await waitFor(() => client.closes.some((x) => x.code === 1011), 'the server to close the socket (could not save)', 15_000);
		expect(client.tracker.unsaved).toBe(1);
		const ready = await readyz(1);
		expect(ready.status).toBe(503);
		expect(ready.body.checks.postgres).not.toBe('ok');
		expect(ready.body.checks.redis).toBe('ok');
	});
});
