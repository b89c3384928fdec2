// WebSocket close codes the sync server uses. The y-websocket client stops reconnecting for
// 4400–4499 (a decision reconnecting cannot fix) and retries after anything else.
export const CLOSE = {
	/** Bytes that do not decode as a y-websocket message. */
	protocolError: 1002,
	/** A text frame, or a message type we do not speak. */
	unsupported: 1003,
	/** Too many messages queued while the document was still loading. */
	policy: 1008,
	/** Oversized frame: sent by `ws` itself (maxPayload). */
	tooBig: 1009,
	/** The document could not be loaded or stored. */
	internalError: 1011,
	/** Graceful shutdown: the client should reconnect to the next process. */
	restarting: 1012,
	/** The client does not read fast enough (bufferedAmount over the limit): reconnect and resync. */
	tooSlow: 1013,
	/** The session behind the socket ended (signed out, expired, guest removed). */
	sessionEnded: 4401,
	/** The person lost access to the board or to this document. */
	accessRevoked: 4403,
	/** The board was deleted. */
	boardDeleted: 4404
} as const;

/** Thrown while handling one message; the connection boundary closes that socket with `code`. */
export class MessageError extends Error {
	readonly code: number;
	constructor(code: number, message: string) {
		super(message);
		this.code = code;
	}
}
