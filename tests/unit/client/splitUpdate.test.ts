import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { splitUpdate } from '../../../src/lib/board/client/splitUpdate.ts';

/** A small deterministic PRNG: the same documents on every run. */
function rng(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
}

/** Several clients editing one text and one map, syncing with each other but not the server. */
function offlineEdits(seed: number, server: Y.Doc): Y.Doc {
	const r = rng(seed);
	const peers = [1, 2, 3].map((id) => {
		const d = new Y.Doc();
		d.clientID = 1000 + id;
		Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
		return d;
	});
	for (let step = 0; step < 400; step++) {
		const d = peers[Math.floor(r() * peers.length)];
		const text = d.getText('t');
		const roll = r();
		if (roll < 0.55) text.insert(Math.floor(r() * (text.length + 1)), 'x'.repeat(1 + Math.floor(r() * 40)));
		else if (roll < 0.75 && text.length > 0) {
			const at = Math.floor(r() * text.length);
			text.delete(at, Math.min(text.length - at, 1 + Math.floor(r() * 20)));
		} else if (roll < 0.9) {
			const m = new Y.Map<string>();
			d.getMap('m').set(`k${Math.floor(r() * 30)}`, m);
			m.set('v', 'y'.repeat(Math.floor(r() * 50)));
		} else {
			d.getMap('m').delete(`k${Math.floor(r() * 30)}`);
		}
		// Peers exchange now and then, so each one's edits build on the others'.
		if (r() < 0.3) {
			const a = peers[Math.floor(r() * peers.length)];
			const b = peers[Math.floor(r() * peers.length)];
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		}
	}
	const all = new Y.Doc();
	for (const p of peers) Y.applyUpdate(all, Y.encodeStateAsUpdate(p));
	return all;
}

describe('splitUpdate', () => {
	it('returns a small update as it is', () => {
		const d = new Y.Doc();
		d.getText('t').insert(0, 'hello');
		const u = Y.encodeStateAsUpdate(d);
		expect(splitUpdate(u, 1024)).toEqual([u]);
	});

	for (const seed of [1, 7, 42, 1234, 99999]) {
		it(`splits into parts under the limit that apply one by one without gaps (seed ${seed})`, () => {
			const server = new Y.Doc();
			server.clientID = 1;
			server.getText('t').insert(0, 'base text from the server');
			server.getMap('m').set('k0', new Y.Map());
			const local = offlineEdits(seed, server);
			const update = Y.encodeStateAsUpdate(local, Y.encodeStateVector(server));
			const parts = splitUpdate(update, 600);
			expect(parts.length).toBeGreaterThan(3);
			for (const part of parts) {
				expect(part.byteLength).toBeLessThanOrEqual(600);
				Y.applyUpdate(server, part);
				// Nothing left pending: each part built only on what the server already had.
				expect(server.store.pendingStructs).toBeNull();
				expect(server.store.pendingDs).toBeNull();
			}
			expect(server.getText('t').toString()).toBe(local.getText('t').toString());
			expect(server.getMap('m').toJSON()).toEqual(local.getMap('m').toJSON());
			expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(local));
		});
	}
});
