import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLShape } from '@tldraw/tlschema';
import { canvasMap } from '../../../src/lib/board/canvas/binding.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { batch, geo, peer } from './harness.ts';

// tldraw hands store changes to its listeners on the next animation frame (in a browser; under
// NODE_ENV=test at once, which would hide the delay). Here frames are real: queued, run on demand.
const frames: FrameRequestCallback[] = [];
const runFrame = () => {
	for (const f of frames.splice(0)) f(performance.now());
};
beforeAll(() => {
	(globalThis as { __FORCE_RAF_IN_TESTS__?: boolean }).__FORCE_RAF_IN_TESTS__ = true;
	globalThis.requestAnimationFrame = ((cb: FrameRequestCallback) => frames.push(cb)) as typeof requestAnimationFrame;
	globalThis.cancelAnimationFrame = () => {};
});
afterAll(() => {
	delete (globalThis as { __FORCE_RAF_IN_TESTS__?: boolean }).__FORCE_RAF_IN_TESTS__;
	runFrame();
});

describe('when a local canvas change is sent', () => {
	it('at the end of the task that made it, not a frame later; one transaction per operation', async () => {
		const doc = new Y.Doc();
		const p = peer({ shared: doc, internal: null });
		runFrame();
		const s = geo('moved', 10, 20);
		batch(p.store, () => p.store.put([s]));
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr) => origins.push(tr.origin));
		// A drag: two moves in one task (the editor runs each as one operation).
		batch(p.store, () => p.store.update(s.id, (r) => ({ ...r, x: 30 }) as TLShape));
		batch(p.store, () => p.store.update(s.id, (r) => ({ ...r, x: 40 }) as TLShape));
		await Promise.resolve();
		expect((canvasMap(doc).get(s.id) as TLShape | undefined)?.x).toBe(40);
		expect(origins.length).toBeGreaterThanOrEqual(1);
		expect(origins.every((o) => o === ORIGIN.local)).toBe(true);
		// A remote change is never sent back.
		const before = origins.length;
		p.store.mergeRemoteChanges(() => p.store.update(s.id, (r) => ({ ...r, y: 99 }) as TLShape));
		await Promise.resolve();
		runFrame();
		expect(origins.length).toBe(before);
		expect((canvasMap(doc).get(s.id) as TLShape).y).toBe(20);
	});
});
