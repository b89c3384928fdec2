import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { now } from '../stats.ts';
import type { Target } from './target.ts';
import type { FanoutTracker } from './tracker.ts';
import {
	EMPTY_STATE_VECTOR,
	MSG,
	SYNC,
	awarenessMessage,
	firstStructIdOf,
	hocuspocusAuth,
	structRanges,
	syncStep1,
	syncStep2,
	updateMessage
} from './protocol.ts';

export interface LeanOptions {
	target: Target;
	room: string;
	user: number;
	/** A real document: answers the server's sync step 1, and its writes are sent (writers, joiners). */
	doc?: Y.Doc;
	/** Apply incoming updates to `doc` (a joiner checking content); writers skip it to stay cheap. */
	applyRemote?: boolean;
	tracker?: FanoutTracker;
	/** Awareness entries sent and received, keyed by (awareness client id, clock). */
	awarenessTracker?: FanoutTracker;
	/** Several nodes: which node this client is connected to (trackers split latencies by it). */
	node?: number;
	/** Every document payload (sync step 2 or update) with its arrival time, before anything else. */
	onPayload?(payload: Uint8Array, at: number): void;
}

export interface SyncInfo {
	/** ms from connect() to the full state (sync step 2) arriving. */
	ms: number;
	bytes: number;
}

/**
 * A raw-protocol client: one `ws` socket, the y-websocket messages encoded by hand, and no Y.Doc
 * unless given one. Thousands of these fit in the load generator.
 */
export class LeanClient {
	readonly opts: LeanOptions;
	/** Awareness client id (the doc's client id when there is a doc). */
	readonly id: number;
	ws: WebSocket | null = null;
	received = 0;
	closedWith: number | null = null;
	synced: Promise<SyncInfo>;
	private resolveSynced!: (info: SyncInfo) => void;
	private startedAt = 0;
	private awarenessClock = 0;

	constructor(opts: LeanOptions) {
		this.opts = opts;
		this.id = opts.doc?.clientID ?? Math.floor(Math.random() * 2 ** 31);
		this.synced = new Promise((r) => (this.resolveSynced = r));
	}

	/** Opens the socket and starts the sync; resolves once the socket is open. */
	connect(timeoutMs = 15_000): Promise<void> {
		const { target, room, user } = this.opts;
		this.startedAt = now();
		const ws = new WebSocket(target.url(room), { headers: target.headers(user), perMessageDeflate: false, handshakeTimeout: timeoutMs });
		ws.binaryType = 'nodebuffer';
		this.ws = ws;
		ws.on('message', (data: Buffer) => this.onMessage(data));
		ws.on('close', (code) => (this.closedWith = code));
		return new Promise((resolve, reject) => {
			ws.once('open', () => {
				if (target.framing === 'hocuspocus') ws.send(hocuspocusAuth(room));
				const sv = this.opts.doc ? Y.encodeStateVector(this.opts.doc) : EMPTY_STATE_VECTOR;
				ws.send(syncStep1(target.framing, room, sv));
				resolve();
			});
			ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
			ws.once('error', reject);
		});
	}

	get open(): boolean {
		return this.ws?.readyState === WebSocket.OPEN;
	}

	send(message: Uint8Array): void {
		if (this.open) this.ws!.send(message);
	}

	sendUpdate(update: Uint8Array): void {
		this.send(updateMessage(this.opts.target.framing, this.opts.room, update));
	}

	/**
	 * Changes the document and sends the change; reports it to the tracker, which expects it at
	 * `receivers` other clients. Returns the update's size in bytes (0 if nothing was sent).
	 */
	write(change: (doc: Y.Doc) => void, receivers: number): number {
		const doc = this.opts.doc;
		if (!doc || !this.open) return 0;
		let update: Uint8Array | null = null;
		const capture = (u: Uint8Array) => (update = u);
		doc.once('update', capture);
		const clock = Y.getState(doc.store, doc.clientID);
		doc.transact(() => change(doc));
		if (!update) {
			doc.off('update', capture);
			return 0;
		}
		this.opts.tracker?.sent(doc.clientID, clock, receivers, this.opts.node);
		this.sendUpdate(update);
		return (update as Uint8Array).byteLength;
	}

	/** Sends this client's awareness state; with an awareness tracker it is expected at `receivers` others. */
	sendAwareness(state: unknown, receivers = 0): void {
		if (!this.open) return;
		const clock = ++this.awarenessClock;
		this.opts.awarenessTracker?.sent(this.id, clock, receivers, this.opts.node);
		this.send(awarenessMessage(this.opts.target.framing, this.opts.room, this.id, clock, state));
	}

	close(): Promise<void> {
		const ws = this.ws;
		if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				ws.terminate();
				resolve();
			}, 3000);
			ws.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			ws.close();
		});
	}

	terminate(): void {
		this.ws?.terminate();
	}

	/** Every entry of an awareness message (servers may relay several clients' changes in one). */
	private onAwareness(d: decoding.Decoder): void {
		const tracker = this.opts.awarenessTracker;
		if (!tracker) return;
		const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
		const n = decoding.readVarUint(inner);
		for (let i = 0; i < n; i++) {
			const client = decoding.readVarUint(inner);
			const clock = decoding.readVarUint(inner);
			decoding.readVarUint8Array(inner); // the JSON state, skipped without decoding it
			tracker.received(client, clock, client === this.id, this.opts.node);
		}
	}

	private onMessage(data: Buffer): void {
		this.received++;
		const d = decoding.createDecoder(data);
		if (this.opts.target.framing === 'hocuspocus') decoding.readVarString(d);
		const type = decoding.readVarUint(d);
		if (type === MSG.awareness) return this.onAwareness(d);
		// Hocuspocus answers a sync step 1 with SyncReply, the same payload under another type.
		if (type !== MSG.sync && type !== MSG.syncReply) return; // awareness, auth, sync status: counted only
		const step = decoding.readVarUint(d);
		const payload = decoding.readVarUint8Array(d);
		if (step !== SYNC.step1) this.opts.onPayload?.(payload, now());
		if (step === SYNC.step1) {
			const doc = this.opts.doc;
			if (doc) this.send(syncStep2(this.opts.target.framing, this.opts.room, Y.encodeStateAsUpdate(doc, payload)));
			return;
		}
		if (step === SYNC.step2) {
			this.resolveSynced({ ms: now() - this.startedAt, bytes: payload.byteLength });
			if (this.opts.doc && this.opts.applyRemote) Y.applyUpdate(this.opts.doc, payload, this);
			return;
		}
		const tracker = this.opts.tracker;
		if (tracker && this.opts.target.mergesUpdates) tracker.receivedRanges(structRanges(payload), this.id, this.opts.node);
		else if (tracker) {
			const id = firstStructIdOf(payload);
			if (id) tracker.received(id.client, id.clock, id.client === this.id, this.opts.node);
		}
		if (this.opts.doc && this.opts.applyRemote) Y.applyUpdate(this.opts.doc, payload, this);
	}
}

/** Connects `clients` with at most `parallel` handshakes in flight; returns the failures. */
export async function connectAll(clients: LeanClient[], parallel = 64): Promise<Error[]> {
	const errors: Error[] = [];
	let next = 0;
	const worker = async () => {
		while (next < clients.length) {
			const c = clients[next++];
			try {
				await c.connect();
			} catch (err) {
				errors.push(err as Error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, clients.length) }, worker));
	return errors;
}

export async function closeAll(clients: LeanClient[]): Promise<void> {
	await Promise.all(clients.map((c) => c.close()));
}
