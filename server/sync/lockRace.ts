import type { Locks } from '../../src/lib/board/model/locks.ts';

/**
 * How long after a lock change a connection that has not confirmed it may still have its changes
 * judged against the locks before it. Confirmation normally takes one round trip; the cap only
 * bounds a client that never answers.
 */
export const LOCK_RACE_MS = 5_000;

/**
 * Edits that cross a lock on the wire. A person types, the facilitator locks: their edit was made
 * before their browser knew of the lock and reaches the server just after it. Refusing it whole
 * (4422) would make them reload and lose it and every edit after it, for a change made while the
 * section was open.
 *
 * So the server asks: had this connection been told of the lock? Right after a lock change goes
 * out, each connection on the document is sent a sync step 1; y-websocket answers every step 1
 * with a step 2, in order, so that answer shows the browser has applied everything sent before it,
 * the lock included. Until then (at most LOCK_RACE_MS) its changes are judged against the locks
 * from before the change; once confirmed, against the locks as they are. A connection that opens
 * after the change receives the locks in its first sync and gets no such allowance.
 */
export class LockRace<P> {
	/** The locks before the latest change, and when the change was applied here (ms). */
	private change: { before: Locks; at: number } | null = null;
	/** Per connection: sync step 1 messages sent, sync step 2 messages received. */
	private readonly steps = new Map<P, { sent: number; answered: number }>();
	/** Per connection that was open at the latest change: the step 2 count that confirms it (Infinity until its step 1 went out). */
	private readonly pending = new Map<P, number>();
	private readonly now: () => number;

	constructor(now: () => number = Date.now) {
		this.now = now;
	}

	/** A sync step 1 went to `peer` (the greeting, or a confirmation request). */
	sentStep1(peer: P): void {
		this.stepsOf(peer).sent++;
	}

	/** `peer` sent a sync step 2: its answer to our oldest unanswered step 1. */
	answeredStep1(peer: P): void {
		const s = this.stepsOf(peer);
		s.answered++;
		const needed = this.pending.get(peer);
		if (needed !== undefined && s.answered >= needed) this.pending.delete(peer);
	}

	/** The locks changed (applied here, not yet sent): everyone open now has not seen it. */
	changed(before: Locks, peers: Iterable<P>, author: P | null): void {
		this.change = { before, at: this.now() };
		this.pending.clear();
		for (const p of peers) if (p !== author) this.pending.set(p, Infinity);
	}

	/** The change went out to `peer`, followed by a step 1 whose answer confirms it. */
	askedToConfirm(peer: P): void {
		if (!this.pending.has(peer)) return;
		this.sentStep1(peer);
		this.pending.set(peer, this.stepsOf(peer).sent);
	}

	/** Whether `peers` (one person's connections) may not have seen the latest lock change yet. */
	unconfirmed(peers: Iterable<P>): boolean {
		if (!this.change || this.now() - this.change.at >= LOCK_RACE_MS) return false;
		for (const p of peers) if (this.pending.has(p)) return true;
		return false;
	}

	/** What those connections knew: the locks before the latest change. */
	get locksBefore(): Locks | null {
		return this.change?.before ?? null;
	}

	forget(peer: P): void {
		this.steps.delete(peer);
		this.pending.delete(peer);
	}

	private stepsOf(peer: P): { sent: number; answered: number } {
		let s = this.steps.get(peer);
		if (!s) this.steps.set(peer, (s = { sent: 0, answered: 0 }));
		return s;
	}
}
