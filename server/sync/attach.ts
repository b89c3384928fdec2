import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { loadConfig, type Config } from '../../src/lib/server/config.ts';
import { getDb, isPg, type AppDb } from '../../src/lib/server/db/index.ts';
import { docsOf } from '../../src/lib/server/db/query.ts';
import type { DocStore } from '../../src/lib/server/docStores.ts';
import { hashToken } from '../../src/lib/server/ids.ts';
import { liveHub, registerLiveHub, type LiveHub, type PresenceEntry } from '../../src/lib/server/live.ts';
import { ORIGIN } from '../../src/lib/board/doc/schema.ts';
import { activityRecorder } from './activity.ts';
import { closeFor, resolveDocAccess, type AccessVerdict } from './access.ts';
import { CLOSE, MessageError } from './closeCodes.ts';
import { Compactor } from './compactor.ts';
import { CommitQueue, commitWindowFromEnv, crashHookFromEnv } from './commitQueue.ts';
import type { HubEvent, RedisRelay } from './relay.ts';
import { Connection } from './connection.ts';
import { MalformedFrames, consoleLog, type Log } from './log.ts';
import { handleMessage } from './messages.ts';
import { relayCounts, type Room } from './room.ts';
import { Rooms } from './rooms.ts';
import * as Y from 'yjs';
import type { DocName } from '../../src/lib/board/model/docNames.ts';
import { watchForCheckpoints } from './checkpointWatch.ts';
import { messageArrived } from './commitTrace.ts';
import { authorizeUpgrade, refuseUpgrade, type UpgradeDecision } from './upgrade.ts';

export interface SyncOptions {
	config?: Config;
	/** Either backend; the documents are in it too (its one document store, db/query.ts docsOf). */
	db?: AppDb;
	log?: Log;
	/** Register as the live hub the SvelteKit routes talk to (default true). */
	registerHub?: boolean;
	/** Where documents are stored: by default `db`'s own store, the one the routes use too (tests may pass another). */
	docs?: DocStore;
	/** Several nodes (REDIS_URL): the relay between them (needs the PostgreSQL store). */
	relay?: RedisRelay;
}

export interface SyncStats {
	/** Document loads since startup. */
	loads: number;
	rooms: number;
	connections: number;
	/** Several nodes: messages published and received through Redis, and what the rooms did with them. */
	relay?: { published: number; received: number } & typeof relayCounts;
}

export interface SyncServer {
	/** For the HTTP server's 'upgrade' event on `/sync/…`. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Re-checks the access of open sockets now: all of them, or one board's. */
	recheckAccess(boardId?: string): void;
	presence(boardId: string): PresenceEntry[];
	stats(): SyncStats;
	/** Stops accepting, closes every socket with 1012 and snapshots every open document. */
	close(): Promise<void>;
}

/** Messages a socket may send before its document has loaded (y-websocket sends two). */
const MAX_PENDING = 64;
const SHUTDOWN_WAIT_MS = 3_000;
const RESTORE_ORIGIN = 'tandem:restore';
/** The periodic access sweep works in slices of this many milliseconds, one slice per tick. */
const SWEEP_SLICE_MS = 4;
const SWEEP_TICK_MS = 100;

