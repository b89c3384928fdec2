import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AWARENESS_LIMITS, TokenBucket, filterAwarenessUpdate, ownedBy, type AwarenessPeer } from '../../../server/sync/awarenessGuard.ts';
import { MessageError } from '../../../server/sync/closeCodes.ts';
import { awarenessUpdate } from './helpers.ts';

function clientsIn(update: Uint8Array | null): number[] {
	if (!update) return [];
	const d = decoding.createDecoder(update);
	const n = decoding.readVarUint(d);
	const ids: number[] = [];
	for (let i = 0; i < n; i++) {
		ids.push(decoding.readVarUint(d));
		decoding.readVarUint(d);
		decoding.readVarString(d);
	}
	return ids;
}

const peer = (personKey: string): AwarenessPeer => ({ personKey });

describe('awareness guard', () => {
	it('lets a socket introduce its own ids and then owns them', () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		expect(clientsIn(filterAwarenessUpdate(awarenessUpdate(1, 1, { x: 1 }), a, owners))).toEqual([1]);
		expect(ownedBy(owners, a)).toEqual([1]);
	});

	it("drops entries for another person's ids, updates and removals alike", () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		const b = peer('user:b');
		filterAwarenessUpdate(awarenessUpdate(1, 1, { x: 1 }), a, owners);
		expect(filterAwarenessUpdate(awarenessUpdate(1, 2, { x: 'hijack' }), b, owners)).toBeNull();
		expect(filterAwarenessUpdate(awarenessUpdate(1, 2, null), b, owners)).toBeNull();
		expect(clientsIn(filterAwarenessUpdate(awarenessUpdate(1, 2, null, 2, 1, { y: 1 }), b, owners))).toEqual([2]);
		expect(owners.get(1)).toBe(a);
	});

	it("lets the same person's new socket take over the ids of their old one (reconnect)", () => {
		const owners = new Map<number, AwarenessPeer>();
		const old = peer('user:a');
		const fresh = peer('user:a');
		filterAwarenessUpdate(awarenessUpdate(7, 1, {}), old, owners);
		expect(clientsIn(filterAwarenessUpdate(awarenessUpdate(7, 2, {}), fresh, owners))).toEqual([7]);
		expect(owners.get(7)).toBe(fresh);
	});

	it('drops a state over the size bound', () => {
		const owners = new Map<number, AwarenessPeer>();
		const big = { blob: 'x'.repeat(AWARENESS_LIMITS.maxStateBytes) };
		expect(filterAwarenessUpdate(awarenessUpdate(1, 1, big), peer('user:a'), owners)).toBeNull();
		expect(owners.size).toBe(0);
	});

	it('bounds how many ids one socket may introduce', () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		const entries = Array.from({ length: 10 }, (_, i) => [i + 1, 1, {}]).flat();
		expect(clientsIn(filterAwarenessUpdate(awarenessUpdate(...entries), a, owners))).toHaveLength(AWARENESS_LIMITS.maxClientsPerPeer);
	});

	it('rejects bytes that do not decode', () => {
		expect(() => filterAwarenessUpdate(new Uint8Array([3, 1]), peer('user:a'), new Map())).toThrow(MessageError);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, '{not json');
		expect(() => filterAwarenessUpdate(encoding.toUint8Array(e), peer('user:a'), new Map())).toThrow(MessageError);
	});

	it('rate: allows a burst, then about perSecond', () => {
		const bucket = new TokenBucket(20, 40, 0);
		let ok = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(0)) ok++;
		expect(ok).toBe(40);
		expect(bucket.take(10)).toBe(false);
		expect(bucket.take(60)).toBe(true);
		let later = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(1060)) later++;
		expect(later).toBe(20);
	});
});
