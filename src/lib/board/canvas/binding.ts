import * as Y from 'yjs';
import type { TLRecord, TLStore } from '@tldraw/tlschema';
import { canvasSchema, compareSchema, serializedCanvasSchema } from './schema.ts';
import { canvasMap } from './cardIndex.ts';
import { RECORD_KEY, STORED_TYPES, SUPPLIER_PAGE_ID, checkCanvasRecord, readSchema } from './records.ts';
import { loadOrder, type PageRect } from './loadOrder.ts';

/*
 * The binding between a tldraw store and the board's documents (records.ts has the layout). React-free:
 * the browser runs it on the editor's store, unit tests on a bare store.
 *
 *   local → Yjs   store.listen (user changes, document scope): one transaction per batch and document,
 *                 with the board's local origin (so the person's undo covers it, in the board's step order).
 *   Yjs → local   every other transaction (peers, undo/redo, migration): store.mergeRemoteChanges, after
 *                 each value passed tldraw's validators; an invalid one is ignored (and reported).
 *   schema        stored in `canvasMeta.schema`; an older document is migrated on open (by a writer),
 *                 a newer one stops this browser from writing and asks it to reload.
 */

export interface CanvasDocs {
	shared: Y.Doc;
	/** The supplier side's internal document (the supplier-only page); null for the client side. */
	internal: Y.Doc | null;
}

export interface CanvasBindingOptions {
	/** The board's local origin (ORIGIN.local): what the person's undo tracks. */
	origin: unknown;
	/** Written once, never undone: a migration of stored records, the schema. */
	migrationOrigin: unknown;
	/** Whether this person may write now (role, locks, archive); read before every write. */
	mayWrite(): boolean;
	/** A document's schema is newer than this code's: reload the page. */
	onNewerSchema(): void;
	/** A stored value was not a valid record: ignored. */
	onInvalid?(key: string, reason: string): void;
	/**
	 * What the first view shows (page coordinates): its records are put first and the rest in later
	 * batches (loadOrder.ts), one per `defer` call. Without it every record is put at once.
	 */
	initialView?(): PageRect | null;
	/** Runs `fn` later (the browser: after the next frame is painted); returns a cancel. */
	defer?(fn: () => void): () => void;
	/** Every stored record is in the store (at once, or after the last deferred batch). */
	onLoaded?(): void;
}

type DocKey = keyof CanvasDocs;
const STORED = new Set<string>(STORED_TYPES);

export { canvasMap };
export const canvasMetaMap = (doc: Y.Doc) => doc.getMap<unknown>('canvasMeta');

export class CanvasBinding {
	readonly #store: TLStore;
	readonly #docs: CanvasDocs;
	readonly #opts: CanvasBindingOptions;
	readonly #cleanup: (() => void)[] = [];
	/** Our own transaction is running: its events are not applied back to the store. */
	#writing = false;
	/** A document's schema is newer than ours: nothing is written any more. */
	#stale = false;
	/** Values ignored as invalid, by key (tests and the console read it). */
	readonly ignored = new Map<string, string>();
	/** Records not yet put while the canvas opens in batches (by id), and the batches to come. */
	readonly #deferred = new Map<string, TLRecord>();
	#batches: TLRecord[][] = [];
	#cancelBatch: (() => void) | null = null;

	constructor(store: TLStore, docs: CanvasDocs, opts: CanvasBindingOptions) {
		this.#store = store;
		this.#docs = docs;
		this.#opts = opts;
	}

	get stale(): boolean {
		return this.#stale;
	}

