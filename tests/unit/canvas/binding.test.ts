import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLRecord, TLShape } from '@tldraw/tlschema';
import { canvasMap, canvasMetaMap } from '../../../src/lib/board/canvas/binding.ts';
import { serializedCanvasSchema } from '../../../src/lib/board/canvas/schema.ts';
import { SUPPLIER_PAGE_ID, checkCanvasRecord } from '../../../src/lib/board/canvas/records.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { bareStore, batch, geo, link, peer, storedRecords } from './harness.ts';

const shapeIn = (doc: Y.Doc, id: string) => canvasMap(doc).get(id) as TLShape | undefined;

describe('canvas binding', () => {
	it('takes a local change to the document in one transaction, and a peer store gets it from there', () => {
		const [da, db] = [new Y.Doc(), new Y.Doc()];
		link(da, db);
		const a = peer({ shared: da, internal: null });
		const b = peer({ shared: db, internal: null });
		const origins: unknown[] = [];
		da.on('afterTransaction', (tr) => origins.push(tr.origin));
		const s1 = geo('one', 10, 20);
		const s2 = geo('two', 200, 20);
		// One batch (the editor runs each interaction as one): two new shapes and a move.
		batch(a.store, () => {
			a.store.put([s1, s2]);
			a.store.update(s1.id, (r) => ({ ...r, x: 50 }));
		});
		a.flush();
		expect(origins).toEqual([ORIGIN.local]);
		expect(shapeIn(da, s1.id)?.x).toBe(50);
		expect(b.store.get(s1.id)).toMatchObject({ x: 50, y: 20 });
		expect(b.store.get(s2.id)).toBeDefined();

		// Back the other way: a move and a delete made on b reach a's store; b does not echo a's writes.
		const fromB: unknown[] = [];
		db.on('afterTransaction', (tr) => tr.local && fromB.push(tr.origin));
		batch(b.store, () => {
			b.store.update(s2.id, (r) => ({ ...r, y: 99 }));
			b.store.remove([s1.id]);
		});
		b.flush();
		expect(fromB).toEqual([ORIGIN.local]);
		expect(a.store.get(s2.id)).toMatchObject({ y: 99 });
		expect(a.store.get(s1.id)).toBeUndefined();
		expect(storedRecords(a.store)).toEqual(storedRecords(b.store));
	});

	it('a new canvas stores its document, first page and schema; a second browser loads them instead of its own', () => {
		const [da, db] = [new Y.Doc(), new Y.Doc()];
		const a = peer({ shared: da, internal: null });
		expect(canvasMap(da).has('document:document')).toBe(true);
		expect(canvasMap(da).has('page:page')).toBe(true);
		expect(canvasMetaMap(da).get('schema')).toEqual(serializedCanvasSchema());
		a.store.put([geo('x', 1, 1)]);
		a.flush();
		link(da, db);
		const b = peer({ shared: db, internal: null });
		expect(storedRecords(b.store)).toEqual(storedRecords(a.store));
	});

	it('migrates a document stored in an older schema on open, and stores it migrated', () => {
		const doc = new Y.Doc();
		const old = serializedCanvasSchema();
		old.sequences['com.tldraw.shape.geo'] = 9;
		const current = geo('old', 5, 5) as unknown as { props: Record<string, unknown> } & TLShape;
		const props = { ...current.props, text: 'Hello' } as Record<string, unknown>;
		delete props.richText;
		delete props.flipX;
		delete props.flipY;
		const stored = { ...current, props };
		expect(checkCanvasRecord(stored)).not.toBeNull(); // not valid as it is
		doc.transact(() => {
			canvasMap(doc).set(stored.id, stored);
			canvasMetaMap(doc).set('schema', old);
		});
		const p = peer({ shared: doc, internal: null });
		const loaded = p.store.get(stored.id) as TLShape & { props: Record<string, unknown> };
		expect(loaded.props.text).toBeUndefined();
		expect(JSON.stringify(loaded.props.richText)).toContain('Hello');
		expect(loaded.props.flipX).toBe(false);
		expect(checkCanvasRecord(shapeIn(doc, stored.id))).toBeNull();
		expect(canvasMetaMap(doc).get('schema')).toEqual(serializedCanvasSchema());
		expect(p.invalid).toEqual([]);
	});

	it('a browser older than the document stops writing and asks to reload', () => {
		const doc = new Y.Doc();
		const newer = serializedCanvasSchema();
		newer.sequences['com.tldraw.shape.geo'] += 1;
		canvasMetaMap(doc).set('schema', newer);
		const before = Y.encodeStateVector(doc);
		const p = peer({ shared: doc, internal: null });
		p.store.put([geo('late', 1, 1)]);
		p.flush();
		expect(p.stale).toBe(true);
		expect(Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before)).structs).toEqual([]); // nothing written
		// The same when the newer schema arrives while open.
		const doc2 = new Y.Doc();
		const q = peer({ shared: doc2, internal: null });
		canvasMetaMap(doc2).set('schema', newer);
		expect(q.stale).toBe(true);
		const sv = Y.encodeStateVector(doc2);
		q.store.put([geo('late', 1, 1)]);
		q.flush();
		expect(Y.decodeUpdate(Y.encodeStateAsUpdate(doc2, sv)).structs).toEqual([]);
	});

	it('a record a peer wrote with an invalid shape is ignored, not fatal: the rest still syncs', () => {
		const doc = new Y.Doc();
		const p = peer({ shared: doc, internal: null });
		const bad = { ...geo('bad', 1, 1), props: { ...geo('bad', 1, 1).props, w: 'wide' } };
		const good = geo('good', 3, 3);
		doc.transact(() => {
			canvasMap(doc).set(bad.id, bad);
			canvasMap(doc).set(good.id, good);
			canvasMap(doc).set('shape:mismatch', geo('other', 0, 0));
		}, 'peer');
		expect(p.store.get(bad.id)).toBeUndefined();
		expect(p.store.get(good.id)).toBeDefined();
		expect(p.invalid.sort()).toEqual([bad.id, 'shape:mismatch'].sort());
		doc.transact(() => canvasMap(doc).set(good.id, { ...good, x: 77 }), 'peer');
		expect(p.store.get(good.id)).toMatchObject({ x: 77 });
		// On open too: a stored invalid value is skipped.
		const q = peer({ shared: doc, internal: null });
		expect(q.store.get(bad.id)).toBeUndefined();
		expect(q.store.get(good.id)).toMatchObject({ x: 77 });
	});

	it('keeps the supplier-only page and what is on it in the internal document; the client side never has it', () => {
		const [shared, internal, clientShared] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		link(shared, clientShared);
		const supplier = peer({ shared, internal });
		const client = peer({ shared: clientShared, internal: null });
		supplier.store.put([
			{ ...(supplier.store.get('page:page' as TLRecord['id']) as TLRecord), id: SUPPLIER_PAGE_ID, name: 'Supplier only', index: 'a2' } as TLRecord
		]);
		const secret = geo('secret', 1, 1, SUPPLIER_PAGE_ID);
		const open = geo('open', 2, 2);
		supplier.store.put([secret, open]);
		supplier.flush();
		expect(canvasMap(internal).has(SUPPLIER_PAGE_ID)).toBe(true);
		expect(canvasMap(internal).has(secret.id)).toBe(true);
		expect(canvasMap(shared).has(secret.id)).toBe(false);
		expect(JSON.stringify(Y.encodeStateAsUpdate(shared))).not.toContain('secret');
		expect(new TextDecoder().decode(Y.encodeStateAsUpdate(clientShared))).not.toContain('secret');
		expect(client.store.get(open.id)).toBeDefined();
		expect(client.store.get(secret.id)).toBeUndefined();
		// Moving a shape onto the shared page takes it out of the internal document.
		supplier.store.update(secret.id, (r) => ({ ...r, parentId: 'page:page' }) as TLShape);
		supplier.flush();
		expect(canvasMap(internal).has(secret.id)).toBe(false);
		expect(client.store.get(secret.id)).toBeDefined();
		// Reopened, the supplier sees both pages again.
		const again = peer({ shared, internal });
		expect(again.store.get(SUPPLIER_PAGE_ID as TLRecord['id'])).toBeDefined();
	});

	it('writes nothing for someone who may not write (an observer, a lock)', () => {
		const doc = new Y.Doc();
		let may = false;
		const p = peer({ shared: doc, internal: null }, { mayWrite: () => may });
		expect(canvasMap(doc).size).toBe(0);
		p.store.put([geo('nope', 1, 1)]);
		p.flush();
		expect(canvasMap(doc).size).toBe(0);
		may = true;
		p.store.put([geo('yes', 1, 1)]);
		p.flush();
		expect(canvasMap(doc).has('shape:yes')).toBe(true);
	});

	it('a bare store starts with tldraw defaults (the harness is honest)', () => {
		expect(Object.keys(storedRecords(bareStore())).sort()).toEqual(['document:document', 'page:page']);
	});
});
