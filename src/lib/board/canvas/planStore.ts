import type * as Y from 'yjs';
import { PlanCardIndex } from './planCard.ts';

/*
 * The live plan data the canvas's plan cards read (planCardUtil.ts, through React's
 * useSyncExternalStore). One per open canvas: it re-reads the board's documents once per change
 * (lazily, when a card asks) and tells the cards; the cards never copy an item into their shape.
 * React-free, so the Svelte side opens it and unit tests drive it.
 */
export class PlanStore {
	readonly #shared: Y.Doc;
	readonly #internal: Y.Doc | null;
	readonly #listeners = new Set<() => void>();
	#index: PlanCardIndex | null = null;
	#version = 0;
	readonly #onUpdate = () => {
		this.#index = null;
		this.#version++;
		for (const f of [...this.#listeners]) f();
	};

	constructor(shared: Y.Doc, internal: Y.Doc | null) {
		this.#shared = shared;
		this.#internal = internal;
		shared.on('afterTransaction', this.#onAfter);
		internal?.on('afterTransaction', this.#onAfter);
	}

	// A card's data never lives in the canvas records, so a drag on the canvas (many transactions
	// of `canvas` only) re-reads nothing.
	readonly #onAfter = (tr: Y.Transaction) => {
		if (tr.changed.size === 0) return;
		for (const type of tr.changed.keys()) {
			const root = rootName(type);
			if (root !== 'canvas' && root !== 'canvasMeta') return this.#onUpdate();
		}
	};

	/** Changes each time the data may have changed (React's snapshot). */
	get version(): number {
		return this.#version;
	}

	index(): PlanCardIndex {
		return (this.#index ??= new PlanCardIndex(this.#shared, this.#internal));
	}

	subscribe(f: () => void): () => void {
		this.#listeners.add(f);
		return () => this.#listeners.delete(f);
	}

	destroy(): void {
		this.#shared.off('afterTransaction', this.#onAfter);
		this.#internal?.off('afterTransaction', this.#onAfter);
		this.#listeners.clear();
	}
}

/** The root name of a changed type (its top-level ancestor's key in the document). */
function rootName(type: Y.AbstractType<any>): string | null {
	let t: Y.AbstractType<any> = type;
	while (t._item && t._item.parent) t = t._item.parent as Y.AbstractType<any>;
	const doc = t.doc;
	if (!doc) return null;
	for (const [name, v] of doc.share) if (v === t) return name;
	return null;
}

let active: PlanStore | null = null;

/** The open canvas's plan store (one canvas is open at a time); cards read it. */
export const activePlanStore = (): PlanStore | null => active;
export function setActivePlanStore(s: PlanStore | null): void {
	active = s;
}
