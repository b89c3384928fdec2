import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { LocalStore } from './localStore.ts';
import { docName, type DocName } from '../model/docNames.ts';
import type { Side } from '../model/roles.ts';
import { CLOSE, FINAL_CLOSE_MESSAGES } from '../model/closeCodes.ts';
import { isSilent, SaveTracker, trackingWebSocket, trackSaves } from './saveTracker.ts';
import { sendStep2InChunks } from './chunkedSync.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'no-access';

export interface Me {
	id: string;
	name: string;
	side: Side;
	color: string;
}

class DocLink {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly local: LocalStore;
	/** This browser's changes the server has not confirmed as stored. */
	readonly saves: SaveTracker;
	synced = false;
	#stopped = false;

	constructor(url: string, room: string, storeName: string, owner: BoardConnection, localOrigin: unknown) {
		this.local = new LocalStore(storeName, this.doc);
		this.saves = new SaveTracker(() => owner.refresh());
		this.provider = new WebsocketProvider(url, room, this.doc, {
			disableBc: true,
			maxBackoffTime: 5000,
			WebSocketPolyfill: trackingWebSocket(WebSocket, this.saves),
			// The local copy goes into the document first: applied after the socket opened, the
			// provider would forward all of it as one local change (the whole board, resent on every
			// load and refused over the server's message limit). Applied before, the handshake sends
			// only what the server lacks.
			connect: false
		});
		// What the server sent is written to the local copy a second later, in one transaction.
		this.local.deferOrigin = this.provider;
		trackSaves(this.provider, this.saves, localOrigin);
		sendStep2InChunks(this.provider);
		// Without IndexedDB (refused, private mode) there is no local copy to wait for.
		const noLocalCopy = this.local._db.then(() => new Promise<void>(() => {}), () => undefined);
		void Promise.race([this.local.whenSynced, noLocalCopy]).then(() => {
			if (!this.#stopped) this.provider.connect();
		});
		sendOnlyOwnAwareness(this.provider);
		this.provider.on('status', () => owner.refresh());
		this.provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			owner.refresh();
		});
		this.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event && event.code === CLOSE.boardStateChanged) owner.boardStateChanged++;
			else if (event && event.code === CLOSE.refused) owner.refused(event.reason);
			else if (event && event.code in FINAL_CLOSE_MESSAGES) owner.lostAccess(FINAL_CLOSE_MESSAGES[event.code]);
			owner.refresh();
		});
		this.provider.on('connection-error', () => owner.connectionFailed());
	}

	/** Disconnected for good (no access, destroyed): the pending first connect is dropped too. */
	stop() {
		this.#stopped = true;
		this.provider.disconnect();
	}

	destroy() {
		this.#stopped = true;
		this.provider.destroy();
		void this.local.destroy();
		this.doc.destroy();
	}
}

/**
 * The stock provider sends every awareness change, including the other clients' states it just
 * received from the server (yjs#732): with n people that is n² echoes, which the server drops.
 * Swap its handler for one that sends only this client's own entry (destroy() unregisters it).
 */
function sendOnlyOwnAwareness(provider: WebsocketProvider) {
	const { awareness } = provider;
	const sendAll = provider._awarenessUpdateHandler;
	awareness.off('update', sendAll);
	provider._awarenessUpdateHandler = (changes: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
		const own = (ids: number[]) => ids.filter((id) => id === awareness.clientID);
		const mine = { added: own(changes.added), updated: own(changes.updated), removed: own(changes.removed) };
		if (mine.added.length + mine.updated.length + mine.removed.length > 0) sendAll(mine, origin);
	};
	awareness.on('update', provider._awarenessUpdateHandler);
}

/**
 * One board's live documents in the browser: the shared document for everyone and, for the
 * supplier side only, the internal one. Exposes honest connection state for the header.
 */
export class BoardConnection {
	readonly shared: Y.Doc;
	readonly internal: Y.Doc | null;
	#links: DocLink[] = [];
	#failures = 0;
	#boardId: string;

