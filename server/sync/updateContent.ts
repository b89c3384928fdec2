import * as Y from 'yjs';
import { CLOSE, MessageError } from './closeCodes.ts';

/**
 * Decodes an incoming update completely. An update is written to the log before it is applied,
 * and one undecodable row would make the document unloadable: so nothing is stored undecoded.
 */
export function decodeIncomingUpdate(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
	try {
		return Y.decodeUpdate(update);
	} catch {
		throw new MessageError(CLOSE.protocolError, 'malformed update');
	}
}

/**
 * Whether applying `decoded` would change `doc`. Every client answers the server's sync step 1 with
 * a step 2 holding its whole delete set; when it holds nothing new it is neither stored nor, for a
 * read-only person, a refused write.
 */
export function hasNewContent(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
	for (const s of decoded.structs) {
		if (s instanceof Y.Skip) continue;
		if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return true;
	}
	for (const [client, ranges] of decoded.ds.clients) {
		const known = Y.getState(doc.store, client);
		const structs = doc.store.clients.get(client);
		for (const { clock, len } of ranges) {
			if (len === 0) continue;
			if (!structs || clock + len > known) return true;
			for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
				if (!structs[i].deleted) return true;
			}
		}
	}
	return false;
}
