import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';

// The y-websocket wire format: a varUint message type, then the type's payload. `saved` is ours
// (y-websocket clients accept extra types through provider.messageHandlers): a client sends it
// once, empty, to ask for acknowledgements; the server then sends it with a varUint n, meaning
// "your first n update messages on this socket are stored", after each commit and every couple of
// seconds as a heartbeat.
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, saved: 4 } as const;
export const SYNC = {
	step1: syncProtocol.messageYjsSyncStep1,
	step2: syncProtocol.messageYjsSyncStep2,
	update: syncProtocol.messageYjsUpdate
} as const;

/**
 * A message as a Buffer view of the encoded bytes (no copy): `ws` sends a Buffer as it is, while
 * any other Uint8Array gets a new Buffer view per send, that is per recipient of a broadcast.
 */
function message(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	const bytes = encoding.toUint8Array(e);
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const syncStep1Message = (doc: Y.Doc): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.sync);
		syncProtocol.writeSyncStep1(e, doc);
	});

export const syncStep2Message = (doc: Y.Doc, stateVector?: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.sync);
		syncProtocol.writeSyncStep2(e, doc, stateVector);
	});

/** A sync step 2 carrying `update`, an already encoded state (what writeSyncStep2 would encode). */
export const syncStep2Of = (update: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.sync);
		encoding.writeVarUint(e, SYNC.step2);
		encoding.writeVarUint8Array(e, update);
	});

export const updateMessage = (update: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.sync);
		syncProtocol.writeUpdate(e, update);
	});

export const awarenessMessage = (awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.awareness);
		encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	});

/** An awareness message carrying `update`, an already encoded awareness update. */
export const awarenessMessageOf = (update: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.awareness);
		encoding.writeVarUint8Array(e, update);
	});

export const savedMessage = (count: number): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.saved);
		encoding.writeVarUint(e, count);
	});

/** The y-protocols "permission denied" message; the y-websocket client logs the reason. */
export const permissionDeniedMessage = (reason: string): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE.auth);
		authProtocol.writePermissionDenied(e, reason);
	});
