import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { Db } from '../../src/lib/server/db/index.ts';
import { appendUpdate, compact, readDocInto } from '../../src/lib/server/docStore.ts';
import { migrateDocument } from '../../src/lib/board/doc/migrate.ts';
import { canWrite, type BoardAccess } from '../../src/lib/board/model/roles.ts';
import { docName, type DocName } from '../../src/lib/board/model/docNames.ts';
import { awarenessMessage, syncStep1Message, syncStep2Message, updateMessage } from './protocol.ts';
import { decodeIncomingUpdate, hasNewContent } from './updateContent.ts';
import { inspectUpdate, type Verdict } from './updateGuard.ts';
import {
	AWARENESS_LIMITS,
	AwarenessThrottle,
	encodeAwarenessEntries,
	filterAwarenessUpdate,
	ownedBy,
	realClock,
	type AwarenessEntry,
	type AwarenessLimits,
	type AwarenessPeer,
	type Clock
} from './awarenessGuard.ts';
import type { Log } from './log.ts';

export interface RoomPeer extends AwarenessPeer {
	send(message: Uint8Array): void;
}

export interface RoomOptions {
	db: Db;
	compactAfterBytes: number;
	log: Log;
	awarenessLimits?: AwarenessLimits;
	/** Timers of the awareness rate limit (tests inject one). */
	clock?: Clock;
	/** Called when a load starts (metrics, tests). */
	onLoad?(name: string): void;
	/** Called after a client's update was stored and applied. */
	onClientUpdate?(boardId: string): void;
}

/**
 * Transaction origins on the server's copy decide what the update handler persists: LOAD (replaying
 * storage) never; a ClientWrite never, since it was stored before it was applied; anything else,
 * such as the schema migration, is stored there before it is sent to anyone.
 */
const LOAD = Symbol('load');
class ClientWrite {
	readonly peer: RoomPeer;
	constructor(peer: RoomPeer) {
		this.peer = peer;
	}
}

/** `read-only`: an observer's change; a refused Verdict: the change breaks the schema or the permission model. */
export type ReceiveResult = 'applied' | 'unchanged' | 'read-only' | Exclude<Verdict, { ok: true }>;

/** One open document: its Y.Doc, the sockets on it, and their awareness. */
export class Room<P extends RoomPeer = RoomPeer> {
	readonly name: string;
	readonly boardId: string;
	readonly kind: DocName;
	readonly doc = new Y.Doc();
	readonly awareness: Awareness;
	readonly peers = new Set<P>();
	/** Awareness client id → the socket that introduced it. */
	readonly awarenessOwners = new Map<number, P>();
	/** Per socket: its awareness rate, holding the latest state while over it. */
	private readonly awarenessThrottles = new Map<P, AwarenessThrottle>();
	/** Sockets attached, loaded or still waiting for the load; the room unloads at zero. */
	holders = 0;
	private loading: Promise<void> | null = null;
	private loaded = false;
	private destroyed = false;
	/** Log bytes written since the last snapshot. */
	private logBytes = 0;
	/** The sync step 2 for an empty client, until the document changes. */
	private fullState: Uint8Array | null = null;
	private readonly options: RoomOptions;

