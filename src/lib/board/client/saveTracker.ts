import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';

// "Saved" as the server means it: message type 4 (server/sync/protocol.ts MESSAGE.saved). The
// client sends it once, empty, per socket; the server answers with n = "your first n update
// messages on this socket are stored", after each commit and as a heartbeat every 2 s.
export const SAVED_MESSAGE = 4;
/** No message at all for this long: the link is dead, whatever the socket says. */
export const SILENCE_MS = 5_000;

const SYNC = 0;
const STEP2 = 1;
const UPDATE = 2;

function bytesOf(data: unknown): Uint8Array | null {
	if (data instanceof Uint8Array) return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	return null;
}

/** 'step2' / 'update' for a message carrying document changes, else null. */
function updateKind(data: unknown): 'step2' | 'update' | null {
	const bytes = bytesOf(data);
	if (!bytes || bytes.byteLength < 2) return null;
	const d = decoding.createDecoder(bytes);
	if (decoding.readVarUint(d) !== SYNC) return null;
	const step = decoding.readVarUint(d);
	return step === STEP2 ? 'step2' : step === UPDATE ? 'update' : null;
}

/**
 * Counts this browser's changes to one document that the server has not confirmed as stored.
 * Each change is tied to the update message that carries it (numbered per socket); a change made
 * while not connected, or sent on a socket that closed before its acknowledgement, rides on the
 * sync step 2 of the next socket.
 */
export class SaveTracker {
	#sent = 0;
	/** Per unsaved change: the number of the message carrying it on this socket, or null (not sent). */
	#unsaved: Array<number | null> = [];
	readonly #onChange: () => void;

	constructor(onChange: () => void) {
		this.#onChange = onChange;
	}

	get unsaved(): number {
		return this.#unsaved.length;
	}

	/** A new socket (or none): nothing sent on it yet; whatever was not acknowledged goes again. */
	socketChanged(): void {
		this.#sent = 0;
		this.#unsaved = this.#unsaved.map(() => null);
	}

	/** Every message this client sends, in order. */
	messageSent(data: unknown): void {
		const kind = updateKind(data);
		if (!kind) return;
		this.#sent++;
		if (kind === 'step2') this.#unsaved = this.#unsaved.map((n) => n ?? this.#sent);
	}

	/** A local change; `sentNow`: the provider sent it on an open socket just before. */
	localChange(sentNow: boolean): void {
		this.#unsaved.push(sentNow ? this.#sent : null);
		this.#onChange();
	}

	/** The server stored the first `count` update messages of this socket. */
	saved(count: number): void {
		const before = this.#unsaved.length;
		this.#unsaved = this.#unsaved.filter((n) => n === null || n > count);
		if (this.#unsaved.length !== before) this.#onChange();
	}
}

/**
 * A WebSocket class for the provider that reports every message it sends to `tracker`, so that
 * update messages are numbered exactly as the server counts them.
 */
export function trackingWebSocket(base: typeof WebSocket, tracker: SaveTracker): typeof WebSocket {
	return class extends base {
		send(data: string | ArrayBufferLike | Blob | ArrayBufferView<ArrayBuffer>) {
			tracker.messageSent(data);
			super.send(data as ArrayBufferView<ArrayBuffer>);
		}
	} as typeof WebSocket;
}

/**
 * Wires `tracker` to `provider` (created with trackingWebSocket): asks each new socket for
 * acknowledgements, reads them, and counts the local changes (origin `localOrigin`).
 */
export function trackSaves(provider: WebsocketProvider, tracker: SaveTracker, localOrigin: unknown): void {
	provider.messageHandlers[SAVED_MESSAGE] = (_encoder, decoder) => {
		tracker.saved(decoding.readVarUint(decoder));
	};
	provider.on('status', ({ status }) => {
		tracker.socketChanged();
		// Emitted from onopen, before the provider's own sync step 1: our request goes first.
		if (status === 'connected') provider.ws?.send(new Uint8Array([SAVED_MESSAGE]));
	});
	provider.doc.on('update', (_u: Uint8Array, origin: unknown) => {
		if (origin !== localOrigin) return;
		const ws = provider.ws;
		tracker.localChange(provider.wsconnected && ws !== null && ws.readyState === ws.OPEN);
	});
}

/** True when the provider's socket is open but nothing arrived for SILENCE_MS (heartbeats included). */
export function isSilent(provider: WebsocketProvider, now = Date.now()): boolean {
	return provider.wsconnected && now - provider.wsLastMessageReceived > SILENCE_MS;
}
