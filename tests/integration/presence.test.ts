import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { ServerProcess } from './helpers/server.ts';
import { World } from './helpers/seed.ts';
import { openClient, openRaw, waitFor, type TestClient } from './helpers/clients.ts';
import { MESSAGE } from '../../server/sync/protocol.ts';
import { colorFor } from '../../src/lib/board/presence/palette.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

// Awareness through the real server process: who a cursor belongs to is the server's word.
let server: ServerProcess;
let world: World;
const clients: TestClient[] = [];
const raws: WebSocket[] = [];

function open(room: string, token: string): TestClient {
	const c = openClient(server, room, token);
	clients.push(c);
	return c;
}

/** One awareness message, as a hand-made client would send it. */
function awarenessFrame(client: number, clock: number, state: unknown): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, client);
	encoding.writeVarUint(inner, clock);
	encoding.writeVarString(inner, JSON.stringify(state));
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE.awareness);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

beforeAll(async () => {
	server = new ServerProcess();
	world = new World(server.dbPath);
	await server.start();
});

afterEach(() => {
	for (const c of clients.splice(0)) c.destroy();
	for (const ws of raws.splice(0)) ws.terminate();
});

afterAll(async () => {
	world?.close();
	await server?.dispose();
});

describe('presence (real process)', () => {
	it("a client guest claiming to be the supplier facilitator is shown to others as who they are", async () => {
		const b = world.addBoard();
		const room = docName(b.boardId, 'shared');
		const facilitatorId = world.userId('facilitator');
		const fac = open(room, b.tokens.facilitator);
		await fac.synced();
		fac.provider.awareness.setLocalStateField('user', { id: facilitatorId, name: 'facilitator', side: 'supplier', color: colorFor(facilitatorId) });

		const forger = await openRaw(server, room, b.tokens.clientGuest);
		raws.push(forger);
		const forged = {
			user: { id: facilitatorId, name: 'facilitator (facilitator)', side: 'supplier', role: 'facilitator', color: 'red;background:url(http://evil.test/x)' },
			focus: 'goal:1'
		};
		forger.send(awarenessFrame(4242, 1, forged));

		await waitFor(() => fac.provider.awareness.getStates().has(4242), "the guest's awareness");
		expect(fac.provider.awareness.getStates().get(4242)).toEqual({
			user: { id: b.clientGuestId, name: 'Client exec', side: 'client', role: 'participant', color: colorFor(b.clientGuestId) },
			focus: 'goal:1'
		});
		// A second, real client sees the same, and the facilitator's own entry is untouched.
		const p = open(room, b.tokens.participant);
		await p.synced();
		await waitFor(() => p.provider.awareness.getStates().has(4242) && p.provider.awareness.getStates().has(fac.doc.clientID), 'both states');
		expect(p.provider.awareness.getStates().get(4242)?.user.id).toBe(b.clientGuestId);
		expect(p.provider.awareness.getStates().get(fac.doc.clientID)?.user.id).toBe(facilitatorId);
	});

	it('a state that is not an object closes the socket that sent it', async () => {
		const b = world.addBoard();
		const ws = await openRaw(server, docName(b.boardId, 'shared'), b.tokens.clientGuest);
		raws.push(ws);
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		ws.send(awarenessFrame(77, 1, 'just a string'));
		expect(await closed).toBe(1002);
	});

	it("a burst of cursor moves ends with everyone seeing the person's latest cursor, even with stock clients echoing", async () => {
		const b = world.addBoard();
		const room = docName(b.boardId, 'shared');
		const mover = open(room, b.tokens.facilitator);
		// Stock y-websocket clients re-send every awareness update they receive (yjs#732).
		const echoers = [open(room, b.tokens.participant), open(room, b.tokens.observer), open(room, b.tokens.clientGuest)];
		await Promise.all([mover, ...echoers].map((c) => c.synced()));
		for (let i = 1; i <= 120; i++) mover.provider.awareness.setLocalStateField('focus', `cell:${i}`);
		// Well within the 15 s awareness renewal that would otherwise paper over a dropped update.
		await waitFor(
			() => echoers.every((c) => c.provider.awareness.getStates().get(mover.doc.clientID)?.focus === 'cell:120'),
			'the latest cursor everywhere',
			3_000
		);
	});
});