	constructor(boardId: string, kind: DocName, options: RoomOptions) {
		this.boardId = boardId;
		this.kind = kind;
		this.name = docName(boardId, kind);
		this.options = options;
		this.awareness = new Awareness(this.doc);
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			this.fullState = null;
			if (origin === LOAD) return;
			if (!(origin instanceof ClientWrite)) this.persist(update);
			const message = updateMessage(update);
			for (const p of this.peers) p.send(message);
		});
		this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
			const message = awarenessMessage(this.awareness, [...added, ...updated, ...removed]);
			for (const p of this.peers) p.send(message);
		});
	}

	get isLoaded(): boolean {
		return this.loaded;
	}

	/** Loads once, however many sockets ask at the same moment. */
	load(): Promise<void> {
		this.loading ??= Promise.resolve().then(() => this.loadNow());
		return this.loading;
	}

	private loadNow(): void {
		if (this.destroyed) throw new Error(`room ${this.name} was closed before it loaded`);
		this.options.onLoad?.(this.name);
		const stored = readDocInto(this.options.db, this.name, this.doc, LOAD);
		if (stored) {
			this.logBytes = stored.logBytes;
			// Logged once per load; the facilitator sees it on the board (doc_quarantine).
			for (const q of stored.quarantined) this.options.log('error', `set aside a stored ${q.source} part (seq ${q.seq}) of ${this.name} that does not load: ${q.reason}`);
		}
		migrateDocument(this.doc, this.kind);
		this.loaded = true;
	}

	/** A socket whose sync messages may now be answered: it gets our state vector and the cursors. */
	addPeer(peer: P): void {
		this.peers.add(peer);
		peer.send(syncStep1Message(this.doc));
		const clients = [...this.awareness.getStates().keys()];
		if (clients.length) peer.send(awarenessMessage(this.awareness, clients));
	}

	removePeer(peer: P): void {
		if (!this.peers.delete(peer)) return;
		this.awarenessThrottles.get(peer)?.cancel();
		this.awarenessThrottles.delete(peer);
		const ids = ownedBy(this.awarenessOwners, peer);
		for (const id of ids) this.awarenessOwners.delete(id);
		removeAwarenessStates(this.awareness, ids, null);
	}

	/**
	 * The answer to a client's sync step 1. A joining client with nothing (empty state vector) gets
	 * the whole document: encoded once per document version, not once per joiner, so twenty people
	 * opening a large board at once cost one encoding.
	 */
	syncStep2(stateVector: Uint8Array): Uint8Array {
		const empty = stateVector.byteLength === 1 && stateVector[0] === 0;
		if (!empty) return syncStep2Message(this.doc, stateVector);
		this.fullState ??= syncStep2Message(this.doc, stateVector);
		return this.fullState;
	}

	/**
	 * A sync step 2 or update from `peer`. Checked against the schema and what `access` may change,
	 * then stored, then applied (which sends it to everyone): whatever anyone has seen survives a
	 * crash, and whatever is stored loads again. A refused update is neither stored nor sent.
	 */
	receiveUpdate(peer: P, update: Uint8Array, access: Pick<BoardAccess, 'role' | 'side'>): ReceiveResult {
		const decoded = decodeIncomingUpdate(update);
		if (!hasNewContent(this.doc, decoded)) return 'unchanged';
		if (!canWrite(access)) return 'read-only';
		const verdict = inspectUpdate(this.doc, this.kind, decoded, access, (client) => {
			const owner = this.awarenessOwners.get(client);
			return owner !== undefined && owner.personKey !== peer.personKey;
		});
		if (!verdict.ok) return verdict;
		this.persist(update);
		Y.applyUpdate(this.doc, update, new ClientWrite(peer));
		this.options.onClientUpdate?.(this.boardId);
		return 'applied';
	}

	/**
	 * An awareness update from `peer`: echoes and other people's ids are dropped first, identity is
	 * the server's, then the socket's rate applies (over it, the latest state waits, see
	 * AwarenessThrottle). Throws MessageError for bytes or states it cannot accept.
	 */
	receiveAwareness(peer: P, update: Uint8Array): void {
		if (!this.peers.has(peer)) return;
		const limits = this.options.awarenessLimits ?? AWARENESS_LIMITS;
		const entries = filterAwarenessUpdate(update, peer, this.awarenessOwners, this.awareness.meta, limits);
		if (entries.length === 0) return;
		let throttle = this.awarenessThrottles.get(peer);
		if (!throttle) {
			throttle = new AwarenessThrottle(limits, (e) => this.applyAwareness(peer, e), this.options.clock ?? realClock);
			this.awarenessThrottles.set(peer, throttle);
		}
		throttle.offer(entries);
	}

	private applyAwareness(peer: P, entries: AwarenessEntry[]): void {
		if (this.destroyed || !this.peers.has(peer)) return;
		applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), peer);
	}

	awarenessOfAll(): Uint8Array {
		return awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]);
	}

	private persist(update: Uint8Array): void {
		if (this.destroyed) throw new Error(`room ${this.name} is closed`);
		appendUpdate(this.options.db, this.name, update);
		this.logBytes += update.byteLength;
		if (this.logBytes >= this.options.compactAfterBytes) queueMicrotask(() => this.flush());
	}

	/** Folds the log into a snapshot if anything was written since the last one. */
	flush(): void {
		if (!this.loaded || this.destroyed || this.logBytes === 0) return;
		try {
			compact(this.options.db, this.name, this.doc);
			this.logBytes = 0;
		} catch (err) {
			// The log still holds everything; the next flush tries again.
			this.options.log('error', `compaction of ${this.name} failed`, err);
		}
	}

	/** Frees the document. Call flush() first unless the stored document is gone (board deleted). */
	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		for (const t of this.awarenessThrottles.values()) t.cancel();
		this.awarenessThrottles.clear();
		this.peers.clear();
		this.awareness.destroy();
		this.doc.destroy();
	}
}
