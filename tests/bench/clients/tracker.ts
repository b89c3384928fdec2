import { now } from '../stats.ts';

interface Sent {
	at: number;
	expected: number;
	received: number;
	measured: boolean;
	/** The sender's node (several-node runs), to tell same-node receipts from cross-node ones. */
	node?: number;
}

/**
 * Send → receipt latency of updates, keyed by their first struct id (client, clock), which every
 * server forwards unchanged. Only sends made while `measuring` count towards the results, so that
 * warm-up and drain are excluded; all clients live in this process, so one clock times both ends.
 */
export class FanoutTracker {
	measuring = false;
	/** Send → receipt at every other client of the room, in ms. */
	readonly latencies: number[] = [];
	/** Send → the sender's own copy coming back (the server stored and broadcast it), in ms. */
	readonly echoes: number[] = [];
	/** Several nodes: the latencies of receivers on the sender's node, and on another node. */
	readonly sameNode: number[] = [];
	readonly otherNode: number[] = [];
	expected = 0;
	delivered = 0;
	sends = 0;
	/** Deliveries still awaited, warm-up included: zero once the server has caught up. */
	outstanding = 0;
	private readonly pending = new Map<number, Sent>();

	private static key(client: number, clock: number): number {
		return client * 1_048_576 + (clock % 1_048_576);
	}

	sent(client: number, clock: number, receivers: number, node?: number): void {
		const measured = this.measuring;
		this.pending.set(FanoutTracker.key(client, clock), { at: now(), expected: receivers, received: 0, measured, node });
		this.outstanding += receivers;
		if (measured) {
			this.sends++;
			this.expected += receivers;
		}
	}

	received(client: number, clock: number, own: boolean, node?: number): void {
		const s = this.pending.get(FanoutTracker.key(client, clock));
		if (!s) return;
		const ms = now() - s.at;
		if (own) {
			if (s.measured) this.echoes.push(ms);
			return;
		}
		if (s.received >= s.expected) return; // a duplicate (resync), not a second delivery
		s.received++;
		this.outstanding--;
		if (s.measured) {
			this.delivered++;
			this.latencies.push(ms);
			if (s.node !== undefined && node !== undefined) (s.node === node ? this.sameNode : this.otherNode).push(ms);
		}
	}

	/** Every tracked send inside an update that may merge several (see structRanges). */
	receivedRanges(ranges: Array<{ client: number; from: number; to: number }>, ownClient: number, node?: number): void {
		for (const r of ranges) for (let clock = r.from; clock < r.to && clock - r.from < 1000; clock++) this.received(r.client, clock, r.client === ownClient, node);
	}

	/** Hands over the latencies gathered so far and starts a new window (ramps measure per step). */
	takeLatencies(): number[] {
		return this.latencies.splice(0);
	}

	/** Forgets sends older than `ms` (bounded memory over long runs). */
	prune(ms: number): void {
		const before = now() - ms;
		for (const [k, s] of this.pending)
			if (s.at < before) {
				this.outstanding -= s.expected - s.received;
				this.pending.delete(k);
			}
	}

	get deliveryRate(): number {
		return this.expected === 0 ? NaN : this.delivered / this.expected;
	}
}
