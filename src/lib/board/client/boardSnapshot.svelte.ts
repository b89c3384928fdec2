import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { LiveSnapshot } from '../doc/liveSnapshot.ts';
import type { BoardSnapshot } from '../views/types.ts';

/**
 * The whole board as one plain, frozen snapshot (both documents when we have the internal one),
 * kept up to date from the Yjs events of the types it reads: only what changed is read again, and
 * parts that did not change keep their identity (doc/liveSnapshot.ts), so a `$derived` over one
 * part (`current.cells`) is not recomputed when another changes. One per view, never one per cell.
 */
export class BoardSnapshotProjection {
	#live: LiveSnapshot;
	#observed = false;
	#subscribe: () => void;

	constructor(shared: Y.Doc, internal: Y.Doc | null) {
		const live = (this.#live = new LiveSnapshot(shared, internal));
		this.#subscribe = createSubscriber((update) => {
			const types = live.sources();
			const onChange = (events: Y.YEvent<any>[]) => {
				live.changed(events);
				update();
			};
			for (const t of types) t.observeDeep(onChange);
			live.invalidate();
			this.#observed = true;
			return () => {
				this.#observed = false;
				for (const t of types) t.unobserveDeep(onChange);
			};
		});
	}

	get current(): BoardSnapshot {
		this.#subscribe();
		// Outside an effect nothing tells us about changes, so read fresh then.
		if (!this.#observed) this.#live.invalidate();
		return this.#live.snapshot();
	}
}

/** A per-tab id stamped on matrix edits (`sessionId`), so one sitting's edits can be told apart from earlier ones. */
export const EDIT_SESSION: string = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
