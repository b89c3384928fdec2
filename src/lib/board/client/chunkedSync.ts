import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import { splitUpdate } from './splitUpdate.ts';

/**
 * The largest update message this client sends when it catches up. The server refuses frames over
 * its limit (1 MiB by default, close 1009); a quarter of it leaves room for a lowered limit.
 */
export const SYNC_CHUNK_BYTES = 256 * 1024;

const MESSAGE_SYNC = 0;

/**
 * The stock provider answers the server's sync step 1 with everything the server lacks as ONE
 * message: after more than a megabyte of offline changes that message is refused on every
 * reconnect. This handler sends the same content as several messages under `maxBytes`, in an
 * order the server can apply one by one (splitUpdate.ts): updates first, the last one as the
 * step 2 (the save tracker ties the offline changes to it). Other sync messages go to the stock
 * handler.
 */
export function sendStep2InChunks(provider: WebsocketProvider, maxBytes = SYNC_CHUNK_BYTES): void {
	const stock = provider.messageHandlers[MESSAGE_SYNC];
	provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
		if (decoding.peekVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return stock(encoder, decoder, p, emitSynced, messageType);
		decoding.readVarUint(decoder);
		const serverState = decoding.readVarUint8Array(decoder);
		const parts = splitUpdate(Y.encodeStateAsUpdate(provider.doc, serverState), maxBytes);
		parts.forEach((part, i) => {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, MESSAGE_SYNC);
			encoding.writeVarUint(e, i === parts.length - 1 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
			encoding.writeVarUint8Array(e, part);
			provider.ws?.send(encoding.toUint8Array(e));
		});
	};
}
