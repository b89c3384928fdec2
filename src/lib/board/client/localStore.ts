import type * as Y from 'yjs';
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb';

/** How long updates from the server may wait before they are written to the local copy. */
export const DEFER_MS = 1000;

/**
 * The browser's local copy of a document (y-indexeddb), writing the updates that came from the
 * server in one IndexedDB transaction a second instead of one each (issue #15: opening a
 * transaction per received update cost 0.5–1.5 ms of main thread per remote change).
 *
 * This browser's own changes are still written at once, each in its own transaction, with every
 * server update received before it first: the local copy never holds an edit without what it was
 * made on. A server update that waits is already stored on the server; if the page closes before
 * it is written, the next sync brings it again. The waiting updates are also written when the page
 * is hidden or closed, and on destroy().
 */
export class LocalStore extends IndexeddbPersistence {
	/** Updates applied with this origin (the provider) wait; every other one is written at once. */
	deferOrigin: unknown = null;
	#waiting: Uint8Array[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	#onHide = () => this.flush();

	constructor(name: string, doc: Y.Doc) {
		super(name, doc);
		doc.off('update', this._storeUpdate);
		this._storeUpdate = (update: Uint8Array, origin: unknown) => {
			if (origin === this) return;
			this.#waiting.push(update);
			if (origin !== null && origin === this.deferOrigin) {
				this.#timer ??= setTimeout(() => this.flush(), DEFER_MS);
			} else {
				this.flush();
			}
		};
		doc.on('update', this._storeUpdate);
		if (typeof window !== 'undefined') {
			window.addEventListener('pagehide', this.#onHide);
			document.addEventListener('visibilitychange', this.#onHide);
		}
	}

	/** Writes the waiting updates now, in one transaction. */
	flush() {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
		// Before the database opened, updates go into the first write (the whole document) anyway.
		if (!this.db || this._destroyed) return void (this.#waiting = []);
		if (!this.#waiting.length) return;
		const updates = this.#waiting;
		this.#waiting = [];
		const [store] = idb.transact(this.db, ['updates']);
		// lib0 types the value narrower than IndexedDB takes it (y-indexeddb stores Uint8Arrays the same way).
		for (const u of updates) void idb.addAutoKey(store, u as unknown as ArrayBuffer);
		this._dbsize += updates.length;
		if (this._dbsize >= PREFERRED_TRIM_SIZE) {
			// As y-indexeddb does: the updates are merged into one, a second after the last write past the size.
			if (this._storeTimeoutId !== null) clearTimeout(this._storeTimeoutId);
			this._storeTimeoutId = setTimeout(() => {
				void storeState(this, false);
				this._storeTimeoutId = null;
			}, this._storeTimeout);
		}
	}

	override destroy(): Promise<void> {
		this.flush();
		if (typeof window !== 'undefined') {
			window.removeEventListener('pagehide', this.#onHide);
			document.removeEventListener('visibilitychange', this.#onHide);
		}
		return super.destroy();
	}
}
