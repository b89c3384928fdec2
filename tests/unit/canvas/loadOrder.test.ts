import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLRecord, TLShape } from '@tldraw/tlschema';
import { canvasMap } from '../../../src/lib/board/canvas/binding.ts';
import { CanvasBinding } from '../../../src/lib/board/canvas/binding.ts';
import { loadOrder } from '../../../src/lib/board/canvas/loadOrder.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { bareStore, geo, link, storedRecords } from './harness.ts';

// Issue #10: opening a canvas of 2,000 shapes waited for tldraw to mount every one of them.
const page = { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as unknown as TLRecord;
const grid = (n: number) => Array.from({ length: n }, (_, i) => geo(`s${i}`, (i % 50) * 100, Math.floor(i / 50) * 100));
const child = (id: string, parent: string) => ({ ...geo(id, 5, 5), parentId: parent }) as TLShape;

describe('canvas load order', () => {
	it('puts the page and the shapes in the first view first, the rest in later batches, each subtree in one batch', () => {
		const shapes = grid(2000);
		const nested = [child('kid', 'shape:s1999'), child('grandkid', 'shape:kid')];
		const batches = loadOrder([page, ...shapes, ...nested], { x: 0, y: 0, w: 1000, h: 600 }, 300);
		const first = new Set<string>(batches[0].map((r) => r.id));
		expect(first.has('page:page')).toBe(true);
		expect(first.has('shape:s0')).toBe(true);
		// Far from the view: later.
		expect(first.has('shape:s1999')).toBe(false);
		expect(batches[0].length).toBeLessThan(200);
		expect(batches.length).toBeGreaterThan(5);
		// Everything exactly once.
		const all = batches.flat().map((r) => r.id);
		expect(all.length).toBe(2003);
		expect(new Set(all).size).toBe(2003);
		const at = (id: string) => batches.findIndex((b) => b.some((r) => r.id === id));
		expect(at('shape:kid')).toBe(at('shape:s1999'));
		expect(at('shape:grandkid')).toBe(at('shape:s1999'));
	});

	it('puts a binding in the batch that has both its ends, and without a view everything at once', () => {
		const shapes = grid(1000);
		const binding = { id: 'binding:b', typeName: 'binding', type: 'arrow', fromId: 'shape:s0', toId: 'shape:s999', props: {}, meta: {} } as unknown as TLRecord;
		const batches = loadOrder([page, binding, ...shapes], { x: 0, y: 0, w: 500, h: 500 }, 100);
		const at = (id: string) => batches.findIndex((b) => b.some((r) => r.id === id));
		expect(at('binding:b')).toBe(at('shape:s999'));
		expect(at('binding:b')).toBeGreaterThan(0);
		expect(loadOrder([page, binding, ...shapes], null)).toHaveLength(1);
	});
});

describe('canvas binding, opening in batches', () => {
	function open(doc: Y.Doc) {
		const store = bareStore();
		const queue: (() => void)[] = [];
		let loaded = 0;
		const binding = new CanvasBinding(store, { shared: doc, internal: null }, {
			origin: ORIGIN.local,
			migrationOrigin: ORIGIN.migration,
			mayWrite: () => true,
			onNewerSchema: () => {},
			initialView: () => ({ x: 0, y: 0, w: 1000, h: 600 }),
			defer: (fn) => {
				queue.push(fn);
				return () => queue.splice(queue.indexOf(fn), 1);
			},
			onLoaded: () => loaded++
		});
		binding.start();
		const runAll = () => {
			while (queue.length) queue.shift()!();
		};
		return { store, binding, queue, runAll, loaded: () => loaded };
	}

	it('shows the first view at once, the rest batch by batch, and a peer’s change meanwhile is not undone by a later batch', () => {
		const source = new Y.Doc();
		canvasMap(source).set('page:page', page);
		source.transact(() => {
			for (const s of grid(2000)) canvasMap(source).set(s.id, s);
		});
		const doc = new Y.Doc();
		link(source, doc);
		const o = open(doc);
		expect(o.store.get('shape:s0' as TLShape['id'])).toBeDefined();
		expect(o.store.get('shape:s1999' as TLShape['id'])).toBeUndefined();
		expect(o.binding.loading).toBe(true);
		expect(o.loaded()).toBe(0);
		// Meanwhile a peer moves one shape not yet put and deletes another.
		canvasMap(source).set('shape:s1999', { ...(canvasMap(source).get('shape:s1999') as TLShape), x: -7 });
		canvasMap(source).delete('shape:s1998');
		expect(o.store.get('shape:s1999' as TLShape['id'])?.x).toBe(-7);
		o.runAll();
		expect(o.loaded()).toBe(1);
		expect(o.binding.loading).toBe(false);
		expect(o.store.get('shape:s1999' as TLShape['id'])?.x).toBe(-7);
		expect(o.store.get('shape:s1998' as TLShape['id'])).toBeUndefined();
		expect(Object.keys(storedRecords(o.store)).filter((k) => k.startsWith('shape:'))).toHaveLength(1999);
		// Nothing was written back while opening.
		expect(canvasMap(doc).size).toBe(canvasMap(source).size);
	});

	it('stops putting batches once destroyed', () => {
		const doc = new Y.Doc();
		canvasMap(doc).set('page:page', page);
		for (const s of grid(2000)) canvasMap(doc).set(s.id, s);
		const o = open(doc);
		o.binding.destroy();
		expect(o.queue).toHaveLength(0);
		expect(o.store.get('shape:s1999' as TLShape['id'])).toBeUndefined();
	});
});
