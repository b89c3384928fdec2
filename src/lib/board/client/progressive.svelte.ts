/**
 * How many items of a long list to render: `first` at once, then `step` more in each following
 * frame until all are there (issue #15: opening a view of 300 goals or rows built them all in one
 * task and froze the page for a quarter of a second or more). Nothing is left out for long: after
 * a few frames every item is in the page, so find-in-page, the keyboard and screen readers see the
 * whole list, as before. Call it while a component initialises (it owns an effect).
 */
export function progressive(total: () => number, first: number, step: number = first): { readonly shown: number } {
	let shown = $state(first);
	$effect(() => {
		const n = total();
		if (shown >= n) return;
		const id = requestAnimationFrame(() => (shown = Math.min(n, shown + step)));
		return () => cancelAnimationFrame(id);
	});
	return {
		get shown() {
			return shown;
		}
	};
}
