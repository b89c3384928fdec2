import type * as Y from 'yjs';
import { PLAN_CARD_TYPE, canvasMap } from './cardIndex.ts';

/*
 * Where each plan item's cards sit on the canvas (the side panel's "On canvas (n)"): item → card ids,
 * across the shared and internal documents. Kept up to date from the changed keys of each event, so
 * a drag on a canvas of thousands of shapes reads one record, and nobody is told unless a card came,
 * went or changed item (re-reading the whole map per change cost every drag O(shapes)).
 */
export class CardPlaces {
	readonly #maps: Y.Map<unknown>[];
	/** Card id → its item key (`kind:itemId`). */
	readonly #cardItem = new Map<string, string>();
	/** Item key → its card ids. */
	readonly #items = new Map<string, Set<string>>();
	readonly #listeners = new Set<() => void>();
	readonly #observers: [Y.Map<unknown>, (e: Y.YMapEvent<unknown>) => void][] = [];

	constructor(docs: Y.Doc[]) {
		this.#maps = docs.map(canvasMap);
		for (const map of this.#maps) {
			for (const [id, v] of map.entries()) this.#set(id, v);
			const observer = (e: Y.YMapEvent<unknown>) => {
				let changed = false;
				for (const id of e.keysChanged) changed = this.#set(id, this.#valueOf(id)) || changed;
				if (changed) for (const f of [...this.#listeners]) f();
			};
			map.observe(observer);
			this.#observers.push([map, observer]);
		}
	}

	/** The cards of an item (a copy). */
	get(kind: string, itemId: string): string[] {
		return [...(this.#items.get(`${kind}:${itemId}`) ?? [])];
	}

	subscribe(f: () => void): () => void {
		this.#listeners.add(f);
		return () => this.#listeners.delete(f);
	}

	destroy(): void {
		for (const [map, observer] of this.#observers.splice(0)) map.unobserve(observer);
		this.#listeners.clear();
	}

	/** A record moved between documents is deleted from one and set in the other: the live one counts. */
	#valueOf(id: string): unknown {
		for (const map of this.#maps) {
			const v = map.get(id);
			if (v !== undefined) return v;
		}
		return undefined;
	}

	/** Records `id`'s value; whether an item's cards changed. */
	#set(id: string, v: unknown): boolean {
		const r = v as { type?: unknown; props?: { kind?: unknown; itemId?: unknown } } | undefined;
		const item = r?.type === PLAN_CARD_TYPE && typeof r.props?.itemId === 'string' ? `${String(r.props.kind)}:${r.props.itemId}` : null;
		const before = this.#cardItem.get(id) ?? null;
		if (before === item) return false;
		if (before !== null) {
			const cards = this.#items.get(before)!;
			cards.delete(id);
			if (!cards.size) this.#items.delete(before);
			this.#cardItem.delete(id);
		}
		if (item !== null) {
			let cards = this.#items.get(item);
			if (!cards) this.#items.set(item, (cards = new Set()));
			cards.add(id);
			this.#cardItem.set(id, item);
		}
		return true;
	}
}
