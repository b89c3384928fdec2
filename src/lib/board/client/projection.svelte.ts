import * as Y from 'yjs';
import type { AnyType } from '../model/yTypes.ts';
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import { peerFromState, type PeerState } from '../presence/peer.ts';


/**
 * A read-only, reactive view of part of a Y.Doc: `current` re-reads only after one of the observed
 * types changed (several when a read spans them, e.g. initiatives with their actions), and
 * components only ever see plain snapshots, never Y types.
 */
export class Projection<T> {
	#read: () => T;
	#cache: { value: T } | null = null;
	#live = false;
	#subscribe: () => void;

	constructor(targets: AnyType | AnyType[], read: () => T) {
		const types = Array.isArray(targets) ? targets : [targets];
		this.#read = read;
		this.#subscribe = createSubscriber((update) => {
			const onChange = () => {
				this.#cache = null;
				update();
			};
			for (const t of types) t.observeDeep(onChange);
			this.#live = true;
			this.#cache = null;
			return () => {
				this.#live = false;
				for (const t of types) t.unobserveDeep(onChange);
			};
		});
	}

	get current(): T {
		this.#subscribe();
		// Outside an effect nothing invalidates the cache, so read fresh then.
		if (!this.#cache || !this.#live) this.#cache = { value: this.#read() };
		return this.#cache.value;
	}
}

export type { PeerState } from '../presence/peer.ts';

/** Everyone else connected to the document, one entry per browser tab. */
export class Peers {
	#awareness: Awareness;
	#subscribe: () => void;

	constructor(awareness: Awareness) {
		this.#awareness = awareness;
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
	}

	get current(): PeerState[] {
		this.#subscribe();
		const out: PeerState[] = [];
		this.#awareness.getStates().forEach((state, clientId) => {
			if (clientId === this.#awareness.clientID) return;
			const peer = peerFromState(clientId, state);
			if (peer) out.push(peer);
		});
		return out;
	}
}
