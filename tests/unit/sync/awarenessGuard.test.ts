import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
	AWARENESS_LIMITS,
	AwarenessThrottle,
	TokenBucket,
	filterAwarenessUpdate,
	identityOf,
	ownedBy,
	type AwarenessEntry,
	type AwarenessPeer
} from '../../../server/sync/awarenessGuard.ts';
import { MessageError } from '../../../server/sync/closeCodes.ts';
import { PALETTE, colorFor } from '../../../src/lib/board/presence/palette.ts';
import { awarenessUpdate, fakeClock } from './helpers.ts';

const clientsIn = (entries: AwarenessEntry[]) => entries.map((e) => e.client);
const stateOf = (entries: AwarenessEntry[], client: number) => JSON.parse(entries.find((e) => e.client === client)!.json);

const peer = (personKey: string, side: 'supplier' | 'client' = 'supplier'): AwarenessPeer => {
	const id = personKey.slice(personKey.indexOf(':') + 1);
	return { personKey, identity: identityOf({ id, name: `Name of ${id}` }, { role: 'participant', side }) };
};
type Known = Map<number, { clock: number }>;
const filter = (update: Uint8Array, p: AwarenessPeer, owners: Map<number, AwarenessPeer>, known: Known = new Map()) =>
	filterAwarenessUpdate(update, p, owners, known);

describe('awareness guard: ownership and bounds', () => {
	it('lets a socket introduce its own ids and then owns them', () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		expect(clientsIn(filter(awarenessUpdate(1, 1, { x: 1 }), a, owners))).toEqual([1]);
		expect(ownedBy(owners, a)).toEqual([1]);
	});

	it("drops entries for another person's ids, updates and removals alike", () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		const b = peer('user:b');
		filter(awarenessUpdate(1, 1, { x: 1 }), a, owners);
		expect(filter(awarenessUpdate(1, 2, { x: 'hijack' }), b, owners)).toEqual([]);
		expect(filter(awarenessUpdate(1, 2, null), b, owners)).toEqual([]);
		expect(clientsIn(filter(awarenessUpdate(1, 2, null, 2, 1, { y: 1 }), b, owners))).toEqual([2]);
		expect(owners.get(1)).toBe(a);
	});

	it("lets the same person's new socket take over the ids of their old one with a newer state (reconnect)", () => {
		const owners = new Map<number, AwarenessPeer>();
		const known: Known = new Map([[7, { clock: 1 }]]);
		const old = peer('user:a');
		const fresh = peer('user:a');
		filter(awarenessUpdate(7, 1, {}), old, owners, known);
		expect(clientsIn(filter(awarenessUpdate(7, 2, {}), fresh, owners, known))).toEqual([7]);
		expect(owners.get(7)).toBe(fresh);
	});

	it('drops a state over the size bound', () => {
		const owners = new Map<number, AwarenessPeer>();
		const big = { blob: 'x'.repeat(AWARENESS_LIMITS.maxStateBytes) };
		expect(filter(awarenessUpdate(1, 1, big), peer('user:a'), owners)).toEqual([]);
		expect(owners.size).toBe(0);
	});

	it('bounds how many ids one socket may introduce', () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		const entries = Array.from({ length: 10 }, (_, i) => [i + 1, 1, {}]).flat();
		expect(filter(awarenessUpdate(...entries), a, owners)).toHaveLength(AWARENESS_LIMITS.maxClientsPerPeer);
	});

	it('rejects bytes that do not decode', () => {
		expect(() => filter(new Uint8Array([3, 1]), peer('user:a'), new Map())).toThrow(MessageError);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, '{not json');
		expect(() => filter(encoding.toUint8Array(e), peer('user:a'), new Map())).toThrow(MessageError);
	});
});

describe('awareness guard: identity', () => {
	it('overwrites a forged id, name, side, role and colour with who the server says the socket is', () => {
		const owners = new Map<number, AwarenessPeer>();
		const guest = peer('guest:g1', 'client');
		const forged = {
			user: { id: 'facilitator-id', name: 'Fay (facilitator)', side: 'supplier', role: 'facilitator', color: 'red;background:url(http://evil.test/x)' },
			focus: 'cell:a|b'
		};
		const state = stateOf(filter(awarenessUpdate(1, 1, forged), guest, owners), 1);
		expect(state.user).toEqual({ id: 'g1', name: 'Name of g1', side: 'client', role: 'participant', color: colorFor('g1') });
		expect(PALETTE).toContain(state.user.color);
		// The rest of the state is the client's own.
		expect(state.focus).toBe('cell:a|b');
	});

	it('adds the identity to a state that claims none, and strips identity keys at the top level', () => {
		const owners = new Map<number, AwarenessPeer>();
		const state = stateOf(filter(awarenessUpdate(1, 1, { name: 'Someone else', color: 'url(x)', cursor: 3 }), peer('user:a'), owners), 1);
		expect(state).toEqual({ user: peer('user:a').identity, cursor: 3 });
	});

	it('keeps a removal (null state) as null', () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		filter(awarenessUpdate(1, 1, {}), a, owners);
		expect(filter(awarenessUpdate(1, 2, null), a, owners).map((e) => e.json)).toEqual(['null']);
	});

	it.each([5, 'a string', [1, 2], true])('refuses a state that is not a JSON object: %j', (state) => {
		expect(() => filter(awarenessUpdate(1, 1, state as object), peer('user:a'), new Map())).toThrow(MessageError);
	});
});

