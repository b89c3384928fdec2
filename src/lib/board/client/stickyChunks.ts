/**
 * A ranked list cut into runs (one <tbody> each, see chunks.ts) whose boundaries stay where they
 * were: each run of `prev` ends at the same item (by key) as before, so when one item moves from
 * rank 60 to rank 200 only the run it left and the run it joined change, not every run in between
 * (issue #15: with runs cut at fixed multiples of `size`, each remote cell change on the scorecard
 * shifted a row across every run boundary between the two ranks, destroying and building a row per
 * boundary). A run holds 1 to 2 × `size` items; a run whose end cannot be kept (its last two items
 * gone or far from where they were) goes and its items join the next run, and what is left after
 * the last run, or everything when `prev` has too many runs, is cut afresh like `chunksOf`. A run
 * with the same items (by identity, in order) as in `prev` is `prev`'s array, and with every run the
 * same the result is `prev` itself. The runs always hold exactly `items`, in order.
 */
export function stickyChunksOf<T>(items: readonly T[], size: number, key: (item: T) => string, prev?: readonly (readonly T[])[] | null): readonly (readonly T[])[] {
	if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
	const out: (readonly T[])[] = [];
	const put = (from: number, to: number, old: readonly T[] | undefined) => {
		let keep = !!old && old.length === to - from;
		for (let j = from; keep && j < to; j++) if (old![j - from] !== items[j]) keep = false;
		out.push(keep ? old! : items.slice(from, to));
	};
	let at = 0;
	if (prev?.length && prev.length <= 2 * Math.ceil(items.length / size)) {
		const place = new Map<string, number>();
		items.forEach((item, i) => place.set(key(item), i));
		// Where a run of prev ends now: at its last item or, when that one went or is out of reach (it
		// moved), its last but one; -1 when neither is (the run goes, its items join the next one).
		const endOf = (run: readonly T[]): number => {
			for (const k of [run.length - 1, run.length - 2]) {
				if (k < 0) break;
				const end = place.get(key(run[k]));
				if (end !== undefined && end >= at && end - at < 2 * size) return end;
			}
			return -1;
		};
		for (const run of prev) {
			const end = endOf(run);
			if (end < 0) continue;
			put(at, end + 1, run);
			at = end + 1;
		}
		// What is left after the last kept run joins it while the run stays within bounds.
		const last = out.length - 1;
		if (last >= 0 && at < items.length && out[last].length + items.length - at <= 2 * size) {
			const from = at - out[last].length;
			out.pop();
			put(from, items.length, undefined);
			at = items.length;
		}
	}
	for (; at < items.length; at += size) put(at, Math.min(items.length, at + size), prev?.[out.length]);
	return prev && out.length === prev.length && out.every((run, i) => run === prev[i]) ? prev : out;
}
