import type { WebSocket } from 'ws';
import type { BoardAccess } from '../../src/lib/board/model/roles.ts';
import type { DocName } from '../../src/lib/board/model/docNames.ts';
import { identityOf, type PresenceIdentity } from './awarenessGuard.ts';
import { CLOSE } from './closeCodes.ts';
import { savedMessage } from './protocol.ts';
import type { RoomPeer } from './room.ts';

type CorkableSocket = { cork(): void; uncork(): void };

/**
 * The sockets corked during this tick, in the order they were corked: one nextTick uncorks them all
 * (a broadcast to sixty sockets queued sixty ticks, one closure each, when every socket had its own).
 */
const corked: Connection[] = [];
let uncorkQueued = false;
function uncorkAll(): void {
	uncorkQueued = false;
	if (corked.length === 0) return;
	for (const c of corked.splice(0)) {
		// An acknowledgement queued in this tick joins the batch's write instead of a write of its own.
		c.sendQueuedAck();
		c.uncorkNow();
	}
}

/**
 * Writes every socket corked so far now, instead of at the end of the tick: the group commit calls it
 * right after a batch's callbacks (commitQueue.ts), so that its broadcast leaves before the batch's
 * housekeeping (the hot log's fold) and before the microtasks its callbacks queued. Sends after it
 * cork again and are written at the end of the tick as before.
 */
export const writeCorked = uncorkAll;

export interface Person {
	kind: 'user' | 'guest';
	id: string;
	name: string;
}

export interface ConnectionInit {
	ws: WebSocket;
	/** The session token, kept to re-check access while the socket is open. */
	token: string;
	boardId: string;
	kind: DocName;
	person: Person;
	access: BoardAccess;
	maxBufferedBytes: number;
}

/**
 * ws wraps every Uint8Array it is given in a Buffer of its own; a broadcast sends one message to
 * every socket in turn, so the last one wrapped is wrapped once for all of them.
 */
let lastMessage: Uint8Array | null = null;
let lastBuffer: Buffer | null = null;
function asBuffer(message: Uint8Array): Buffer {
	if (Buffer.isBuffer(message)) return message;
	if (message !== lastMessage) {
		lastMessage = message;
		lastBuffer = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
	}
	return lastBuffer!;
}

/** One socket on one document, with who is behind it and what they may do (refreshed on re-checks). */
export class Connection implements RoomPeer {
	readonly ws: WebSocket;
	readonly token: string;
	readonly boardId: string;
	readonly kind: DocName;
	readonly personKey: string;
	person: Person;
	access: BoardAccess;
	/** Cleared by each ping, set by the pong (or any message). */
	alive = true;
	/** Messages that arrived before the document loaded; null once they may be answered directly. */
	pending: Uint8Array[] | null = [];
	/** The client asked for `saved` acknowledgements and heartbeats (MESSAGE.saved). */
	wantsSaved = false;
	/** Update-bearing messages (sync step 2 and update) received on this socket. */
	received = 0;
	/** How many of them are stored (or needed nothing stored). */
	saved = 0;
	private ackQueued = false;
	/** The socket this connection corked in this tick (uncorkAll releases it). */
	private corkedSocket: CorkableSocket | null = null;
	private gone = false;
	private readonly onGone: Array<() => void> = [];
	private readonly maxBufferedBytes: number;

	constructor(init: ConnectionInit) {
		this.ws = init.ws;
		this.token = init.token;
		this.boardId = init.boardId;
		this.kind = init.kind;
		this.person = init.person;
		this.personKey = `${init.person.kind}:${init.person.id}`;
		this.access = init.access;
		this.maxBufferedBytes = init.maxBufferedBytes;
		this.ws.once('close', () => this.markGone());
	}

	/** Who this socket's awareness says it is, whatever the client sent. */
	get identity(): PresenceIdentity {
		return identityOf(this.person, this.access);
	}

	get isGone(): boolean {
		return this.gone;
	}

	/** Runs once, when we close the socket or it closes: the socket leaves its room right away. */
	whenGone(fn: () => void): void {
		if (this.gone) fn();
		else this.onGone.push(fn);
	}

	send(message: Uint8Array): void {
		if (!this.writable()) return;
		this.cork();
		// No callback: a failed write is a socket error, which ws answers by closing the socket (and
		// its 'close' marks this gone); a callback per send kept Node from coalescing their completions.
		this.ws.send(asBuffer(message));
	}

	/**
	 * `send`, written now rather than at the uncork: the broadcast of a batch of one update, whose
	 * recipients get nothing else from it. Corking there only made every socket wait for the sends
	 * to all the others before the first write (60 sockets: the whole broadcast's CPU), where the
	 * writes are one per socket either way. A socket corked earlier in this turn is written now too.
	 */
	sendNow(message: Uint8Array): void {
		if (this.corkedSocket) {
			this.send(message);
			return this.uncorkNow();
		}
		if (this.writable()) this.ws.send(asBuffer(message));
	}

	/**
	 * Open, and not too far behind: a reader that far behind only grows our memory, so it is closed
	 * (it resyncs from scratch when it reconnects).
	 */
	private writable(): boolean {
		if (this.gone || this.ws.readyState !== this.ws.OPEN) return false;
		if (this.ws.bufferedAmount <= this.maxBufferedBytes) return true;
		this.close(CLOSE.tooSlow, 'too slow, reconnect');
		return false;
	}

	/**
	 * A batch sends many messages to each socket in one turn: corking the TCP socket until the turn
	 * ends turns them into one write (one syscall) instead of one each. `_socket` is the net.Socket
	 * that `ws` writes to (absent in tests).
	 */
	private cork(): void {
		if (this.corkedSocket) return;
		const socket = (this.ws as unknown as { _socket?: CorkableSocket | null })._socket;
		if (!socket) return;
		this.corkedSocket = socket;
		socket.cork();
		corked.push(this);
		if (!uncorkQueued) {
			uncorkQueued = true;
			process.nextTick(uncorkAll);
		}
	}

	/** Writes what this tick queued on the socket (uncorkAll, in the order the sockets were corked). */
	uncorkNow(): void {
		const socket = this.corkedSocket;
		this.corkedSocket = null;
		socket?.uncork();
	}

	/**
	 * The first `count` update messages are durable. One acknowledgement per batch: the ones a
	 * commit completes are coalesced into one message at the end of that turn.
	 */
	markSaved(count: number): void {
		if (count <= this.saved) return;
		this.saved = count;
		if (!this.wantsSaved || this.ackQueued) return;
		this.ackQueued = true;
		// Sent by whichever comes first: the end of this turn's microtasks, or the uncork of the
		// socket's write (a batch run from setImmediate uncorks before its microtasks run).
		queueMicrotask(() => this.sendQueuedAck());
	}

	sendQueuedAck(): void {
		if (!this.ackQueued) return;
		this.ackQueued = false;
		this.send(savedMessage(this.saved));
	}

	/** The heartbeat: repeats the last acknowledgement, so the client knows the link is alive. */
	heartbeat(): void {
		if (this.wantsSaved) this.send(savedMessage(this.saved));
	}

	close(code: number, reason: string): void {
		if (this.gone) return;
		this.markGone();
		try {
			this.ws.close(code, reason);
		} catch {
			this.ws.terminate();
		}
	}

	/** For a peer that stopped answering: no closing handshake. */
	terminate(): void {
		this.markGone();
		this.ws.terminate();
	}

	private markGone(): void {
		if (this.gone) return;
		this.gone = true;
		this.pending = null;
		for (const fn of this.onGone.splice(0)) fn();
	}
}
