import * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';

/** Any Yjs shared type (Y.Map, Y.Array, Y.Text…): their event types differ, so `unknown` won't do. */
type AnyType = Y.AbstractType<any>;

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

export interface PeerState {
	clientId: number;
	user: { id: string; name: string; side: 'supplier' | 'client'; color: string };
	focus?: string | null;
}

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
			const user = state.user as PeerState['user'] | undefined;
			if (clientId === this.#awareness.clientID || !user || typeof user.name !== 'string') return;
			out.push({ clientId, user, focus: typeof state.focus === 'string' ? state.focus : null });
		});
		return out;
	}
}
