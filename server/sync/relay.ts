import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceEntry } from '../../src/lib/server/live.ts';
import type { Log } from './log.ts';
import type { Room, RoomRelay } from './room.ts';
import { RemoteCursors } from './remoteCursors.ts';

// Several nodes serving the same boards (REDIS_URL): after its commit to PostgreSQL, each update
// is published on its document's channel with its per-document seq; the nodes holding that document
// apply it and send it to their sockets. Redis only speeds things up: a node that sees a gap in the
// seqs, reconnects to Redis, or finds the stored head ahead of its copy (checked every second)
// reads the missing rows from PostgreSQL (Room.catchUp). Awareness (cursors), the live hub's events
// (access changes, sign-outs, deleted boards) and who is on which board go through Redis too.

type Client = ReturnType<typeof createClient>;

/** The live hub's events that every node must act on (src/lib/server/live.ts). */
export type HubEvent =
	| { kind: 'access'; boardId: string }
	| { kind: 'sessions'; sessionIds: string[] }
	| { kind: 'deleted'; boardId: string };

export interface RelayHandlers {
	hub(event: HubEvent): void;
	/** Redis is back after an outage: messages may have been lost meanwhile. */
	reconnected(): void;
}

const DOC = 'tandem:doc:';
const AWARENESS = 'tandem:aw:';
const HUB = 'tandem:hub';
const PRESENCE = 'tandem:presence';
/** A node's presence counts for this long after its last report (it reports every few seconds). */
const PRESENCE_TTL_MS = 10_000;
/** A node heard from for this long is gone (it reports presence every 3 s): its cursors are removed. */
const NODE_GONE_MS = PRESENCE_TTL_MS;

export class RedisRelay implements RoomRelay {
	readonly nodeId = randomUUID();
	private readonly pub: Client;
	private readonly sub: Client;
	private readonly log: Log;
	private readonly rooms = new Map<string, Room>();
	private readonly listeners = new Map<string, { doc: (m: Buffer) => void; aw: (m: Buffer) => void }>();
	private handlers: RelayHandlers | null = null;
	/** Other nodes' presence: node → (board → people), with when it was reported. */
	private readonly remotePresence = new Map<string, { at: number; boards: Record<string, PresenceEntry[]> }>();
	private readonly cursors = new RemoteCursors(NODE_GONE_MS);
	private readonly goneSweep: ReturnType<typeof setInterval>;
	private everReady = false;
	private down = false;
	/** Messages published and relayed since startup (tests, metrics). */
	published = 0;
	received = 0;
	private closed = false;