export function startSync(options: SyncOptions = {}): SyncServer {
	const config = options.config ?? loadConfig(process.env);
	const db = options.db ?? getDb();
	// On SQLite the compaction worker and the commit queue work on the database itself.
	const docDb = isPg(db) ? undefined : db;
	const log = options.log ?? consoleLog;
	const touchBoard = activityRecorder(db);
	const docs = options.docs ?? docsOf(db);
	const onPostgres = docs.backend === 'postgres';
	const relay = options.relay;
	if (relay && !onPostgres) throw new Error('several nodes (REDIS_URL) need the documents on PostgreSQL (DATABASE_URL)');
	// Large documents take seconds to merge: compaction runs on its own thread (not for :memory:).
	// On PostgreSQL the store compacts itself, one node at a time per document (docStorePg.ts).
	const compactor =
		onPostgres || !docDb || docDb.$client.memory ? undefined : new Compactor(docDb.$client.name, config.migrationsFolder, log, config.compactWorkerFile);
	// The group commit on PostgreSQL: one multi-row insert per turn, awaited (commitQueue.ts).
	const commits = onPostgres ? new CommitQueue(docs, { log, onCommit: crashHookFromEnv(), windowMs: commitWindowFromEnv() }) : undefined;
	const rooms = new Rooms<Connection>(config.roomGraceMs, {
		db: docDb,
		docs,
		relay,
		commits,
		log,
		compactor,
		compactAfterBytes: config.compactAfterBytes,
		// History: automatic checkpoints at agenda step changes, at the end of a session and daily.
		onLoaded: (room) => watchForCheckpoints(db, room, log),
		onClientUpdate: (boardId) => {
			touchBoard(boardId).catch((err: unknown) => log('warn', `could not record activity on ${boardId}`, err));
		}
	});
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
	const connections = new Set<Connection>();
	// Bad frames are counted per person and room, one line per minute at most (see MalformedFrames).
	const malformed = new MalformedFrames(log);
	const malformedFlusher = setInterval(() => malformed.flush(), 10_000);
	malformedFlusher.unref();
	let closing: Promise<void> | null = null;

	function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		socket.on('error', () => {}); // a client resetting mid-handshake must not crash the process
		if (closing) return refuseUpgrade(socket, 503, 'restarting');
		authorizeUpgrade(db, config.origin, req).then(
			(decision) => {
				if (!decision.ok) return refuseUpgrade(socket, decision.status, decision.message);
				if (socket.destroyed) return;
				if (closing) return refuseUpgrade(socket, 503, 'restarting');
				wss.handleUpgrade(req, socket, head, (ws) => accept(ws, decision));
			},
			(err: unknown) => {
				log('error', 'upgrade authorization failed', err);
				refuseUpgrade(socket, 500, 'internal error');
			}
		);
	}

	function accept(ws: WebSocket, d: Extract<UpgradeDecision, { ok: true }>): void {
		const conn = new Connection({
			ws,
			token: d.token,
			boardId: d.target.boardId,
			kind: d.target.kind,
			person: d.person,
			access: d.access,
			maxBufferedBytes: config.maxBufferedBytes
		});
		if (closing) return conn.close(CLOSE.restarting, 'server restarting');
		connections.add(conn);
		presenceChanged();
		const room = rooms.acquire(conn.boardId, conn.kind);
		conn.whenGone(() => {
			connections.delete(conn);
			presenceChanged();
			room.removePeer(conn);
			rooms.release(room);
		});
		// `ws` reports frames it cannot parse (bad opcode, over maxPayload…) here, then closes.
		ws.on('error', (err) => malformed.report(conn.personKey, room.name, `socket error: ${err.message}`));
		ws.on('pong', () => {
			conn.alive = true;
		});
		ws.on('message', (data, isBinary) => {
			messageArrived();
			onMessage(room, conn, data, isBinary);
		});
		// Sync is answered only once the document is loaded; until then messages wait in order.
		room.load().then(
			() => {
				if (conn.isGone) return;
				room.addPeer(conn);
				const queued = conn.pending ?? [];
				conn.pending = null;
				for (const m of queued) if (!conn.isGone) dispatch(room, conn, m);
			},
			(err: unknown) => {
				log('error', `loading ${room.name} failed`, err);
				conn.close(CLOSE.internalError, 'document unavailable');
			}
		);
	}

	function onMessage(room: Room<Connection>, conn: Connection, data: RawData, isBinary: boolean): void {
		conn.alive = true;
		if (conn.isGone) return;
		if (!isBinary) return conn.close(CLOSE.unsupported, 'binary messages only');
		const bytes = toBytes(data);
		if (conn.pending) {
			if (conn.pending.length >= MAX_PENDING) return conn.close(CLOSE.policy, 'too many messages');
			conn.pending.push(bytes);
			return;
		}
		dispatch(room, conn, bytes);
	}

	/** The error boundary of one message: whatever goes wrong closes this socket only. */
	function dispatch(room: Room<Connection>, conn: Connection, bytes: Uint8Array): void {
		try {
			handleMessage(room, conn, bytes);
		} catch (err) {
			if (err instanceof MessageError) {
				malformed.report(conn.personKey, room.name, err.message);
				conn.close(err.code, err.message);
			} else {
				// Our bug, not the client's bytes: always worth a line of its own.
				log('error', `message from ${conn.personKey} on ${room.name} failed`, err);
				conn.close(CLOSE.internalError, 'internal error');
			}
		}
	}

	/** Re-resolves one connection's access (verdicts shared per session, board and document). */
	async function recheckOne(conn: Connection, verdicts: Map<string, Promise<AccessVerdict>>): Promise<void> {
		if (conn.isGone) return;
		const key = `${conn.token}\n${conn.boardId}\n${conn.kind}`;
		let pending = verdicts.get(key);
		if (!pending) {
			pending = resolveDocAccess(db, conn.token, conn.boardId, conn.kind);
			verdicts.set(key, pending);
		}
		const verdict = await pending;
		if (conn.isGone) return;
		if (verdict.ok) {
			// Archiving or restoring: the browser reconnects and re-reads the board's state (banner, read-only).
			if (!!conn.access.archived !== !!verdict.access.archived) return conn.close(CLOSE.boardStateChanged, verdict.access.archived ? 'board archived' : 'board restored');
			// Role changes apply at once: a participant demoted to observer becomes read-only.
			conn.access = verdict.access;
			conn.person = verdict.person;
		} else {
			const { code, reason } = await closeFor(db, verdict.denial, conn.boardId);
			conn.close(code, reason);
		}
	}

	/** Re-checks now: one board's connections (the app changed its access), or all of them. */
	function recheckAccess(boardId?: string): void {
		const verdicts = new Map<string, Promise<AccessVerdict>>();
		const due = [...connections].filter((conn) => boardId === undefined || conn.boardId === boardId);
		void (async () => {
			for (const conn of due) await recheckOne(conn, verdicts);
		})().catch((err: unknown) => log('error', 'access re-check failed; trying again on the next round', err));
	}

	/**
	 * The periodic safety net (expired sessions, changes made outside the app): every connection
	 * once per interval, a few milliseconds at a time, so thousands of sockets never stall the
	 * event loop the way one synchronous pass did (~0.2 ms of queries per session).
	 */
	let sweepQueue: Connection[] = [];
	let sweepVerdicts = new Map<string, Promise<AccessVerdict>>();
	let sweepStartedAt = Date.now();
	let sweeping = false;
	function sweepSlice(): void {
		if (sweeping) return;
		sweeping = true;
		sweepSliceNow()
			.catch((err: unknown) => {
				log('error', 'access re-check failed; trying again on the next round', err);
				sweepQueue = [];
			})
			.finally(() => (sweeping = false));
	}
	async function sweepSliceNow(): Promise<void> {
		if (sweepQueue.length === 0) {
			if (Date.now() - sweepStartedAt < config.accessRecheckMs) return;
			sweepQueue = [...connections];
			sweepVerdicts = new Map();
			sweepStartedAt = Date.now();
		}
		const until = performance.now() + SWEEP_SLICE_MS;
		while (sweepQueue.length && performance.now() < until) {
			await recheckOne(sweepQueue.pop()!, sweepVerdicts);
		}
	}

	/** The people with a socket on this board here, per board (deduplicated per person). */
	function presenceHere(boardId?: string): Map<string, Map<string, PresenceEntry>> {
		const boards = new Map<string, Map<string, PresenceEntry>>();
		for (const c of connections) {
			if ((boardId !== undefined && c.boardId !== boardId) || c.isGone) continue;
			let people = boards.get(c.boardId);
			if (!people) boards.set(c.boardId, (people = new Map()));
			people.set(c.personKey, { name: c.person.name, side: c.access.side, kind: c.person.kind, id: c.person.id });
		}
		return boards;
	}

	/** Here and, with several nodes, on the others (their latest reports). */
	function presence(boardId: string): PresenceEntry[] {
		const people = presenceHere(boardId).get(boardId) ?? new Map<string, PresenceEntry>();
		for (const p of relay?.presenceElsewhere(boardId) ?? []) people.set(`${p.kind}:${p.id}`, p);
		return [...people.values()];
	}

	function boardDeletedHere(boardId: string): void {
		for (const c of [...connections]) if (c.boardId === boardId) c.close(CLOSE.boardDeleted, 'board deleted');
		rooms.discardBoard(boardId);
		// Updates that raced the deletion must not outlive the board.
		docs.deleteBoard(boardId).catch((err: unknown) => log('error', `could not delete the documents of ${boardId}`, err));
	}

	function boardDeleted(boardId: string): void {
		boardDeletedHere(boardId);
		relay?.publishHub({ kind: 'deleted', boardId });
	}

	const pinger =
		config.pingIntervalMs > 0
			? setInterval(() => {
					for (const c of connections) {
						if (!c.alive) {
							c.terminate();
							continue;
						}
						c.alive = false;
						try {
							c.ws.ping();
						} catch {
							c.terminate();
						}
					}
				}, config.pingIntervalMs)
			: null;
	// Lets the browser tell a dead link from a quiet board within seconds (see MESSAGE.saved).
	const heartbeat = config.heartbeatMs > 0 ? setInterval(() => connections.forEach((c) => c.heartbeat()), config.heartbeatMs) : null;
	heartbeat?.unref();
	const rechecker = config.accessRecheckMs > 0 ? setInterval(sweepSlice, Math.min(SWEEP_TICK_MS, config.accessRecheckMs)) : null;
	pinger?.unref();
	rechecker?.unref();

	/** Sign-out and other session deletions: close that session's sockets now (ids are SHA-256 of the token). */
	const sessionIdOf = new WeakMap<Connection, string>();
	function sessionsEnded(sessionIds: string[]): void {
		sessionsEndedHere(sessionIds);
		relay?.publishHub({ kind: 'sessions', sessionIds });
	}
	function sessionsEndedHere(sessionIds: string[]): void {
		const ended = new Set(sessionIds);
		for (const c of [...connections]) {
			let id = sessionIdOf.get(c);
			if (id === undefined) sessionIdOf.set(c, (id = hashToken(c.token)));
			if (ended.has(id)) c.close(CLOSE.sessionEnded, 'session ended');
		}
	}

	// ---- history (checkpoints): read a live document, apply a restore to it ----
	function liveState(name: string): Uint8Array | null {
		const room = rooms.byName.get(name);
		return room?.isLoaded && !room.isBroken ? Y.encodeStateAsUpdate(room.doc) : null;
	}
	/** A restore (history): a server change like any other, under its own origin. */
	async function applyLive(boardId: string, kind: DocName, change: (doc: Y.Doc) => void): Promise<void> {
		await applyServerChange(boardId, kind, change, RESTORE_ORIGIN);
	}
	/**
	 * The routes' way into a live document (vote results, revealed notes): the room's update handler
	 * queues a server-origin change for the group commit like a client's (room.ts); it is sent to
	 * everyone after its batch is stored, and the promise resolves then.
	 */
	async function applyServerChange<T>(boardId: string, kind: DocName, change: (doc: Y.Doc) => T, origin: unknown = ORIGIN.server): Promise<T> {
		if (closing) throw new Error('sync server is shutting down');
		const room = rooms.acquire(boardId, kind);
		try {
			await room.load();
			let result!: T;
			room.doc.transact(() => {
				result = change(room.doc);
			}, origin);
			// Stored (in this turn's group commit, with the clients' changes) before the caller answers.
			await room.whenDurable();
			return result;
		} finally {
			rooms.release(room);
		}
	}
	// ---- end history ----

	const accessChanged = (boardId: string) => {
		recheckAccess(boardId);
		relay?.publishHub({ kind: 'access', boardId });
	};
	const hub: LiveHub = { accessChanged, presence, boardDeleted, sessionsEnded, liveState, applyLive, applyServerChange };
	if (options.registerHub !== false) registerLiveHub(hub);

	// ---- several nodes: what the others did, and the safety net under the relay ----
	relay?.attach({
		hub(event: HubEvent) {
			if (event.kind === 'access') recheckAccess(event.boardId);
			else if (event.kind === 'sessions') sessionsEndedHere(event.sessionIds);
			else if (event.kind === 'deleted') boardDeletedHere(event.boardId);
		},
		reconnected() {
			for (const room of rooms.byName.values()) void room.catchUp();
		}
	});
	/** Every second: any open document whose stored head is ahead of our copy catches up (a lost message). */
	let checkingHeads = false;
	const headCheck = relay
		? setInterval(() => {
				const open = [...rooms.byName.values()].filter((r) => r.isLoaded);
				if (checkingHeads || open.length === 0) return;
				checkingHeads = true;
				docs
					.heads(open.map((r) => r.name))
					.then((heads) => open.forEach((r) => r.remoteHead(heads.get(r.name) ?? 0)))
					.catch(() => {}) // PostgreSQL unreachable: writes fail visibly; the next check tries again
					.finally(() => (checkingHeads = false));
			}, config.relayCheckMs)
		: null;
	headCheck?.unref();
	/** Who is on which board here, for the other nodes' people lists (on changes, and every few seconds). */
	let presenceQueued = false;
	const reportPresence = () => {
		presenceQueued = false;
		const boards: Record<string, PresenceEntry[]> = {};
		for (const [boardId, people] of presenceHere()) boards[boardId] = [...people.values()];
		relay?.publishPresence(boards);
	};
	const presenceChanged = () => {
		if (!relay || presenceQueued) return;
		presenceQueued = true;
		setTimeout(reportPresence, 100).unref();
	};
	const presenceTimer = relay ? setInterval(reportPresence, 3_000) : null;
	presenceTimer?.unref();
	// ---- end several nodes ----

	async function shutdown(): Promise<void> {
		if (pinger) clearInterval(pinger);
		if (heartbeat) clearInterval(heartbeat);
		if (rechecker) clearInterval(rechecker);
		if (headCheck) clearInterval(headCheck);
		if (presenceTimer) clearInterval(presenceTimer);
		clearInterval(malformedFlusher);
		malformed.flush(true);
		if (liveHub() === hub) registerLiveHub(undefined);
		const sockets = [...connections].map((c) => c.ws);
		for (const c of [...connections]) c.close(CLOSE.restarting, 'server restarting');
		// PostgreSQL: the batch being written is awaited (closeAll flushes only a synchronous store).
		await commits?.whenIdle();
		// Every update is in the log already; the snapshots make the next start load fast.
		rooms.closeAll();
		await compactor?.close();
		await docs.drain();
		await allClosed(sockets, SHUTDOWN_WAIT_MS);
		await new Promise<void>((resolve) => wss.close(() => resolve()));
	}

	return {
		handleUpgrade,
		recheckAccess,
		presence,
		stats: () => ({
			loads: rooms.loads,
			rooms: rooms.byName.size,
			connections: connections.size,
			...(relay ? { relay: { published: relay.published, received: relay.received, ...relayCounts } } : {})
		}),
		close: () => (closing ??= shutdown())
	};
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) data = Buffer.concat(data);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Waits for the closing handshakes, then drops whatever did not answer in time. */
function allClosed(sockets: WebSocket[], timeoutMs: number): Promise<void> {
	const open = sockets.filter((ws) => ws.readyState !== ws.CLOSED);
	if (open.length === 0) return Promise.resolve();
	return new Promise((resolve) => {
		let left = open.length;
		const timer = setTimeout(() => {
			for (const ws of open) ws.terminate();
			resolve();
		}, timeoutMs);
		for (const ws of open)
			ws.once('close', () => {
				if (--left === 0) {
					clearTimeout(timer);
					resolve();
				}
			});
	});
}
