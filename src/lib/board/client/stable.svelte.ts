import { untrack } from 'svelte';

/**
 * `compute()` behind a state that is set only when the result changes (by identity): whatever reads
 * `current` is marked only then. A `$derived` chain marks every reader downstream as possibly dirty
 * on each change upstream, and Svelte walks and re-checks them all, changed or not (issue #15: one
 * remote cell change walked the 1,600 rendered cells of the matrix through their column props).
 * Call it while a component initialises (it owns an effect).
 */
export function stable<T>(compute: () => T): { readonly current: T } {
	let value = $state.raw(untrack(compute));
	$effect.pre(() => {
		const next = compute();
		if (next !== untrack(() => value)) value = next;
	});
	return {
		get current() {
			return value;
		}
	};
}
