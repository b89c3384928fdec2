import * as Y from 'yjs';
import { equalityDeep } from 'lib0/function';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { Db } from '../../src/lib/server/db/index.ts';
import { sqliteDocStore, type DocStore } from '../../src/lib/server/docStores.ts';
import { CLOSE } from './closeCodes.ts';
import { commitQueueFor, type CommitQueue } from './commitQueue.ts';
import type { Compactor } from './compactor.ts';
import { migrateDocument } from '../../src/lib/board/doc/migrate.ts';
import { canWrite, type BoardAccess } from '../../src/lib/board/model/roles.ts';
import { docName, type DocName } from '../../src/lib/board/model/docNames.ts';
import { awarenessMessage, awarenessMessageOf, syncStep1Message, syncStep2Message, syncStep2Of, updateMessage } from './protocol.ts';
import { decodeIncomingUpdate, hasNewContent, onlyNew } from './updateContent.ts';
import { inspectUpdate, locksInDoc, type Verdict } from './updateGuard.ts';
import { LockRace } from './lockRace.ts';
import { quickEmit } from './quickDoc.ts';
import { NO_LOCKS, type Locks } from '../../src/lib/board/model/locks.ts';
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
	/** `send`, written at once instead of with the rest of the turn (Connection.sendNow). */
	sendNow?(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** The other nodes (server/sync/relay.ts): what this room commits goes out, what they commit comes in. */
export interface RoomRelay {
	join(room: Room): void;
	leave(room: Room): void;
	publishUpdate(name: string, seq: number, update: Uint8Array): void;
	publishAwareness(name: string, update: Uint8Array): void;
}

export interface RoomOptions {
	/** SQLite: the database of the default store and commit queue (PostgreSQL passes docs and commits). */
	db?: Db;
	/** Where documents are stored; by default SQLite in `db` (src/lib/server/docStores.ts). */
	docs?: DocStore;
	/** With several nodes (REDIS_URL): the relay between them. */
	relay?: RoomRelay;
	compactAfterBytes: number;
	log: Log;
	awarenessLimits?: AwarenessLimits;
	/** Timers of the awareness rate limit (tests inject one). */
	clock?: Clock;
	/** Called when a load starts (metrics, tests). */
	onLoad?(name: string): void;
	/** History: called once the document has loaded (server/sync/checkpointWatch.ts observes it). */
	onLoaded?(room: Room): void;
	/** Called after a client's update was stored and sent (an update sent on as received is applied right after, see Room.defer). */
	onClientUpdate?(boardId: string): void;
	/** The group commit; by default the process's queue for `db`. */
	commits?: CommitQueue;
	/** Compaction off the event loop; without one, flush() compacts synchronously. */
	compactor?: Pick<Compactor, 'compact'>;
}

/** The SQLite database behind the default store and commit queue; PostgreSQL passes both instead. */
export function sqliteOf(options: Pick<RoomOptions, 'db'>): Db {
	if (!options.db) throw new Error('a room needs `db` (SQLite) unless it is given its document store and commit queue');
	return options.db;
}

/**
 * Transaction origins on the server's copy decide what the update handler does: LOAD (replaying
 * storage) nothing; a ClientWrite is only noted, receiveUpdate queues it for the group commit and
 * sends it once committed; anything else (the schema migration, the routes' server changes) is
 * queued for the same group commit and sent once committed, in order with the clients' changes.
 */
const LOAD = Symbol('load');
/** Awareness of one of our sockets, already sent and relayed by Room.applyAwareness. */
const SENT = Symbol('sent');
/** Committed on another node (relayed, or read back in a catch-up): already stored, only sent on. */
const REMOTE = Symbol('remote');
/**
 * A catch-up waits this long after a gap in the relayed seqs: the missing message may just be late.
 * A loaded node's event loop lags by tens of ms, and every read-back then costs both nodes more
 * (at 50 ms, two busy nodes read each other's rows back all the time); a message really lost is
 * also found by the head check (attach.ts) within two of its intervals.
 */
const GAP_WAIT_MS = 250;

/** Relay counts of the process since startup, for /__debug/sync (tests, benchmarks). */
export const relayCounts = { relayed: 0, stale: 0, catchUps: 0, caughtUpRows: 0 };
class ClientWrite {
	readonly peer: RoomPeer;
	/** The change as the document applied it: what is sent once it is stored. */
	applied: Uint8Array | null = null;
	/** The message to send for it, when the one it came in will do (see Room.applyAsReceived). */
	message: Uint8Array | null = null;
	/** Applied as received (Room.applyAsReceived): Yjs need not encode its transaction again. */
	asReceived = false;
	/** It changed the locks: once sent, every connection is asked to confirm it has it (LockRace). */
	changedLocks = false;
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
	/** Reached through `doc`, which applies what is pending first (see defer). */
	private readonly ydoc = new Y.Doc();
	/**
	 * Client updates stored or being stored but not applied yet, in the order received (see defer).
	 * At most one: receiveUpdate reads `doc` (applying what waits) before it defers another.
	 */
	private pending: Array<{ update: Uint8Array; write: ClientWrite }> = [];
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
	private migrating = false;
	private destroyed = false;
	/** Log bytes written since the last snapshot. */
	private logBytes = 0;
	/** The sync step 2 for an empty client, until the document changes. */
	private fullState: Uint8Array | null = null;
	private readonly options: RoomOptions;
	private readonly commits: CommitQueue;
	readonly docs: DocStore;
	/** Every stored update of this document up to this seq is in our copy (relay between nodes). */
	private seq = 0;
	/** Seqs above `seq` already in our copy; a gap below them is still missing. */
	private readonly ahead = new Set<number>();
	/** Relayed updates that arrived while the document was loading. */
	private early: Array<{ seq: number; update: Uint8Array }> = [];
	private catchingUp: Promise<void> | null = null;
	private catchUpAgain = false;
	private gapTimer: ReturnType<typeof setTimeout> | null = null;
	/** The stored head at the last check (remoteHead). */
	private headBefore = 0;
	/** Updates applied here whose batch is not committed yet: until then nothing about them leaves. */
	private uncommitted = 0;
	/** A batch with our updates failed: the copy holds changes that are not stored; it must go. */
	private broken = false;
	/** The board was deleted: queued rows are not written. */
	private discarded = false;
	/** Shared document: who has seen the latest lock change (edits that crossed it on the wire). */
	readonly lockRace: LockRace<P>;
	/**
	 * Internal document: the board's shared room, held while this one is (rooms.ts). Its whole-board
	 * lock closes this document too, and it knows who has seen that lock.
	 */
	lockSource: Room<P> | null = null;

	constructor(boardId: string, kind: DocName, options: RoomOptions) {
		this.boardId = boardId;
		this.kind = kind;
		this.name = docName(boardId, kind);
		this.options = options;
		this.commits = options.commits ?? commitQueueFor(sqliteOf(options), options.log);
		this.docs = options.docs ?? sqliteDocStore(sqliteOf(options));
		const clock = options.clock;
		this.lockRace = new LockRace<P>(clock ? () => clock.now() : Date.now);
		quickEmit(this.ydoc, (tr) => tr.origin instanceof ClientWrite && tr.origin.asReceived);
		this.awareness = new Awareness(this.ydoc);
		this.awareness.setLocalState(null);
		this.ydoc.on('update', this.onUpdate);
		this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
			// A socket's own update was sent and relayed as it was applied (applyAwareness).
			if (origin === SENT) return;
			const changed = [...added, ...updated, ...removed];
			const message = awarenessMessage(this.awareness, changed);
			for (const p of this.peers) p.send(message);
			if (origin !== REMOTE) options.relay?.publishAwareness(this.name, encodeAwarenessUpdate(this.awareness, changed));
		});
		options.relay?.join(this as unknown as Room);
	}

	private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
		this.fullState = null;
		if (origin === LOAD) return;
		if (origin === REMOTE) return this.sendRemote(update);
		if (this.migrating) return this.persistNow(update);
		if (origin instanceof ClientWrite) {
			origin.applied = update;
			return;
		}
		// A server-written change (migration, vote results, revealed notes, restore) takes the same
		// group commit as the clients' changes of this turn: stored in their transaction, sent after it.
		this.queueServerWrite(update);
	};

	/**
	 * The room's document, with every update received so far applied: whoever reads it (the next
	 * message's checks, sync answers, locks, server writes, compaction, observers' owners) first
	 * applies what is pending.
	 */
	get doc(): Y.Doc {
		if (this.pending.length) this.settle();
		return this.ydoc;
	}

	get isLoaded(): boolean {
		return this.loaded;
	}

	/** A commit of this room's updates failed: reopen the document from storage. */
	get isBroken(): boolean {
		return this.broken;
	}

	/**
	 * Runs `send` once everything applied here so far is stored: right away when nothing waits,
	 * otherwise after the batch, in order with the broadcasts. Replies that reveal the document
	 * (sync step 2, acknowledgements) go through here, so nobody sees a change before it is durable.
	 */
	afterDurable(send: () => void): void {
		if (this.uncommitted === 0) return send();
		this.commits.after((ok) => {
			if (ok && !this.broken && !this.destroyed) send();
		});
	}

	/** Loads once, however many sockets ask at the same moment. */
	load(): Promise<void> {
		// The internal document is checked against the shared one's locks: that one loads first.
		this.loading ??= Promise.resolve()
			.then(() => this.lockSource?.load())
			.then(() => this.loadNow());
		return this.loading;
	}

	private async loadNow(): Promise<void> {
		if (this.destroyed) throw new Error(`room ${this.name} was closed before it loaded`);
		this.options.onLoad?.(this.name);
		const stored = await this.docs.readInto(this.name, this.doc, LOAD);
		if (this.destroyed) throw new Error(`room ${this.name} was closed before it loaded`);
		if (stored) {
			this.logBytes = stored.logBytes;
			this.seq = stored.lastSeq;
			// A joiner's full state is the stored snapshot itself while nothing changes (any update,
			// the migration's too, clears it): no second encoding of a large document on a cold load.
			if (stored.asStored) this.fullState = syncStep2Of(stored.asStored);
			// Logged once per load; the facilitator sees it on the board (doc_quarantine).
			for (const q of stored.quarantined) this.options.log('error', `set aside a stored ${q.source} part (seq ${q.seq}) of ${this.name} that does not load: ${q.reason}`);
		}
		// The migration runs before anyone may be answered: stored right here, nothing to order it with.
		this.migrating = true;
		try {
			migrateDocument(this.doc, this.kind);
		} finally {
			this.migrating = false;
		}
		const migrated = this.migration.splice(0);
		if (migrated.length) {
			const seqs = await this.docs.append(migrated.map((data) => ({ docName: this.name, data })));
			migrated.forEach((u, i) => this.stored(seqs?.[i], u));
		}
		if (this.destroyed) throw new Error(`room ${this.name} was closed before it loaded`);
		this.loaded = true;
		for (const { seq, update } of this.early.splice(0)) this.receiveRemote(seq, update);
		this.options.onLoaded?.(this as unknown as Room);
	}

	/** A socket whose sync messages may now be answered: it gets our state vector and the cursors. */
	addPeer(peer: P): void {
		this.peers.add(peer);
		this.afterDurable(() => {
			this.lockRace.sentStep1(peer);
			peer.send(syncStep1Message(this.doc));
		});
		const clients = [...this.awareness.getStates().keys()];
		if (clients.length) peer.send(awarenessMessage(this.awareness, clients));
	}

	removePeer(peer: P): void {
		if (!this.peers.delete(peer)) return;
		this.lockRace.forget(peer);
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
	 * then applied here (so the next message, of any socket, is checked and answered against it) and
	 * queued for the group commit; sent to everyone only once committed: whatever anyone has seen
	 * survives a crash, and whatever is stored loads again. A refused update is neither stored nor
	 * sent. If the commit fails, the room closes its sockets (1011) and is reloaded from storage.
	 */
	receiveUpdate(
		peer: P,
		update: Uint8Array,
		access: Pick<BoardAccess, 'role' | 'side'>,
		/** The message `update` came in, when it is an update message and nothing else (messages.ts). */
		message?: Uint8Array
	): ReceiveResult {
		const decoded = decodeIncomingUpdate(update);
		if (!hasNewContent(this.doc, decoded)) return 'unchanged';
		if (!canWrite(access)) return 'read-only';
		const who = { role: access.role, side: access.side, personKey: peer.personKey };
		const othersClient = (client: number) => {
			const owner = this.awarenessOwners.get(client);
			return owner !== undefined && owner.personKey !== peer.personKey;
		};
		if (this.lockSource && (!this.lockSource.isLoaded || this.lockSource.isBroken)) {
			// This document is under the shared one's locks, unknown while that one (re)loads: the
			// sender resyncs and sends it again (CLOSE.resync), never a write a lock would refuse.
			return { ok: false, kind: 'missing', reason: 'the board is still loading' };
		}
		const locks = this.locksNow();
		let verdict = inspectUpdate(this.doc, this.kind, decoded, who, othersClient, locks);
		if (!verdict.ok && verdict.kind === 'forbidden' && verdict.locked) {
			// Made before this person's browser knew of the lock? Then judged as it was made.
			const race = this.kind === 'shared' ? this.lockRace : this.lockSource?.lockRace;
			const theirs = [...(this.lockSource ?? this).peers].filter((p) => p.personKey === peer.personKey);
			const before = race?.locksBefore;
			if (race && before && race.unconfirmed(theirs)) {
				const again = inspectUpdate(this.doc, this.kind, decoded, who, othersClient, before);
				if (again.ok) verdict = again;
			}
		}
		if (!verdict.ok) return verdict;
		if (this.destroyed) throw new Error(`room ${this.name} is closed`);
		const write = new ClientWrite(peer);
		const locksBefore = this.kind === 'shared' ? locks : null;
		if (onlyNew(this.doc, decoded)) {
			// Only a lock change must be applied before the commit: the lock race starts with it.
			if (!verdict.locks) return this.defer(update, write, peer, message);
			this.applyAsReceived(update, write, message);
		} else Y.applyUpdate(this.doc, update, write);
		if (locksBefore && !sameLocks(locksBefore, locksInDoc(this.doc))) {
			write.changedLocks = true;
			this.lockRace.changed(locksBefore, this.peers, peer);
		}
		this.enqueue(update, () => write.message ?? (write.applied && updateMessage(write.applied)), peer, write.changedLocks);
		return 'applied';
	}

	/**
	 * Applies a client's update that re-sends nothing this copy has (`onlyNew`): it adds exactly what
	 * it holds, so it is sent on as received (in the message it came in, if given). Yjs encodes every
	 * transaction once more for 'update' listeners, about a tenth of the server's CPU per update at
	 * the many-workshops load: so this transaction is marked, and Yjs finds no 'update' listener for
	 * it (quickEmit). A change an observer makes meanwhile is another transaction, encoded as ever.
	 */
	private applyAsReceived(update: Uint8Array, write: ClientWrite, message?: Uint8Array): void {
		write.asReceived = true;
		Y.applyUpdate(this.ydoc, update, write);
		this.fullState = null;
		write.applied = update;
		write.message = message ?? null;
	}

	/**
	 * An update sent on as received (applyAsReceived), checked, that changes no lock: stored and
	 * sent first, applied right after the batch's writes (Y.applyUpdate decodes it a second time,
	 * about 40% of the server's work on it), or sooner by whoever reads `doc` first. Nothing reads
	 * the copy in between but through `doc`, so every check and answer still sees it.
	 */
	private defer(update: Uint8Array, write: ClientWrite, peer: P, message?: Uint8Array): 'applied' {
		write.asReceived = true;
		write.applied = update;
		write.message = message ?? null;
		this.fullState = null;
		this.pending.push({ update, write });
		this.enqueue(update, () => write.message ?? updateMessage(update), peer, false, true);
		return 'applied';
	}

	/**
	 * Applies the pending updates in order. They passed decode and every check against this very
	 * copy, so Yjs should take them; if one still throws (or an observer does), the copy may differ
	 * from what is stored: the room breaks and reloads from storage, as after a failed commit (a
	 * stored row that does not load is set aside there, docStore's quarantine).
	 */
	private settle(): void {
		while (this.pending.length) {
			const { update, write } = this.pending.shift()!;
			if (this.destroyed) continue;
			const locksBefore = this.kind === 'shared' ? locksInDoc(this.ydoc) : null;
			try {
				Y.applyUpdate(this.ydoc, update, write);
			} catch (err) {
				this.pending.length = 0;
				this.fail(err);
				return;
			}
			this.fullState = null;
			// The guard found no change under `locks`; should one still appear, start its lock race.
			if (locksBefore && !sameLocks(locksBefore, locksInDoc(this.ydoc))) {
				this.lockRace.changed(locksBefore, this.peers, write.peer as P);
				this.askToConfirmLocks();
			}
		}
	}

	/** The locks that apply here now: the shared document's own; for the internal one, the board lock. */
	private locksNow(): Locks {
		if (this.kind === 'shared') return locksInDoc(this.doc);
		// The internal document is under the shared one's locks: the whole-board lock closes it, the
		// canvas lock its supplier-only canvas page (model/locks.ts decides which lock closes what).
		return this.lockSource ? locksInDoc(this.lockSource.doc) : NO_LOCKS;
	}

	/** A sync step 2 from `peer`: its answer to a step 1 of ours, in order (see LockRace). */
	receivedStep2(peer: P): void {
		this.lockRace.answeredStep1(peer);
	}

	/** A change the server made on its copy: queued like a client's, sent once its batch is stored. */
	private queueServerWrite(update: Uint8Array): void {
		if (this.destroyed) throw new Error(`room ${this.name} is closed`);
		this.enqueue(update, () => updateMessage(update), null);
	}

	/**
	 * `message`: what to send everyone once stored (null: the update changed nothing here); `from`:
	 * the client's socket; `deferred`: the update waits in `pending`, applied right behind its sends.
	 */
	private enqueue(update: Uint8Array, message: () => Uint8Array | null, from: P | null, changedLocks = false, deferred = false): void {
		this.uncommitted++;
		this.commits.add(
			{ docName: this.name, data: update },
			() => !this.discarded,
			(ok, err, seq) => {
				this.uncommitted--;
				if (ok) this.committed(update, message(), from, changedLocks, seq);
				else this.fail(err);
				// Right behind its sends (a batch of one writes each socket at once, see committed):
				// within the batch's callbacks, so what observers write joins the next batch at once.
				if (deferred && this.pending.length) this.settle();
			}
		);
	}

	/**
	 * Resolves once everything applied here so far is stored (a server change's caller waits for
	 * it); rejects when that batch failed, so the caller does not report a change that was lost.
	 */
	whenDurable(): Promise<void> {
		return new Promise((resolve, reject) => {
			if (this.uncommitted === 0) return resolve();
			this.commits.after((ok) => (ok && !this.broken ? resolve() : reject(new Error(`could not store the change to ${this.name}`))));
		});
	}

	private committed(update: Uint8Array, message: Uint8Array | null, from: P | null, changedLocks: boolean, seq?: number): void {
		if (this.broken || this.discarded) return;
		this.logBytes += update.byteLength;
		this.stored(seq, update);
		if (message && !this.destroyed) {
			// A batch of this one update (a quiet server): each socket is written as it is sent to, but
			// the writer's, which takes its acknowledgement in the same write at the end of the batch.
			// A bigger batch sends several messages to each socket: corked, one write for all of them.
			const now = this.commits.rowsNow === 1;
			for (const p of this.peers) {
				if (now && p !== from && p.sendNow) p.sendNow(message);
				else p.send(message);
			}
			if (changedLocks) this.askToConfirmLocks();
		}
		if (from) this.options.onClientUpdate?.(this.boardId);
		if (this.logBytes >= this.options.compactAfterBytes) queueMicrotask(() => this.flush());
	}

	/** Right behind a lock change: a step 1, whose answer says the browser has applied it. */
	private askToConfirmLocks(): void {
		const ask = syncStep1Message(this.doc);
		for (const p of this.peers) {
			if (!this.lockRace.unconfirmed([p])) continue;
			this.lockRace.askedToConfirm(p);
			p.send(ask);
		}
	}

	/** One of our updates is stored as `seq` (PostgreSQL): it counts as seen, and goes to the other nodes. */
	private stored(seq: number | undefined, update: Uint8Array): void {
		if (seq === undefined) return;
		this.sawSeq(seq);
		this.options.relay?.publishUpdate(this.name, seq, update);
	}

	private sawSeq(seq: number): void {
		if (seq <= this.seq) return;
		this.ahead.add(seq);
		while (this.ahead.delete(this.seq + 1)) this.seq++;
	}

	/** An update another node committed as `seq` (relayed): applied and sent on; a gap starts a catch-up. */
	receiveRemote(seq: number, update: Uint8Array): void {
		if (this.destroyed || this.broken) return;
		if (!this.loaded) {
			this.early.push({ seq, update });
			return;
		}
		if (seq <= this.seq || this.ahead.has(seq)) {
			relayCounts.stale++;
			return;
		}
		relayCounts.relayed++;
		this.applyRemote([update]);
		this.sawSeq(seq);
		this.watchGap();
	}

	/**
	 * A gap in the seqs still open after GAP_WAIT_MS is read from storage. While a commit of our own
	 * is in flight the gap is most likely its numbers, not yet returned: wait for it first, or two
	 * busy nodes writing one document read each other's rows back all the time (and the reads then
	 * queue in front of the commits).
	 */
	private watchGap(): void {
		if (this.ahead.size === 0 || this.gapTimer) return;
		this.gapTimer = setTimeout(() => {
			this.gapTimer = null;
			if (this.ahead.size === 0 || this.destroyed) return;
			if (this.uncommitted > 0) return this.afterDurable(() => this.watchGap());
			void this.catchUp();
		}, GAP_WAIT_MS);
		this.gapTimer.unref?.();
	}

	/**
	 * The stored head of this document, polled every check (attach.ts). Rows up to the head of the
	 * previous check have been stored for a whole interval: if our copy is still behind it, their
	 * messages were lost, so catch up. A head ahead of us only now is mostly messages on their way.
	 */
	remoteHead(seq: number): void {
		if (!this.loaded || this.destroyed) return;
		const overdue = this.headBefore > this.seq;
		this.headBefore = Math.max(this.headBefore, seq);
		if (overdue) void this.catchUp();
	}

	/**
	 * Reads from storage whatever was committed after our `seq` and applies it: a relayed message
	 * that never came (Redis restarted, a node died between its commit and its publish) costs a
	 * moment, never an update. One at a time; a request meanwhile runs once more afterwards.
	 */
	catchUp(): Promise<void> {
		if (this.catchingUp) {
			this.catchUpAgain = true;
			return this.catchingUp;
		}
		this.catchingUp = (async () => {
			do {
				this.catchUpAgain = false;
				if (!this.loaded || this.destroyed || this.broken) return;
				const got = await this.docs.since(this.name, this.seq);
				if (this.destroyed || this.broken) return;
				relayCounts.catchUps++;
				relayCounts.caughtUpRows += got.updates.length;
				this.applyRemote(got.updates);
				if (got.lastSeq > this.seq) {
					this.seq = got.lastSeq;
					for (const s of this.ahead) if (s <= this.seq) this.ahead.delete(s);
					while (this.ahead.delete(this.seq + 1)) this.seq++;
				}
			} while (this.catchUpAgain);
		})()
			.catch((err: unknown) => this.options.log('warn', `catching up ${this.name} from storage failed; trying again at the next check`, err))
			.finally(() => {
				this.catchingUp = null;
			});
		return this.catchingUp;
	}

	/** Applies stored updates from elsewhere; the update handler sends them to our sockets. */
	private applyRemote(updates: Uint8Array[]): void {
		if (updates.length === 0) return;
		const locksBefore = this.kind === 'shared' ? locksInDoc(this.doc) : null;
		this.doc.transact(() => {
			for (const u of updates) {
				try {
					Y.applyUpdate(this.doc, u, REMOTE);
				} catch (err) {
					this.options.log('error', `a relayed update of ${this.name} does not apply`, err);
				}
			}
		}, REMOTE);
		if (locksBefore && !sameLocks(locksBefore, locksInDoc(this.doc))) {
			this.lockRace.changed(locksBefore, this.peers, null);
			this.askToConfirmLocks();
		}
	}

	private sendRemote(update: Uint8Array): void {
		this.logBytes += update.byteLength;
		if (this.destroyed || this.broken) return;
		const message = updateMessage(update);
		for (const p of this.peers) p.send(message);
	}

	/** An awareness update relayed from another node: applied here, sent to our sockets, not relayed back. */
	receiveRemoteAwareness(update: Uint8Array): void {
		if (this.destroyed) return;
		try {
			applyAwarenessUpdate(this.awareness, update, REMOTE);
		} catch (err) {
			this.options.log('warn', `a relayed awareness update of ${this.name} does not apply`, err);
		}
	}

	/** Cursors another node relayed before it died: removed here and at this node's sockets. */
	dropRemoteAwareness(ids: readonly number[]): void {
		if (this.destroyed) return;
		const states = this.awareness.getStates();
		const gone = ids.filter((id) => !this.awarenessOwners.has(id) && states.has(id));
		if (gone.length) removeAwarenessStates(this.awareness, gone, REMOTE);
	}

	/** Our copy now holds changes that are not stored: nobody may see or build on it again. */
	private fail(err: unknown): void {
		if (this.broken) return;
		this.broken = true;
		this.options.log('error', `could not store updates of ${this.name}; closing its sockets`, err);
		for (const p of [...this.peers]) p.close(CLOSE.internalError, 'could not save: reconnect');
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

	/**
	 * What applyAwarenessUpdate(awareness, encodeAwarenessEntries(entries)) does, without encoding
	 * the states only to decode and parse them again, and then encoding them once more for the
	 * message: the entries are already parsed (state) and encoded (json). The same rule decides
	 * which apply (a newer clock, or a removal at the same clock), the same events follow; what
	 * applied is sent to every socket and to the other nodes.
	 */
	private applyAwareness(peer: P, entries: AwarenessEntry[]): void {
		if (this.destroyed || !this.peers.has(peer)) return;
		const { states, meta } = this.awareness;
		const now = Date.now();
		const sent: AwarenessEntry[] = [];
		const added: number[] = [];
		const updated: number[] = [];
		const changed: number[] = [];
		const removed: number[] = [];
		for (const e of entries) {
			const before = meta.get(e.client);
			const clock = before === undefined ? 0 : before.clock;
			if (!(clock < e.clock || (clock === e.clock && e.state === null && states.has(e.client)))) continue;
			const previous = states.get(e.client);
			if (e.state === null) states.delete(e.client);
			else states.set(e.client, e.state);
			meta.set(e.client, { clock: e.clock, lastUpdated: now });
			if (before === undefined && e.state !== null) added.push(e.client);
			else if (before !== undefined && e.state === null) removed.push(e.client);
			else if (e.state !== null) {
				if (!equalityDeep(e.state, previous)) changed.push(e.client);
				updated.push(e.client);
			} else continue; // a removal of a client never seen: stored, like y-protocols does, not sent
			sent.push(e);
		}
		if (sent.length === 0) return;
		const update = encodeAwarenessEntries(sent);
		const message = awarenessMessageOf(update);
		for (const p of this.peers) p.send(message);
		this.options.relay?.publishAwareness(this.name, update);
		if (added.length || changed.length || removed.length) this.awareness.emit('change', [{ added, updated: changed, removed }, SENT]);
		this.awareness.emit('update', [{ added, updated, removed }, SENT]);
	}

	awarenessOfAll(): Uint8Array {
		return awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]);
	}

	/** The schema migration's changes during the load: stored before anyone is answered. */
	private readonly migration: Uint8Array[] = [];
	private persistNow(update: Uint8Array): void {
		this.migration.push(update);
		this.logBytes += update.byteLength;
	}

	/**
	 * Folds the log into a snapshot if anything was written since the last one. Never mid-batch.
	 * With a compactor, on its thread from the stored log (which holds all we applied), unless
	 * `now` (shutdown) asks for it here and now.
	 */
	private compacting = false;
	private compactAgain = false;

	flush(now = false): void {
		if (!this.loaded || this.destroyed || this.broken || this.logBytes === 0) return;
		if (this.uncommitted > 0) return this.afterDurable(() => this.flush(now));
		const compactor = this.options.compactor ?? (this.docs.compactLive ? undefined : this.docs);
		if (compactor && (!now || !this.docs.compactLive)) {
			// One compaction of this document at a time: a second request while one runs would be
			// merged into it, and rows stored after its read would be counted as folded.
			if (this.compacting) {
				this.compactAgain = true;
				return;
			}
			const pending = this.logBytes;
			this.logBytes = 0;
			this.compacting = true;
			void compactor.compact(this.name).then((bytes) => {
				this.compacting = false;
				// Nothing was folded (it lost a race with another writer, or failed): still in the log.
				if (bytes === null) this.logBytes += pending;
				if (this.compactAgain) {
					this.compactAgain = false;
					this.flush();
				}
			});
			return;
		}
		try {
			this.docs.compactLive!(this.name, this.doc);
			this.logBytes = 0;
		} catch (err) {
			// The log still holds everything; the next flush tries again.
			this.options.log('error', `compaction of ${this.name} failed`, err);
		}
	}

	/** The stored document is gone (board deleted): queued updates are not written, then destroy. */
	discard(): void {
		this.discarded = true;
		this.destroy();
	}

	/** Frees the document. Call flush() first unless the stored document is gone (board deleted). */
	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		this.options.relay?.leave(this as unknown as Room);
		if (this.gapTimer) clearTimeout(this.gapTimer);
		for (const t of this.awarenessThrottles.values()) t.cancel();
		this.awarenessThrottles.clear();
		this.peers.clear();
		this.awareness.destroy();
		// Anything pending is stored (or its batch failed): nothing to apply to a copy that goes.
		this.pending.length = 0;
		this.ydoc.destroy();
	}
}

function sameLocks(a: Locks, b: Locks): boolean {
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	return ka.every((k) => Object.hasOwn(b, k) && b[k].at === a[k].at && b[k].by.id === a[k].by.id);
}