	/** Loads the documents into the store (migrating older ones) and starts syncing both ways. */
	start(): void {
		const docs = this.#docKeys();
		for (const key of docs) if (this.#checkSchema(key) === 'newer') return this.#goStale();
		const loaded: TLRecord[] = [];
		for (const key of docs) loaded.push(...this.#load(key));
		const present = new Set(loaded.map((r) => r.id));
		const view = this.#opts.defer ? (this.#opts.initialView?.() ?? null) : null;
		const [first, ...later] = loadOrder(loaded, view);
		for (const batch of later) for (const r of batch) this.#deferred.set(r.id, r);
		this.#batches = later;
		this.#store.mergeRemoteChanges(() => {
			this.#safePut(first);
			// The store's own defaults (document, first page) give way to what the documents hold;
			// an empty canvas keeps them, and a writer stores them below.
			const hasPage = loaded.some((r) => r.typeName === 'page');
			const drop = this.#store
				.allRecords()
				.filter((r) => STORED.has(r.typeName) && !present.has(r.id) && (hasPage || (r.typeName !== 'page' && r.typeName !== 'document')));
			if (drop.length) this.#store.remove(drop.map((r) => r.id));
		});
		if (this.#mayWrite()) {
			const missing = this.#store.allRecords().filter((r) => STORED.has(r.typeName) && !present.has(r.id));
			this.#write(missing, [], this.#opts.migrationOrigin);
			for (const key of docs) {
				const meta = canvasMetaMap(this.#docs[key]!);
				if (readSchema(meta.get('schema')) === null || this.#checkSchema(key) === 'older') this.#transact(key, () => meta.set('schema', serializedCanvasSchema()), this.#opts.migrationOrigin);
			}
		}
		this.#cleanup.push(
			this.#store.listen(
				({ changes }) => {
					const puts = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, to]) => to)];
					this.#write(puts, Object.values(changes.removed), this.#opts.origin);
				},
				{ source: 'user', scope: 'document' }
			)
		);
		// tldraw hands changes to listeners on the next animation frame, and the editor makes a
		// drag's change in a frame already: it would leave a frame after it was made. So once an
		// operation of the person's completes, the changes are handed over at the end of that task
		// (a microtask: every operation of the task in one go), as mergeRemoteChanges does itself.
		let flushQueued = false;
		const flush = () => {
			flushQueued = false;
			(this.#store as unknown as { _flushHistory(): void })._flushHistory();
		};
		this.#cleanup.push(
			this.#store.sideEffects.registerOperationCompleteHandler((source) => {
				if (source !== 'user' || flushQueued) return;
				flushQueued = true;
				queueMicrotask(flush);
			})
		);
		for (const key of docs) {
			const doc = this.#docs[key]!;
			const map = canvasMap(doc);
			const onRecords = (e: Y.YMapEvent<unknown>) => {
				if (!this.#writing) this.#applyRemote(key, e.keysChanged);
			};
			map.observe(onRecords);
			const meta = canvasMetaMap(doc);
			const onMeta = () => {
				if (!this.#writing && this.#checkSchema(key) === 'newer') this.#goStale();
			};
			meta.observe(onMeta);
			this.#cleanup.push(() => map.unobserve(onRecords), () => meta.unobserve(onMeta));
		}
		this.#cleanup.push(() => {
			this.#cancelBatch?.();
			this.#cancelBatch = null;
		});
		this.#nextBatch();
	}

	destroy(): void {
		for (const f of this.#cleanup.splice(0)) f();
	}

	/** Whether records are still to be put (the canvas opens in batches). */
	get loading(): boolean {
		return this.#deferred.size > 0;
	}

	/** Schedules the next batch of the opening, or says the canvas is loaded. */
	#nextBatch(): void {
		const batch = this.#batches.shift();
		if (!batch) {
			this.#deferred.clear();
			this.#opts.onLoaded?.();
			return;
		}
		this.#cancelBatch = this.#opts.defer!(() => {
			this.#cancelBatch = null;
			// A record a peer changed or deleted meanwhile was applied then (#applyRemote): not put again.
			const puts: TLRecord[] = [];
			for (const r of batch) {
				const v = this.#deferred.get(r.id);
				if (v) puts.push(v), this.#deferred.delete(r.id);
			}
			if (puts.length) this.#store.mergeRemoteChanges(() => this.#safePut(puts));
			this.#nextBatch();
		});
	}

	#docKeys(): DocKey[] {
		return this.#docs.internal ? ['shared', 'internal'] : ['shared'];
	}

	#mayWrite(): boolean {
		return !this.#stale && this.#opts.mayWrite();
	}

	#goStale(): void {
		if (this.#stale) return;
		this.#stale = true;
		this.#opts.onNewerSchema();
	}

	#checkSchema(key: DocKey): 'older' | 'same' | 'newer' | 'none' {
		const stored = readSchema(canvasMetaMap(this.#docs[key]!).get('schema'));
		return stored ? compareSchema(stored) : 'none';
	}

	/** A document's records in this code's schema: migrated up when stored in an older one (and stored so, by a writer). */
	#load(key: DocKey): TLRecord[] {
		const doc = this.#docs[key]!;
		const map = canvasMap(doc);
		const raw: Record<string, TLRecord> = {};
		for (const [id, v] of map.entries()) {
			if (RECORD_KEY.test(id) && typeof v === 'object' && v !== null && (v as { id?: unknown }).id === id) raw[id] = v as TLRecord;
		}
		const stored = readSchema(canvasMetaMap(doc).get('schema'));
		let records = raw;
		if (stored && compareSchema(stored) === 'older') {
			const migrated = canvasSchema.migrateStoreSnapshot({ store: raw as never, schema: stored });
			if (migrated.type === 'success') {
				records = migrated.value as Record<string, TLRecord>;
				const changed = Object.values(records).filter((r) => JSON.stringify(r) !== JSON.stringify(raw[r.id]));
				if (this.#mayWrite() && changed.length) this.#transact(key, () => { for (const r of changed) map.set(r.id, r); }, this.#opts.migrationOrigin);
			} else {
				this.#opts.onInvalid?.('canvasMeta.schema', `migration failed: ${migrated.reason}`);
				return [];
			}
		}
		const out: TLRecord[] = [];
		for (const r of Object.values(records)) {
			const problem = checkCanvasRecord(r);
			if (problem) this.#ignore(r.id, problem);
			else out.push(r);
		}
		return out;
	}

	#ignore(key: string, reason: string): void {
		this.ignored.set(key, reason);
		this.#opts.onInvalid?.(key, reason);
	}

	/** Puts records into the store; a record the store still refuses is ignored, never fatal. */
	#safePut(records: TLRecord[]): void {
		if (!records.length) return;
		try {
			this.#store.put(records);
		} catch {
			for (const r of records) {
				try {
					this.#store.put([r]);
				} catch (e) {
					this.#ignore(r.id, String(e instanceof Error ? e.message : e).slice(0, 200));
				}
			}
		}
	}

	#applyRemote(key: DocKey, keys: Set<string>): void {
		const map = canvasMap(this.#docs[key]!);
		const other = key === 'shared' ? this.#docs.internal : this.#docs.shared;
		const puts: TLRecord[] = [];
		const removes: TLRecord['id'][] = [];
		for (const id of keys) {
			this.#deferred.delete(id);
			const v = map.get(id);
			if (v === undefined) {
				// Moved to the other document (a shape to or from the supplier-only page): it stays.
				if (other && canvasMap(other).has(id)) continue;
				if (this.#store.has(id as TLRecord['id'])) removes.push(id as TLRecord['id']);
				continue;
			}
			const problem = RECORD_KEY.test(id) && (v as { id?: unknown })?.id === id ? checkCanvasRecord(v) : 'stored under another key';
			if (problem) {
				this.#ignore(id, problem);
				continue;
			}
			puts.push(v as TLRecord);
		}
		if (!puts.length && !removes.length) return;
		this.#store.mergeRemoteChanges(() => {
			this.#safePut(puts);
			if (removes.length) this.#store.remove(removes);
		});
	}

	/** The document a record belongs in (by its page), or null when this browser has no such document. */
	#docOf(r: TLRecord, pending: ReadonlyMap<string, TLRecord>): DocKey | null {
		let page: string | null = null;
		if (r.typeName === 'document') return 'shared';
		if (r.typeName === 'page') page = r.id;
		else if (r.typeName === 'shape') page = this.#pageOf(r.parentId, pending);
		else if (r.typeName === 'binding') {
			const from = pending.get(r.fromId) ?? this.#store.get(r.fromId);
			page = from && from.typeName === 'shape' ? this.#pageOf(from.parentId, pending) : null;
		}
		const key: DocKey = page === SUPPLIER_PAGE_ID ? 'internal' : 'shared';
		return key === 'internal' && !this.#docs.internal ? null : key;
	}

	#pageOf(parentId: string, pending: ReadonlyMap<string, TLRecord>): string | null {
		let id = parentId;
		for (let depth = 0; depth < 100; depth++) {
			if (id.startsWith('page:')) return id;
			const parent = pending.get(id) ?? this.#store.get(id as TLRecord['id']);
			if (!parent || parent.typeName !== 'shape') return null;
			id = parent.parentId;
		}
		return null;
	}

	#transact(key: DocKey, fn: () => void, origin: unknown): void {
		this.#writing = true;
		try {
			this.#docs[key]!.transact(fn, origin);
		} finally {
			this.#writing = false;
		}
	}

	/** Local changes into the documents: one transaction per document, only what differs from it. */
	#write(puts: TLRecord[], removed: TLRecord[], origin: unknown): void {
		if (!this.#mayWrite()) return;
		const pending = new Map<string, TLRecord>(puts.map((r) => [r.id, r]));
		const byDoc = new Map<DocKey, { set: TLRecord[]; del: string[] }>();
		const at = (k: DocKey) => {
			let e = byDoc.get(k);
			if (!e) byDoc.set(k, (e = { set: [], del: [] }));
			return e;
		};
		for (const r of puts) {
			if (!STORED.has(r.typeName)) continue;
			const target = this.#docOf(r, pending);
			if (!target) continue;
			at(target).set.push(r);
			// A shape that changed page (and so document) leaves the one it was in, with whatever sits on it.
			const away: DocKey = target === 'shared' ? 'internal' : 'shared';
			if (this.#docs[away] && canvasMap(this.#docs[away]!).has(r.id)) {
				at(away).del.push(r.id);
				if (r.typeName === 'shape') for (const d of this.#descendants(r.id)) if (!pending.has(d.id)) at(target).set.push(d), at(away).del.push(d.id);
			}
		}
		for (const r of removed) {
			if (!STORED.has(r.typeName)) continue;
			for (const k of this.#docKeys()) if (canvasMap(this.#docs[k]!).has(r.id)) at(k).del.push(r.id);
		}
		for (const [k, { set, del }] of byDoc) {
			const map = canvasMap(this.#docs[k]!);
			const changed = set.filter((r) => !sameJson(map.get(r.id), r));
			const gone = del.filter((id) => map.has(id));
			if (!changed.length && !gone.length) continue;
			this.#transact(
				k,
				() => {
					for (const r of changed) map.set(r.id, r);
					for (const id of gone) map.delete(id);
				},
				origin
			);
		}
	}

	#descendants(id: string): TLRecord[] {
		const out: TLRecord[] = [];
		const all = this.#store.allRecords().filter((r) => r.typeName === 'shape');
		const queue = [id];
		while (queue.length) {
			const p = queue.pop()!;
			for (const s of all) if (s.typeName === 'shape' && s.parentId === p) out.push(s), queue.push(s.id);
		}
		return out;
	}
}

function sameJson(a: unknown, b: unknown): boolean {
	return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
