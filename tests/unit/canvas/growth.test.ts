import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLShape } from '@tldraw/tlschema';
import { geo, link, peer, type Peer } from './harness.ts';

// The canvas stores each record as one value per write (canvas/records.ts). A drag rewrites the
// record once per batch; what the server keeps after compaction (a fresh document with every
// stored update applied, re-encoded: src/lib/server/docStore.ts `compact`) must not grow with it.

const compacted = (doc: Y.Doc) => {
	const fresh = new Y.Doc();
	Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
	return Y.encodeStateAsUpdate(fresh).byteLength;
};

/** One drag: `steps` batches (one per frame), as the editor writes them. */
function drag(p: Peer, id: string, steps: number, dx: number) {
	for (let i = 1; i <= steps; i++) p.store.update(id as TLShape['id'], (r) => ({ ...r, x: Math.round((r.x + dx) * 100) / 100 }) as TLShape);
	p.flush();
}

function grid(n: number) {
	return Array.from({ length: n }, (_, i) => geo(`s${i}`, (i % 50) * 40, Math.floor(i / 50) * 40, 'page:page', 30));
}

export function growth(shapes: number, drags: number, opts: { steps?: number; alternate?: boolean; twoPeople?: boolean } = {}) {
	const [da, db] = [new Y.Doc(), new Y.Doc()];
	link(da, db);
	const a = peer({ shared: da, internal: null });
	const b = peer({ shared: db, internal: null });
	a.store.put(grid(shapes));
	a.flush();
	const before = compacted(da);
	for (let d = 0; d < drags; d++) {
		const who = opts.twoPeople && d % 2 ? b : a;
		const id = opts.alternate && d % 2 ? 'shape:s1' : 'shape:s0';
		drag(who, id, opts.steps ?? 20, d % 4 < 2 ? 3 : -3);
	}
	const after = compacted(da);
	expect(compacted(db)).toBe(after);
	return { before, after, ratio: after / before };
}

describe('canvas document growth', () => {
	it('1,000 drags of one shape (20 frames each) on a 2,000-shape canvas: at most 2× after compaction', () => {
		const g = growth(2000, 1000);
		console.log('2,000 shapes, 1,000 drags:', g);
		expect(g.ratio).toBeLessThanOrEqual(2);
	}, 120_000);

	it('the same on a canvas holding only that shape, by two people taking turns, two shapes alternating', () => {
		const one = growth(1, 1000, { steps: 10 });
		const turns = growth(2, 1000, { steps: 10, twoPeople: true, alternate: true });
		console.log('1 shape, 1,000 drags:', one, '— two people, two shapes:', turns);
		// Each stored drag leaves a few bytes of tombstone behind (ids and origins, no content).
		expect(one.after - one.before).toBeLessThan(20 * 1000);
		expect(turns.after - turns.before).toBeLessThan(40 * 1000);
	}, 120_000);
});
