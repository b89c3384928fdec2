import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { BoardAccess, BoardRole, Side } from '../../src/lib/board/model/roles.ts';
import { colorFor, type PaletteColor } from '../../src/lib/board/presence/palette.ts';
import { CLOSE, MessageError } from './closeCodes.ts';

// Awareness is relayed to everyone in the room, so one socket must not be able to flood it,
// inflate it, speak for (or remove) someone else's cursor, or say it is someone else.
export const AWARENESS_LIMITS = {
	/** Bytes of one client's JSON state. */
	maxStateBytes: 8 * 1024,
	/** Awareness client ids one socket may introduce (a y-websocket client uses one per document). */
	maxClientsPerPeer: 4,
	perSecond: 20,
	burst: 40
};
export type AwarenessLimits = typeof AWARENESS_LIMITS;

/** Who a socket is, as the server knows it: what every awareness state it relays carries as `user`. */
export interface PresenceIdentity {
	id: string;
	name: string;
	side: Side;
	role: BoardRole;
	color: PaletteColor;
}

export function identityOf(person: { id: string; name: string }, access: Pick<BoardAccess, 'role' | 'side'>): PresenceIdentity {
	return { id: person.id, name: person.name, side: access.side, role: access.role, color: colorFor(person.id) };
}

export interface AwarenessPeer {
	/** `user:<id>` or `guest:<id>`: a person's new socket may take over their old socket's ids. */
	readonly personKey: string;
	/** Read on every update, so a role change shows from the next one on. */
	readonly identity: PresenceIdentity;
}

/** One client's entry in an awareness update; `json` is the state as it will be relayed. */
export interface AwarenessEntry {
	client: number;
	clock: number;
	json: string;
	/** The state `json` encodes (null: the client is gone), as the server's awareness keeps it. */
	state: Record<string, unknown> | null;
}

/** Keys a client might use to claim an identity outside `user`; they are not relayed. */
const IDENTITY_KEYS = ['id', 'name', 'side', 'role', 'color', 'colour'];

/** Allows `perSecond` events on average with bursts up to `burst`. */
export class TokenBucket {
	private tokens: number;
	private last: number;
	private readonly perSecond: number;
	private readonly burst: number;
	constructor(perSecond: number, burst: number, now = Date.now()) {
		this.perSecond = perSecond;
		this.burst = burst;
		this.tokens = burst;
		this.last = now;
	}
	private refill(now: number): void {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
	}
	take(now = Date.now()): boolean {
		this.refill(now);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
	/** Milliseconds until take() succeeds. */
	waitMs(now = Date.now()): number {
		this.refill(now);
		return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
	}
}

/**
 * The entries of an awareness update that `peer` may write, each state with the server's identity
 * of `peer` as `user`; claims new client ids for it in `owners`. `known` is the server's awareness
 * meta: an entry whose clock is not newer than what the server has is an echo (stock y-websocket
 * clients re-send every update they receive, yjs#732) and is dropped before any rate limit.
 * Throws MessageError on bytes that do not decode and on a state that is not a JSON object.
 */
export function filterAwarenessUpdate<P extends AwarenessPeer>(
	update: Uint8Array,
	peer: P,
	owners: Map<number, P>,
	known: ReadonlyMap<number, { clock: number }>,
	limits: AwarenessLimits = AWARENESS_LIMITS
): AwarenessEntry[] {
	const kept: AwarenessEntry[] = [];
	let notObject = false;
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		for (let i = 0; i < n; i++) {
			const client = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const json = decoding.readVarString(d);
			if (Buffer.byteLength(json) > limits.maxStateBytes) continue;
			const state: unknown = JSON.parse(json);
			if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
				notObject = true;
				break;
			}
			if (!isNewer(known.get(client), clock, state === null)) continue;
			if (!mayWrite(peer, owners, client, state === null, limits)) continue;
			owners.set(client, peer);
			if (state === null) kept.push({ client, clock, json: 'null', state: null });
			else {
				const relayed = withIdentity(state as Record<string, unknown>, peer.identity);
				kept.push({ client, clock, json: JSON.stringify(relayed), state: relayed });
			}
		}
	} catch {
		throw new MessageError(CLOSE.protocolError, 'malformed awareness update');
	}
	if (notObject) throw new MessageError(CLOSE.protocolError, 'awareness state is not a JSON object');
	return kept;
}

/** The rule y-protocols applies, checked before an entry may claim or take over a client id. */
function isNewer(meta: { clock: number } | undefined, clock: number, removal: boolean): boolean {
	if (!meta) return true;
	return clock > meta.clock || (removal && clock === meta.clock);
}

function withIdentity(state: Record<string, unknown>, identity: PresenceIdentity): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(state)) if (k !== 'user' && !IDENTITY_KEYS.includes(k)) out[k] = v;
	out.user = identity;
	return out;
}

function mayWrite<P extends AwarenessPeer>(peer: P, owners: Map<number, P>, client: number, removal: boolean, limits: AwarenessLimits): boolean {
	const owner = owners.get(client);
	if (owner === peer) return true;
	// A reconnect reuses the client id while the old socket may not have been noticed dead yet.
	if (owner) return owner.personKey === peer.personKey;
	if (removal) return false;
	let mine = 0;
	for (const p of owners.values()) if (p === peer) mine++;
	return mine < limits.maxClientsPerPeer;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const k of entries) {
		encoding.writeVarUint(e, k.client);
		encoding.writeVarUint(e, k.clock);
		encoding.writeVarString(e, k.json);
	}
	return encoding.toUint8Array(e);
}

/** The owners of the clock: tests inject one, the server uses the real timers. */
export interface Clock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
	now: () => Date.now(),
	setTimeout(fn, ms) {
		const t = setTimeout(fn, ms);
		t.unref();
		return t;
	},
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
};

/**
 * One socket's awareness rate. Over the rate an update is not dropped (the person's last cursor
 * move would be lost until the 15 s renewal) but kept as the latest state per client id and
 * applied once the bucket allows.
 */
export class AwarenessThrottle {
	private readonly bucket: TokenBucket;
	private readonly apply: (entries: AwarenessEntry[]) => void;
	private readonly clock: Clock;
	private readonly pending = new Map<number, AwarenessEntry>();
	private timer: unknown = null;

	constructor(limits: Pick<AwarenessLimits, 'perSecond' | 'burst'>, apply: (entries: AwarenessEntry[]) => void, clock: Clock = realClock) {
		this.clock = clock;
		this.bucket = new TokenBucket(limits.perSecond, limits.burst, clock.now());
		this.apply = apply;
	}

	offer(entries: AwarenessEntry[]): void {
		for (const e of entries) this.pending.set(e.client, e);
		if (this.timer === null) this.drain();
	}

	private drain(): void {
		this.timer = null;
		if (this.pending.size === 0) return;
		const now = this.clock.now();
		if (this.bucket.take(now)) {
			const entries = [...this.pending.values()];
			this.pending.clear();
			this.apply(entries);
			return;
		}
		this.timer = this.clock.setTimeout(() => this.drain(), this.bucket.waitMs(now));
	}

	cancel(): void {
		if (this.timer !== null) this.clock.clearTimeout(this.timer);
		this.timer = null;
		this.pending.clear();
	}
}

/** The client ids `peer` introduced. */
export function ownedBy<P>(owners: Map<number, P>, peer: P): number[] {
	const ids: number[] = [];
	for (const [id, p] of owners) if (p === peer) ids.push(id);
	return ids;
}
