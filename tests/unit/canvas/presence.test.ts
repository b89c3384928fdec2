import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { TLStore } from '@tldraw/tlschema';
import { syncPeers } from '../../../src/lib/board/canvas/presence.ts';
import { bareStore, geo } from './harness.ts';

const state = (x: number) => ({ user: { id: 'u2', name: 'Bea', color: '#336699' }, canvas: { page: 'page:page', cursor: { x, y: 1 }, selection: [], camera: { x: 0, y: 0, z: 1 }, view: { x: 0, y: 0, w: 100, h: 100 } } });
const presences = (store: TLStore) => store.allRecords().filter((r) => r.typeName === 'instance_presence');

describe('canvas presence from the awareness', () => {
	it('a peer’s cursor becomes a presence record, follows it and goes when the peer leaves', () => {
		const store = bareStore();
		const mine = new Awareness(new Y.Doc());
		const peer = new Awareness(new Y.Doc());
		const stop = syncPeers(store, [mine]);
		// The peer's state as it arrives through the server (another client id in my awareness).
		mine.states.set(peer.clientID, state(5));
		mine.emit('change', [{ added: [peer.clientID], updated: [], removed: [] }, 'remote']);
		expect(presences(store).map((r) => (r as { cursor: { x: number } }).cursor.x)).toEqual([5]);
		mine.states.set(peer.clientID, state(9));
		mine.emit('change', [{ added: [], updated: [peer.clientID], removed: [] }, 'remote']);
		expect(presences(store).map((r) => (r as { cursor: { x: number } }).cursor.x)).toEqual([9]);
		mine.states.delete(peer.clientID);
		mine.emit('change', [{ added: [], updated: [], removed: [peer.clientID] }, 'remote']);
		expect(presences(store)).toEqual([]);
		mine.states.set(peer.clientID, state(1));
		mine.emit('change', [{ added: [peer.clientID], updated: [], removed: [] }, 'remote']);
		stop();
		expect(presences(store)).toEqual([]);
	});

	it('a cursor move does not read the whole store (2,000 shapes)', () => {
		const store = bareStore();
		store.put(Array.from({ length: 2000 }, (_, i) => geo(`s${i}`, i, 0)));
		const mine = new Awareness(new Y.Doc());
		const stop = syncPeers(store, [mine]);
		const all = vi.spyOn(store, 'allRecords');
		for (let x = 0; x < 10; x++) {
			mine.states.set(4242, state(x));
			mine.emit('change', [{ added: [], updated: [4242], removed: [] }, 'remote']);
		}
		expect(all).not.toHaveBeenCalled();
		expect(presences(store)).toHaveLength(1);
		stop();
	});
});