	state = $state<ConnectionState>('connecting');
	/** Local changes the server has not confirmed as stored (acknowledged after its commit). */
	unsynced = $state(0);
	loadedLocally = $state(false);
	accessMessage = $state<string | null>(null);
	/** The local copy was discarded: only a reload brings the board back. */
	mustReload = $state(false);
	/** Counts the server's "archived or restored" closes: the page re-reads the board's state (the provider reconnects by itself). */
	boardStateChanged = $state(0);
	#everConnected = false;
	/**
	 * The socket failed again and again and an ordinary request to the server failed too: the
	 * server cannot be reached, whatever navigator.onLine says (it stays true on a network that
	 * does not reach the server). Cleared by the next sync, a request that gets an answer, or the
	 * browser going online again.
	 */
	#unreachable = false;
	#watchdog: ReturnType<typeof setInterval>;
	readonly #onNetwork = (event: Event) => {
		if (event.type === 'online') this.#unreachable = false;
		this.refresh();
	};

	constructor(opts: { boardId: string; me: Me; docs: DocName[]; origin: unknown }) {
		this.#boardId = opts.boardId;
		const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
		const url = `${proto}//${location.host}/sync`;
		for (const name of opts.docs) {
			this.#links.push(new DocLink(url, docName(opts.boardId, name), `tandem:${opts.me.id}:${docName(opts.boardId, name)}`, this, opts.origin));
		}
		this.shared = this.#links[0].doc;
		this.internal = opts.docs.includes('internal') ? this.#links[1].doc : null;
		this.awareness.setLocalStateField('user', opts.me);
		void Promise.all(this.#links.map((l) => l.local.whenSynced)).then(() => (this.loadedLocally = true));
		// The server sends something every 2 s: 5 s of silence is a dead link, even if the socket
		// looks open (a laptop changing networks, a stalled server). Reconnecting resends the unsaved.
		this.#watchdog = setInterval(() => {
			for (const l of this.#links) {
				if (!isSilent(l.provider)) continue;
				l.provider.disconnect();
				l.provider.connect();
			}
			this.refresh();
		}, 1000);
		window.addEventListener('online', this.#onNetwork);
		window.addEventListener('offline', this.#onNetwork);
	}

	get awareness() {
		return this.#links[0].provider.awareness;
	}

	/** The internal document's awareness (supplier side only): presence on the supplier-only canvas page. */
	get internalAwareness() {
		return this.internal ? this.#links[1].provider.awareness : null;
	}

	#online() {
		return this.#links.every((l) => l.provider.wsconnected && l.synced && !isSilent(l.provider));
	}

	refresh() {
		if (this.state === 'no-access') return;
		this.unsynced = this.#links.reduce((n, l) => n + l.saves.unsaved, 0);
		if (typeof navigator !== 'undefined' && !navigator.onLine) {
			this.state = 'offline';
		} else if (this.#online()) {
			this.state = 'connected';
			this.#failures = 0;
			this.#everConnected = true;
			this.#unreachable = false;
		} else if (this.#unreachable) {
			this.state = 'offline';
		} else {
			this.state = this.#everConnected ? 'reconnecting' : 'connecting';
		}
	}

	/** Repeated refused upgrades: ask the server whether we still have access at all. */
	async connectionFailed() {
		this.#failures++;
		if (this.#failures < 3) return;
		this.#failures = 0;
		try {
			const res = await fetch(`/boards/${this.#boardId}/access`, { headers: { accept: 'application/json' } });
			this.#unreachable = false;
			if (res.status === 401 || res.status === 403 || res.status === 404) this.lostAccess('You no longer have access to this board.');
		} catch {
			this.#unreachable = true;
		}
		this.refresh();
	}

	lostAccess(reason: string) {
		this.state = 'no-access';
		this.accessMessage = reason || 'You no longer have access to this board.';
		for (const l of this.#links) l.stop();
	}

	/**
	 * The server refused one of our updates whole: every later change of this browser builds on it,
	 * so the local copy is dropped and a reload starts from the server's saved state.
	 */
	refused(reason: string) {
		this.lostAccess(`${FINAL_CLOSE_MESSAGES[CLOSE.refused]}${reason ? ` (${reason})` : ''}`);
		this.mustReload = true;
		for (const l of this.#links) void l.local.clearData();
	}

	destroy() {
		clearInterval(this.#watchdog);
		window.removeEventListener('online', this.#onNetwork);
		window.removeEventListener('offline', this.#onNetwork);
		for (const l of this.#links) l.destroy();
	}
}
