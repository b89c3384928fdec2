import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLRecord, TLShape } from '@tldraw/tlschema';
import { inspectUpdate } from '../../../server/sync/updateGuard.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { canvasMap } from '../../../src/lib/board/canvas/binding.ts';
import { batch, geo, peer, storedRecords, type Peer } from './harness.ts';

/*
 * Seeded convergence: several browsers make random canvas changes through the binding (create,
 * move, resize, restyle, delete, several at once), their documents exchanging updates through a
 * server copy that checks each one with the sync server's own guard, delivered late and in bursts.
 * Afterwards every store, every document and the server's copy hold the same records.
 */

function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { int: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
}

const WRITER = { role: 'participant', side: 'client' } as const;

interface Browser {
	p: Peer;
	doc: Y.Doc;
	/** Updates not yet delivered to the server. */
	outbox: Uint8Array[];
}

function run(seed: number, people = 3, steps = 300) {
	const r = rng(seed);
	const server = initialDocuments('blank', 1).shared;
	const browsers: Browser[] = [];
	for (let i = 0; i < people; i++) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), 'server');
		const b: Browser = { doc, outbox: [], p: null as never };
		doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'server' && b.outbox.push(u));
		b.p = peer({ shared: doc, internal: null });
		browsers.push(b);
	}
	const deliver = (b: Browser) => {
		for (const u of b.outbox.splice(0)) {
			const verdict = inspectUpdate(server, 'shared', Y.decodeUpdate(u), WRITER);
			if (!verdict.ok) throw new Error(`seed ${seed}: the server refused an update: ${verdict.kind} ${'reason' in verdict ? verdict.reason : ''}`);
			Y.applyUpdate(server, u, 'client');
		}
		for (const o of browsers) Y.applyUpdate(o.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(o.doc)), 'server');
	};
	let made = 0;
	for (let step = 0; step < steps; step++) {
		const b = browsers[r.int(people)];
		const shapes = b.p.store.allRecords().filter((x): x is TLShape => x.typeName === 'shape');
		const pick = () => shapes[r.int(shapes.length)];
		batch(b.p.store, () => {
			const n = 1 + r.int(3);
			for (let k = 0; k < n; k++) {
				const op = shapes.length === 0 ? 0 : r.int(5);
				const s = pick();
				if (op === 0) b.p.store.put([geo(`f${seed}-${made++}`, r.int(2000), r.int(2000))]);
				else if (op === 1 && b.p.store.has(s.id)) b.p.store.update(s.id, (x) => ({ ...x, x: x.x + r.int(40) - 20, y: x.y + r.int(40) - 20 }) as TLShape);
				else if (op === 2 && b.p.store.has(s.id)) b.p.store.update(s.id, (x) => ({ ...x, props: { ...(x as TLShape & { props: { w: number } }).props, w: 10 + r.int(300) } }) as TLShape);
				else if (op === 3 && b.p.store.has(s.id)) b.p.store.update(s.id, (x) => ({ ...x, props: { ...(x as TLShape & { props: object }).props, color: r.chance(0.5) ? 'red' : 'blue' } }) as TLShape);
				else if (op === 4 && b.p.store.has(s.id)) b.p.store.remove([s.id]);
			}
		});
		b.p.flush();
		// Delivery is late and in bursts; now and then everyone catches up.
		for (const o of browsers) if (r.chance(0.3)) deliver(o);
	}
	for (const o of browsers) deliver(o);
	for (const o of browsers) deliver(o);
	const expected = Object.fromEntries(Object.entries(canvasMap(server).toJSON()).sort(([a], [b]) => a.localeCompare(b))) as Record<string, TLRecord>;
	for (const o of browsers) {
		expect(storedRecords(o.p.store)).toEqual(expected);
		expect(canvasMap(o.doc).toJSON()).toEqual(expected);
		expect(o.p.invalid).toEqual([]);
	}
	// A browser opening the stored document afterwards loads the same.
	const late = new Y.Doc();
	Y.applyUpdate(late, Y.encodeStateAsUpdate(server));
	expect(storedRecords(peer({ shared: late, internal: null }).store)).toEqual(expected);
	return Object.keys(expected).length;
}

describe('canvas convergence (seeded)', () => {
	for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
		it(`seed ${seed}: every store and document converges with the stored one`, () => {
			expect(run(seed)).toBeGreaterThan(2);
		}, 60_000);
	}
});
