import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';

/** Any Yjs shared type (Y.Map, Y.Array, Y.Text…): their event types differ, so `unknown` won't do. */
type AnyType = Y.AbstractType<any>;

/**
 * `Projection` over several types at once, for a read that spans them (initiatives with their
 * actions): re-reads after any of them changed, and hands out plain snapshots only.
 */
export class MultiProjection<T> {
	#read: () => T;
	#cache: { value: T } | null = null;
	#live = false;
	#subscribe: () => void;

	constructor(targets: AnyType[], read: () => T) {
		this.#read = read;
		this.#subscribe = createSubscriber((update) => {
			const onChange = () => {
				this.#cache = null;
				update();
			};
			for (const t of targets) t.observeDeep(onChange);
			this.#live = true;
			this.#cache = null;
			return () => {
				this.#live = false;
				for (const t of targets) t.unobserveDeep(onChange);
			};
		});
	}

	get current(): T {
		this.#subscribe();
		// Outside an effect nobody invalidates the cache, so read fresh then.
		if (!this.#cache || !this.#live) this.#cache = { value: this.#read() };
		return this.#cache.value;
	}
}