	private constructor(url: string, log: Log) {
		this.log = log;
		const options = {
			url,
			// Quick retries: a restarted Redis is used again within a fraction of a second.
			socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000), connectTimeout: 2_000 }
		};
		// While Redis is down, publishing fails at once (the catch-up covers it) instead of queueing.
		this.pub = createClient({ ...options, disableOfflineQueue: true });
		this.sub = createClient(options);
		for (const [name, c] of [['publisher', this.pub], ['subscriber', this.sub]] as const) {
			c.on('error', (err: unknown) => {
				if (this.closed || this.down) return;
				this.down = true;
				this.log('warn', `Redis ${name} connection lost; catching up from PostgreSQL once it is back`, err);
			});
		}
		this.goneSweep = setInterval(() => {
			for (const { room, ids } of this.cursors.gone(Date.now())) this.rooms.get(room)?.dropRemoteAwareness(ids);
		}, 1_000);
		this.goneSweep.unref();
		this.sub.on('ready', () => {
			if (this.everReady) {
				this.down = false;
				this.log('info', 'Redis is back: catching up every open document from PostgreSQL');
				this.handlers?.reconnected();
			}
			this.everReady = true;
		});
	}

	static async connect(url: string, log: Log): Promise<RedisRelay> {
		const relay = new RedisRelay(url, log);
		await Promise.all([relay.pub.connect(), relay.sub.connect()]);
		await relay.sub.subscribe([HUB, PRESENCE], (m: Buffer, channel: Buffer) => relay.onShared(channel.toString(), m), true);
		return relay;
	}

	/** Who handles the hub events and reconnects (the sync server, once it has started). */
	attach(handlers: RelayHandlers): void {
		this.handlers = handlers;
	}

	join(room: Room): void {
		if (this.closed) return;
		const name = room.name;
		this.rooms.set(name, room);
		if (this.listeners.has(name)) return;
		const l = { doc: (m: Buffer) => this.onUpdate(name, m), aw: (m: Buffer) => this.onAwareness(name, m) };
		this.listeners.set(name, l);
		void this.sub.subscribe(DOC + name, l.doc, true).catch(() => {});
		void this.sub.subscribe(AWARENESS + name, l.aw, true).catch(() => {});
	}

	leave(room: Room): void {
		if (this.rooms.get(room.name) !== room) return;
		this.rooms.delete(room.name);
		this.cursors.forgetRoom(room.name);
		const l = this.listeners.get(room.name);
		if (!l || this.closed) return;
		this.listeners.delete(room.name);
		void this.sub.unsubscribe(DOC + room.name, l.doc, true).catch(() => {});
		void this.sub.unsubscribe(AWARENESS + room.name, l.aw, true).catch(() => {});
	}

	publishUpdate(name: string, seq: number, update: Uint8Array): void {
		const e = encoding.createEncoder();
		encoding.writeVarString(e, this.nodeId);
		encoding.writeVarUint(e, seq);
		encoding.writeVarUint8Array(e, update);
		this.publish(DOC + name, encoding.toUint8Array(e));
	}

	publishAwareness(name: string, update: Uint8Array): void {
		const e = encoding.createEncoder();
		encoding.writeVarString(e, this.nodeId);
		encoding.writeVarUint8Array(e, update);
		this.publish(AWARENESS + name, encoding.toUint8Array(e));
	}

	publishHub(event: HubEvent): void {
		this.publish(HUB, Buffer.from(JSON.stringify({ node: this.nodeId, event })));
	}

	/** This node's people per board (the whole picture, replacing the previous report). */
	publishPresence(boards: Record<string, PresenceEntry[]>): void {
		this.publish(PRESENCE, Buffer.from(JSON.stringify({ node: this.nodeId, boards })));
	}

	/** The people other nodes reported on this board. */
	presenceElsewhere(boardId: string): PresenceEntry[] {
		const now = Date.now();
		const out: PresenceEntry[] = [];
		for (const [node, p] of this.remotePresence) {
			if (now - p.at > PRESENCE_TTL_MS) this.remotePresence.delete(node);
			else out.push(...(p.boards[boardId] ?? []));
		}
		return out;
	}

	/** Readiness: Redis answers a PING. */
	async ping(timeoutMs = 1_000): Promise<boolean> {
		if (!this.pub.isReady) return false;
		const timeout = new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref());
		return Promise.race([this.pub.ping().then((p) => p === 'PONG', () => false), timeout]);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		clearInterval(this.goneSweep);
		this.rooms.clear();
		await Promise.allSettled([this.pub.close(), this.sub.close()]);
	}

	private publish(channel: string, message: Uint8Array): void {
		if (this.closed || !this.pub.isReady) return;
		this.published++;
		void this.pub.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength)).catch(() => {});
	}

	private onUpdate(name: string, m: Buffer): void {
		try {
			const d = decoding.createDecoder(m);
			const node = decoding.readVarString(d);
			if (node === this.nodeId) return;
			this.cursors.heard(node, Date.now());
			const seq = decoding.readVarUint(d);
			const update = decoding.readVarUint8Array(d);
			this.received++;
			this.rooms.get(name)?.receiveRemote(seq, update);
		} catch (err) {
			this.log('warn', `a relayed update for ${name} could not be read`, err);
		}
	}

	private onAwareness(name: string, m: Buffer): void {
		try {
			const d = decoding.createDecoder(m);
			const node = decoding.readVarString(d);
			if (node === this.nodeId) return;
			const update = decoding.readVarUint8Array(d);
			this.cursors.track(node, name, update, Date.now());
			this.rooms.get(name)?.receiveRemoteAwareness(update);
		} catch (err) {
			this.log('warn', `a relayed awareness update for ${name} could not be read`, err);
		}
	}

	private onShared(channel: string, m: Buffer): void {
		try {
			const msg = JSON.parse(m.toString()) as { node: string; event?: HubEvent; boards?: Record<string, PresenceEntry[]> };
			if (msg.node === this.nodeId) return;
			this.cursors.heard(msg.node, Date.now());
			if (channel === HUB && msg.event) this.handlers?.hub(msg.event);
			else if (channel === PRESENCE && msg.boards) this.remotePresence.set(msg.node, { at: Date.now(), boards: msg.boards });
		} catch (err) {
			this.log('warn', `a relayed ${channel} message could not be read`, err);
		}
	}
}
