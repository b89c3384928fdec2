import type * as Y from 'yjs';
import { Projection } from './projection.svelte.ts';
import { snapshotSources, toSnapshot } from '../doc/snapshot.ts';
import type { BoardSnapshot } from '../views/types.ts';

/**
 * The whole board as one plain, frozen snapshot (both documents when we have the internal one),
 * re-read after any type it reads changed. One per view, never one per cell.
 */
export class BoardSnapshotProjection {
	#projection: Projection<BoardSnapshot>;

	constructor(shared: Y.Doc, internal: Y.Doc | null) {
		this.#projection = new Projection(snapshotSources(shared, internal), () => toSnapshot(shared, internal));
	}

	get current(): BoardSnapshot {
		return this.#projection.current;
	}
}

/** A per-tab id stamped on matrix edits (`sessionId`), so one sitting's edits can be told apart from earlier ones. */
export const EDIT_SESSION: string = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
