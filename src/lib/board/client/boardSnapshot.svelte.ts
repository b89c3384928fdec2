import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { snapshotSources, toSnapshot } from '../doc/snapshot.ts';
import type { BoardSnapshot } from '../views/types.ts';

/**
 * The whole board as one plain, frozen snapshot (both documents when we have the internal one).
 * Like `Projection`, but watching every type the snapshot reads; one per view, not one per cell.
 */
export class BoardSnapshotProjection {
	#shared: Y.Doc;
	#internal: Y.Doc | null;
	#cache: BoardSnapshot | null = null;
	/** Observers attached: only then does the cache get invalidated on change. */
	#live = false;
	#subscribe: () => void;

	constructor(shared: Y.Doc, internal: Y.Doc | null) {
		this.#shared = shared;
		this.#internal = internal;
		const sources = snapshotSources(shared, internal);
		this.#subscribe = createSubscriber((update) => {
			const onChange = () => {
				this.#cache = null;
				update();
			};
			for (const t of sources) t.observeDeep(onChange);
			this.#live = true;
			this.#cache = null;
			return () => {
				this.#live = false;
				for (const t of sources) t.unobserveDeep(onChange);
			};
		});
	}

	get current(): BoardSnapshot {
		this.#subscribe();
		// Without observers nobody invalidates the cache, so read fresh then.
		if (!this.#cache || !this.#live) this.#cache = toSnapshot(this.#shared, this.#internal);
		return this.#cache;
	}
}

/** A per-tab id stamped on matrix edits, so a workshop's edits can be told apart from earlier ones. */
export const EDIT_SESSION: string = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
