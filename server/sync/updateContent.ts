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

/**
 * Whether every struct of `decoded` starts at or after `doc`'s clock for its client: the update
 * re-sends nothing the document has, so applying it adds exactly what it holds, and it may be sent
 * on as received. (A re-sent clock would be skipped here but could be taken as written by a client
 * that does not have it yet: such an update is cut to what the document applied first.)
 */
export function onlyNew(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
	for (const s of decoded.structs) {
		if (s instanceof Y.Skip || s.id.clock < Y.getState(doc.store, s.id.client)) return false;
	}
	return true;
}

/** Whether a transaction changed its document (what Yjs checks before it encodes an 'update'). */
export function changedDoc(tr: Y.Transaction): boolean {
	if (tr.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
	return false;
}
