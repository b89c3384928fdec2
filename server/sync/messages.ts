import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE, MessageError } from './closeCodes.ts';
import type { Connection } from './connection.ts';
import { MESSAGE, SYNC, permissionDeniedMessage } from './protocol.ts';
import type { Room } from './room.ts';

export const READ_ONLY_REASON = 'read-only: your changes were not saved';

const malformed = (what: string) => new MessageError(CLOSE.protocolError, `malformed ${what}`);

function readUint(d: decoding.Decoder, what: string): number {
	try {
		return decoding.readVarUint(d);
	} catch {
		throw malformed(what);
	}
}

function readBytes(d: decoding.Decoder, what: string): Uint8Array {
	try {
		return decoding.readVarUint8Array(d);
	} catch {
		throw malformed(what);
	}
}

/**
 * Handles one message from `conn` on a loaded room. Throws MessageError for bytes it cannot accept;
 * the caller closes that socket (and only that one).
 */
export function handleMessage(room: Room<Connection>, conn: Connection, data: Uint8Array): void {
	const d = decoding.createDecoder(data);
	const type = readUint(d, 'message');
	switch (type) {
		case MESSAGE.sync:
			return handleSync(room, conn, d);
		case MESSAGE.awareness: {
			// Identity, echoes and the rate are the room's (see Room.receiveAwareness).
			room.receiveAwareness(conn, readBytes(d, 'awareness message'));
			return;
		}
		case MESSAGE.queryAwareness:
			return conn.send(room.awarenessOfAll());
		case MESSAGE.saved:
			// The client reads acknowledgements: tell it where we are (and from now on, after commits).
			conn.wantsSaved = true;
			return room.afterDurable(() => conn.heartbeat());
		default:
			throw new MessageError(CLOSE.unsupported, `unknown message type ${type}`);
	}
}

function handleSync(room: Room<Connection>, conn: Connection, d: decoding.Decoder): void {
	const step = readUint(d, 'sync message');
	switch (step) {
		case SYNC.step1: {
			const stateVector = readBytes(d, 'sync step 1');
			try {
				Y.decodeStateVector(stateVector);
			} catch {
				throw malformed('state vector');
			}
			// Answered with the stored state: after the updates still waiting for their commit.
			return room.afterDurable(() => {
				try {
					conn.send(room.syncStep2(stateVector));
				} catch {
					conn.close(CLOSE.protocolError, 'malformed state vector');
				}
			});
		}
		case SYNC.step2:
		case SYNC.update: {
			// A step 2 answers our step 1: the browser has applied what we sent before it (LockRace).
			if (step === SYNC.step2) room.receivedStep2(conn);
			const count = ++conn.received;
			const update = readBytes(d, 'update');
			// An update message and nothing after it: the very message the others may be sent.
			const message = step === SYNC.update && d.pos === d.arr.length ? d.arr : undefined;
			const result = room.receiveUpdate(conn, update, conn.access, message);
			// Stored (or nothing to store) once what the room applied so far is committed.
			if (result === 'applied' || result === 'unchanged') room.afterDurable(() => conn.markSaved(count));
			if (typeof result === 'string') {
				// Refused, not closed: a read-only person keeps receiving; their client logs the reason.
				if (result === 'read-only') conn.send(permissionDeniedMessage(READ_ONLY_REASON));
				return;
			}
			if (result.kind === 'missing') throw new MessageError(CLOSE.resync, 'out of order: reconnect to resync');
			// Closed for good: every later update of that client builds on the refused one, and
			// resending it would be refused again. The browser starts over from the server's copy.
			throw new MessageError(CLOSE.refused, `${result.kind === 'forbidden' ? 'not allowed' : 'invalid'}: ${result.reason}`.slice(0, 120));
		}
		default:
			throw new MessageError(CLOSE.unsupported, `unknown sync message type ${step}`);
	}
}