describe('awareness guard: echoes', () => {
	it("drops another client's state echoed back (the server already has that clock), without taking it over", () => {
		const owners = new Map<number, AwarenessPeer>();
		const a = peer('user:a');
		const b = peer('user:b');
		const aTab2 = peer('user:a');
		const known: Known = new Map();
		filter(awarenessUpdate(1, 3, { x: 1 }), a, owners, known);
		known.set(1, { clock: 3 }); // what applying it did on the server
		// Stock y-websocket clients re-send what they receive: same client id, same clock.
		expect(filter(awarenessUpdate(1, 3, { x: 1 }), b, owners, known)).toEqual([]);
		expect(filter(awarenessUpdate(1, 3, { x: 1 }), aTab2, owners, known)).toEqual([]);
		expect(filter(awarenessUpdate(1, 2, { x: 0 }), aTab2, owners, known)).toEqual([]);
		expect(owners.get(1)).toBe(a);
		// The owner's own next state goes through.
		expect(clientsIn(filter(awarenessUpdate(1, 4, { x: 2 }), a, owners, known))).toEqual([1]);
	});
});

describe('awareness throttle', () => {
	const entry = (client: number, clock: number, state: Record<string, unknown> | null): AwarenessEntry => ({ client, clock, json: JSON.stringify(state), state });

	it('rate: a bucket allows a burst, then about perSecond, and says how long until the next token', () => {
		const bucket = new TokenBucket(20, 40, 0);
		let ok = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(0)) ok++;
		expect(ok).toBe(40);
		expect(bucket.take(10)).toBe(false);
		expect(bucket.waitMs(10)).toBe(40);
		expect(bucket.take(60)).toBe(true);
		let later = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(1060)) later++;
		expect(later).toBe(20);
	});

	it("over the rate, coalesces to the person's latest state and sends it after the interval instead of dropping it", () => {
		const clock = fakeClock();
		const applied: AwarenessEntry[][] = [];
		const t = new AwarenessThrottle({ perSecond: 10, burst: 2 }, (e) => applied.push(e), clock);
		for (let i = 1; i <= 50; i++) t.offer([entry(9, i, { focus: `cell:${i}` })]);
		expect(applied.map((a) => a.map((e) => e.clock))).toEqual([[1], [2]]);
		clock.advance(99);
		expect(applied).toHaveLength(2);
		clock.advance(1);
		expect(applied.map((a) => a.map((e) => e.clock))).toEqual([[1], [2], [50]]);
		expect(JSON.parse(applied[2][0].json)).toEqual({ focus: 'cell:50' });
		clock.advance(10_000);
		expect(applied).toHaveLength(3);
		expect(clock.pending()).toBe(0);
	});

	it('keeps the latest state per client id when one socket speaks for two', () => {
		const clock = fakeClock();
		const applied: AwarenessEntry[][] = [];
		const t = new AwarenessThrottle({ perSecond: 10, burst: 1 }, (e) => applied.push(e), clock);
		t.offer([entry(1, 1, {})]);
		t.offer([entry(1, 2, {}), entry(2, 1, {})]);
		t.offer([entry(1, 3, null)]);
		clock.advance(100);
		expect(applied[1].map((e) => [e.client, e.clock, e.json])).toEqual([
			[1, 3, 'null'],
			[2, 1, '{}']
		]);
	});

	it('cancel() drops what is pending and its timer', () => {
		const clock = fakeClock();
		const applied: AwarenessEntry[][] = [];
		const t = new AwarenessThrottle({ perSecond: 10, burst: 1 }, (e) => applied.push(e), clock);
		t.offer([entry(1, 1, {})]);
		t.offer([entry(1, 2, {})]);
		t.cancel();
		expect(clock.pending()).toBe(0);
		clock.advance(1000);
		expect(applied).toHaveLength(1);
	});
});
