import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CLOSE, MessageError } from './closeCodes.ts';

// Awareness is relayed to everyone in the room, so one socket must not be able to flood it,
// inflate it, or speak for (or remove) someone else's cursor.
export const AWARENESS_LIMITS = {
	/** Bytes of one client's JSON state. */
	maxStateBytes: 8 * 1024,
	/** Awareness client ids one socket may introduce (a y-websocket client uses one per document). */
	maxClientsPerPeer: 4,
	perSecond: 20,
	burst: 40
};
export type AwarenessLimits = typeof AWARENESS_LIMITS;

export interface AwarenessPeer {
	/** `user:<id>` or `guest:<id>`: a person's new socket may take over their old socket's ids. */
	readonly personKey: string;
}

/** Allows `perSecond` events on average with bursts up to `burst`. */
export class TokenBucket {
	private tokens: number;
	private last: number;
	private readonly perSecond: number;
	private readonly burst: number;
	constructor(perSecond: number, burst: number, now = Date.now()) {
		this.perSecond = perSecond;
		this.burst = burst;
		this.tokens = burst;
		this.last = now;
	}
	take(now = Date.now()): boolean {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

/**
 * Keeps the entries of an awareness update that `peer` may write, claiming new client ids for it
 * in `owners`. Returns the re-encoded update, or null when no entry is left.
 * Throws MessageError on bytes that do not decode.
 */
export function filterAwarenessUpdate<P extends AwarenessPeer>(
	update: Uint8Array,
	peer: P,
	owners: Map<number, P>,
	limits: AwarenessLimits = AWARENESS_LIMITS
): Uint8Array | null {
	const kept: { client: number; clock: number; json: string }[] = [];
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		for (let i = 0; i < n; i++) {
			const client = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const json = decoding.readVarString(d);
			if (Buffer.byteLength(json) > limits.maxStateBytes) continue;
			const state: unknown = JSON.parse(json);
			if (!mayWrite(peer, owners, client, state === null, limits)) continue;
			owners.set(client, peer);
			kept.push({ client, clock, json });
		}
	} catch {
		throw new MessageError(CLOSE.protocolError, 'malformed awareness update');
	}
	if (kept.length === 0) return null;
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, kept.length);
	for (const k of kept) {
		encoding.writeVarUint(e, k.client);
		encoding.writeVarUint(e, k.clock);
		encoding.writeVarString(e, k.json);
	}
	return encoding.toUint8Array(e);
}

function mayWrite<P extends AwarenessPeer>(peer: P, owners: Map<number, P>, client: number, removal: boolean, limits: AwarenessLimits): boolean {
	const owner = owners.get(client);
	if (owner === peer) return true;
	// A reconnect reuses the client id while the old socket may not have been noticed dead yet.
	if (owner) return owner.personKey === peer.personKey;
	if (removal) return false;
	let mine = 0;
	for (const p of owners.values()) if (p === peer) mine++;
	return mine < limits.maxClientsPerPeer;
}

/** The client ids `peer` introduced. */
export function ownedBy<P>(owners: Map<number, P>, peer: P): number[] {
	const ids: number[] = [];
	for (const [id, p] of owners) if (p === peer) ids.push(id);
	return ids;
}
