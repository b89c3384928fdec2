import { untrack } from 'svelte';

/**
 * A part of the board page that is its own chunk (a view, a facilitation panel), loaded when first
 * needed. The server can go away between the page and that moment (a laptop changing networks, a
 * restart): the load then fails, and it is tried again by itself when the board's connection comes
 * back, or at once through `retry()`. Create it during a component's initialisation (it owns effects).
 */
export class PartLoad<T> {
	#loaded = $state<{ key: unknown; value: T } | null>(null);
	#failed = $state<unknown>(undefined);
	#attempt = $state(0);

	/** `part()` names what to load (its key changes when another part is wanted); `connected()` is the board's connection. */
	constructor(part: () => { key: unknown; load: () => Promise<T> }, connected: () => boolean, what = 'a part of the board') {
		$effect(() => {
			const { key, load } = part();
			void this.#attempt;
			let gone = false;
			untrack(() => (this.#failed = undefined));
			load().then(
				(value) => {
					if (!gone) this.#loaded = { key, value };
				},
				(err: unknown) => {
					console.error(`${what} did not load`, err);
					if (!gone) this.#failed = key;
				}
			);
			return () => {
				gone = true;
			};
		});
		// Only a connection that comes back retries: a part that fails while connected (a page older
		// than the server's build) would fail again, so it waits for the person's retry or reload.
		let wasConnected = untrack(connected);
		$effect(() => {
			const now = connected();
			if (now && !wasConnected && untrack(() => this.#failed !== undefined)) untrack(() => this.retry());
			wasConnected = now;
		});
	}

	/** The loaded part, if it is the one `part()` names now. */
	value(key: unknown): T | null {
		return this.#loaded && this.#loaded.key === key ? this.#loaded.value : null;
	}

	failed(key: unknown): boolean {
		return this.#failed !== undefined && this.#failed === key;
	}

	retry() {
		this.#failed = undefined;
		this.#attempt++;
	}
}
