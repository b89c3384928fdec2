/**
 * A long list cut into runs of `size` items, for a page that wraps each run in an element of its own
 * (a <tbody> of a table) that the browser can skip while off screen (content-visibility): one such
 * element per run, not per row, so a frame checks a dozen elements for visibility, not 300 (issue
 * #15: with one per row a remote keystroke on the where-to-help view spent about 1 ms per frame in
 * Chromium's intersection checks). A run whose items are the same as in `prev` (by identity, in
 * order) is `prev`'s array, and with every run the same the result is `prev` itself.
 */
export function chunksOf<T>(items: readonly T[], size: number, prev?: readonly (readonly T[])[] | null): readonly (readonly T[])[] {
	if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
	const out: (readonly T[])[] = [];
	let same = !!prev && prev.length === Math.ceil(items.length / size);
	for (let at = 0, i = 0; at < items.length; at += size, i++) {
		const old = prev?.[i];
		const end = Math.min(items.length, at + size);
		let keep = !!old && old.length === end - at;
		for (let j = at; keep && j < end; j++) if (old![j - at] !== items[j]) keep = false;
		const run = keep ? old! : items.slice(at, end);
		if (run !== old) same = false;
		out.push(run);
	}
	return same ? prev! : out;
}
