import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Rooms } from '../../../server/sync/rooms.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { lockSection, unlockSection } from '../../../src/lib/board/doc/locks.ts';
import { canvasMap } from '../../../src/lib/board/canvas/binding.ts';
import { fakePeer, tempDb, WRITER, type FakePeer } from './helpers.ts';
import { geo } from '../canvas/harness.ts';

// The supplier-only canvas page lives in the internal document, but the facilitator's canvas lock
// lives in the shared one: the internal room asks the board's shared room for its locks.

const FACILITATOR = { role: 'facilitator', side: 'supplier' } as const;

describe("the internal document's canvas under the shared document's locks", () => {
	let t: ReturnType<typeof tempDb>;
	let rooms: Rooms<FakePeer>;
	beforeEach(() => {
		t = tempDb();
		rooms = new Rooms<FakePeer>(20, { db: t.db, log: silentLog, compactAfterBytes: 1 << 20 });
	});
	afterEach(() => {
		rooms.closeAll();
		t.cleanup();
	});

	function draw(internal: Y.Doc, id: string): Uint8Array {
		const d = new Y.Doc();
		Y.applyUpdate(d, Y.encodeStateAsUpdate(internal));
		const sv = Y.encodeStateVector(d);
		canvasMap(d).set(`shape:${id}`, geo(id, 1, 1, 'page:supplier'));
		return Y.encodeStateAsUpdate(d, sv);
	}

	it('waits (resync) while the shared document is not loaded, then follows its canvas lock', async () => {
		const internal = rooms.acquire('b1', 'internal');
		// Opening the internal room opened the shared one, held while the internal room lives.
		const shared = rooms.byName.get('b1/shared')!;
		expect(shared.holders).toBe(1);
		await internal.load();
		const peer = fakePeer();
		internal.addPeer(peer);
		// Loading it failed (or is not done): what a lock could refuse waits.
		(shared as unknown as { broken: boolean }).broken = true;
		expect(internal.receiveUpdate(peer, draw(internal.doc, 'a'), WRITER)).toMatchObject({ ok: false, kind: 'missing' });
		(shared as unknown as { broken: boolean }).broken = false;
		await shared.load();
		expect(rooms.loads).toBe(2);
		expect(internal.receiveUpdate(peer, draw(internal.doc, 'a'), WRITER)).toBe('applied');
		lockSection(shared.doc, 'canvas', { id: 'f', name: 'Sam' }, 1);
		expect(internal.receiveUpdate(peer, draw(internal.doc, 'b'), WRITER)).toMatchObject({ ok: false, kind: 'forbidden' });
		expect(internal.receiveUpdate(peer, draw(internal.doc, 'b'), FACILITATOR)).toBe('applied');
		unlockSection(shared.doc, 'canvas');
		expect(internal.receiveUpdate(peer, draw(internal.doc, 'c'), WRITER)).toBe('applied');
		internal.removePeer(peer);
		rooms.release(internal);
		// Both unloaded after their grace periods (the shared room's starts when the internal one goes).
		await vi.waitFor(() => expect(rooms.byName.size).toBe(0));
	});
});
