import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { sendStep2InChunks } from '../../../src/lib/board/client/chunkedSync.ts';
import { SaveTracker } from '../../../src/lib/board/client/saveTracker.ts';
import { syncStep1Message } from '../../../server/sync/protocol.ts';

/** Just what the handler touches of a provider: its doc, its handlers, its socket. */
function fakeProvider(doc: Y.Doc, onSend: (m: Uint8Array) => void) {
	const stockCalls: number[] = [];
	const provider = {
		doc,
		messageHandlers: [() => stockCalls.push(1)],
		ws: { send: onSend }
	};
	return { provider: provider as unknown as WebsocketProvider, stockCalls };
}

/** Feeds a server message to the provider's sync handler, as y-websocket's onmessage does. */
function receive(provider: WebsocketProvider, message: Uint8Array) {
	const d = decoding.createDecoder(message);
	decoding.readVarUint(d);
	const e = encoding.createEncoder();
	provider.messageHandlers[0](e, d, provider, true, 0);
	return e;
}

describe('sync step 2 in parts', () => {
	it('answers the server with updates under the limit, the last one as the step 2; the offline changes are saved with it', () => {
		const local = new Y.Doc();
		for (let i = 0; i < 50; i++) local.getMap('m').set(`k${i}`, 'v'.repeat(200));
		const tracker = new SaveTracker(() => {});
		tracker.socketChanged();
		tracker.localChange(false); // made offline
		const sent: Uint8Array[] = [];
		const { provider } = fakeProvider(local, (m) => {
			tracker.messageSent(m);
			sent.push(m);
		});
		sendStep2InChunks(provider, 2_000);
		const server = new Y.Doc();
		const e = receive(provider, syncStep1Message(server));
		expect(encoding.length(e)).toBe(0); // nothing left for the provider to send as one message
		expect(sent.length).toBeGreaterThan(3);
		const steps = sent.map((m) => {
			const d = decoding.createDecoder(m);
			expect(decoding.readVarUint(d)).toBe(0);
			const step = decoding.readVarUint(d);
			const update = decoding.readVarUint8Array(d);
			expect(update.byteLength).toBeLessThanOrEqual(2_000);
			Y.applyUpdate(server, update);
			return step;
		});
		expect(steps).toEqual([...Array(sent.length - 1).fill(2), 1]);
		expect(server.getMap('m').toJSON()).toEqual(local.getMap('m').toJSON());
		tracker.saved(sent.length - 1);
		expect(tracker.unsaved).toBe(1); // not before the last part is stored
		tracker.saved(sent.length);
		expect(tracker.unsaved).toBe(0);
	});

	it('leaves every other sync message to the stock handler', () => {
		const { provider, stockCalls } = fakeProvider(new Y.Doc(), () => {});
		sendStep2InChunks(provider, 2_000);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
		receive(provider, encoding.toUint8Array(e));
		expect(stockCalls).toEqual([1]);
	});
});
