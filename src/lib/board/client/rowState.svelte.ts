import { untrack } from 'svelte';

class Box<T> {
	value = $state.raw() as T;
	constructor(value: T) {
		this.value = value;
	}
}

/**
 * One reactive value per row id, set from an effect: a row reads only its own, so a change to one
 * row marks that row's cells and nothing else (issue #15: rows reading one shared Map had every
 * rendered cell of the 40 × 300 matrix marked and checked on each remote change and key press).
 */
export class RowState<T> {
	readonly #boxes = new Map<string, Box<T>>();

	/** The row's value; the first read takes `initial()` (untracked: the effect keeps it up to date). */
	get(id: string, initial: () => T): T {
		let box = this.#boxes.get(id);
		if (!box) this.#boxes.set(id, (box = new Box(untrack(initial))));
		return box.value;
	}

	/** Sets each listed row's value (unchanged values notify nobody) and forgets rows no longer listed. */
	update(entries: Iterable<[string, T]>): void {
		const seen = new Set<string>();
		for (const [id, value] of entries) {
			seen.add(id);
			const box = this.#boxes.get(id);
			if (!box) this.#boxes.set(id, new Box(value));
			else if (box.value !== value) box.value = value;
		}
		for (const id of this.#boxes.keys()) if (!seen.has(id)) this.#boxes.delete(id);
	}
}
