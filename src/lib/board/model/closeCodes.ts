// WebSocket close codes of the sync server, shared with the browser. The y-websocket client stops
// reconnecting for 4400–4499 (a decision reconnecting cannot fix) and retries after anything else.
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
	/** An update built on changes the server does not have: reconnecting resyncs the whole state. */
	resync: 4000,
	/** The board was archived or restored: reconnecting picks up the new access (and the page re-reads it). */
	boardStateChanged: 4100,
	/** The session behind the socket ended (signed out, expired, guest removed). */
	sessionEnded: 4401,
	/** The person lost access to the board or to this document. */
	accessRevoked: 4403,
	/** The board was deleted. */
	boardDeleted: 4404,
	/** An update refused whole (outside the schema, or a change this person may not make). */
	refused: 4422
} as const;

/** What the board header says when the server ended the connection for good. */
export const FINAL_CLOSE_MESSAGES: Readonly<Record<number, string>> = {
	[CLOSE.sessionEnded]: 'Your access to this board has ended: your invite link was revoked, you were removed, or you signed out.',
	[CLOSE.accessRevoked]: 'You no longer have access to this board.',
	[CLOSE.boardDeleted]: 'This board was deleted.',
	[CLOSE.refused]: 'The server refused a change from this browser (it is not allowed for your role, or does not fit the board). Reload the board to continue from the saved version.'
};
