import * as Y from 'yjs';
import { Store } from '@tldraw/store';
import type { TLRecord, TLStore } from '@tldraw/tlschema';
export { geo } from '../../fixtures/canvas.ts';
import { canvasSchema } from '../../../src/lib/board/canvas/schema.ts';
import { CanvasBinding, type CanvasDocs } from '../../../src/lib/board/canvas/binding.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';

/** A tldraw store without an editor (what the browser's editor runs on), with the default document and page. */
export function bareStore(): TLStore {
	const store = new Store({
		schema: canvasSchema as never,
		props: { defaultName: '', assets: {} as never, users: {} as never, onMount: () => {} }
	}) as unknown as TLStore;
	(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable();
	return store;
}

/** Runs `fn` as one batch of store changes (as the editor runs each interaction). */
export function batch(store: TLStore, fn: () => void): void {
	(store as unknown as { atomic(fn: () => void): void }).atomic(fn);
}

export interface Peer {
	store: TLStore;
	docs: CanvasDocs;
	binding: CanvasBinding;
	invalid: string[];
	stale: boolean;
	/** Delivers the store's pending history to its listeners (tldraw batches them per frame). */
	flush(): void;
}

export function peer(docs: CanvasDocs, opts: { mayWrite?: () => boolean; store?: TLStore } = {}): Peer {
	const store = opts.store ?? bareStore();
	const p: Peer = {
		store,
		docs,
		invalid: [],
		stale: false,
		binding: null as never,
		flush: () => (store as unknown as { _flushHistory(): void })._flushHistory()
	};
	p.binding = new CanvasBinding(store, docs, {
		origin: ORIGIN.local,
		migrationOrigin: ORIGIN.migration,
		mayWrite: opts.mayWrite ?? (() => true),
		onNewerSchema: () => (p.stale = true),
		onInvalid: (key) => p.invalid.push(key)
	});
	p.binding.start();
	p.flush();
	return p;
}

/** Two documents connected both ways (as the sync server would relay them), delivered at once. */
export function link(a: Y.Doc, b: Y.Doc): () => void {
	const ab = (u: Uint8Array, origin: unknown) => origin !== 'link' && Y.applyUpdate(b, u, 'link');
	const ba = (u: Uint8Array, origin: unknown) => origin !== 'link' && Y.applyUpdate(a, u, 'link');
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'link');
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b), 'link');
	a.on('update', ab);
	b.on('update', ba);
	return () => {
		a.off('update', ab);
		b.off('update', ba);
	};
}

/** The stored document-scope records of a store, by id (what must converge). */
export function storedRecords(store: TLStore): Record<string, TLRecord> {
	const out: Record<string, TLRecord> = {};
	for (const r of store.allRecords()) if (['document', 'page', 'shape', 'binding'].includes(r.typeName)) out[r.id] = r;
	return out;
}
