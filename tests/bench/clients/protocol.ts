import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

// The y-websocket wire format, encoded by hand so that thousands of clients stay cheap.
// Hocuspocus uses the same messages behind a varString document name (and its own auth message).
export const MSG = { sync: 0, awareness: 1, auth: 2, syncReply: 4, syncStatus: 8 } as const;
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

export type Framing = 'y-websocket' | 'hocuspocus';

function frame(framing: Framing, room: string, write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	if (framing === 'hocuspocus') encoding.writeVarString(e, room);
	write(e);
	return encoding.toUint8Array(e);
}

export const syncStep1 = (framing: Framing, room: string, stateVector: Uint8Array): Uint8Array =>
	frame(framing, room, (e) => {
		encoding.writeVarUint(e, MSG.sync);
		encoding.writeVarUint(e, SYNC.step1);
		encoding.writeVarUint8Array(e, stateVector);
	});

export const syncStep2 = (framing: Framing, room: string, update: Uint8Array): Uint8Array =>
	frame(framing, room, (e) => {
		encoding.writeVarUint(e, MSG.sync);
		encoding.writeVarUint(e, SYNC.step2);
		encoding.writeVarUint8Array(e, update);
	});

export const updateMessage = (framing: Framing, room: string, update: Uint8Array): Uint8Array =>
	frame(framing, room, (e) => {
		encoding.writeVarUint(e, MSG.sync);
		encoding.writeVarUint(e, SYNC.update);
		encoding.writeVarUint8Array(e, update);
	});

/** One client's awareness entry, as y-protocols encodes it. */
export const awarenessMessage = (framing: Framing, room: string, clientID: number, clock: number, state: unknown): Uint8Array =>
	frame(framing, room, (e) => {
		encoding.writeVarUint(e, MSG.awareness);
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 1);
		encoding.writeVarUint(inner, clientID);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, JSON.stringify(state));
		encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	});

/** Hocuspocus' auth message (Auth, Token, token); an empty token passes a server without onAuthenticate. */
export const hocuspocusAuth = (room: string, token = ''): Uint8Array =>
	frame('hocuspocus', room, (e) => {
		encoding.writeVarUint(e, MSG.auth);
		encoding.writeVarUint(e, 0);
		encoding.writeVarString(e, token);
	});

export const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** The first struct's (client, clock) of a Yjs v1 update: the key the latency tracker uses. */
export function firstStructId(d: decoding.Decoder): { client: number; clock: number } | null {
	const groups = decoding.readVarUint(d);
	if (groups === 0) return null;
	decoding.readVarUint(d); // number of structs in the group
	const client = decoding.readVarUint(d);
	const clock = decoding.readVarUint(d);
	return { client, clock };
}

export function firstStructIdOf(update: Uint8Array): { client: number; clock: number } | null {
	return firstStructId(decoding.createDecoder(update));
}

/**
 * Every (client, clock) range in an update. Hocuspocus merges the updates of one event-loop turn
 * into one message, so its messages may carry several senders' changes; this decodes them all.
 */
export function structRanges(update: Uint8Array): Array<{ client: number; from: number; to: number }> {
	const { from, to } = Y.parseUpdateMeta(update);
	const out: Array<{ client: number; from: number; to: number }> = [];
	for (const [client, start] of from) out.push({ client, from: start, to: to.get(client) ?? start + 1 });
	return out;
}
