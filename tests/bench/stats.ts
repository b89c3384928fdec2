// Small, dependency-free statistics for the bench.

export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	// Nearest-rank: p99 of 100 samples is the 99th, never an interpolation past the data.
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
	return sorted[rank - 1];
}

/** The true median: the middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number {
	const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
	if (v.length === 0) return NaN;
	const mid = v.length >> 1;
	return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** p50, p99 and count of a list of latencies. */
export const spread = (ms: readonly number[]) => ({ p50: median(ms), p99: quantile(ms, 0.99), n: ms.length });

/** Smallest and largest of the finite values, or null when there are none. */
export function range(values: readonly number[]): [number, number] | null {
	const v = values.filter((x) => Number.isFinite(x));
	return v.length ? [Math.min(...v), Math.max(...v)] : null;
}

/** ours / reference, or NaN when either is missing. */
export function ratio(ours: number, reference: number): number {
	if (!Number.isFinite(ours) || !Number.isFinite(reference) || reference === 0) return NaN;
	return ours / reference;
}

export function sum(values: readonly number[]): number {
	let s = 0;
	for (const v of values) s += v;
	return s;
}

/** Milliseconds since an arbitrary origin, monotonic: all latencies are taken in one process. */
export const now = (): number => performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms` so that nothing in the bench can hang forever. */
export async function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
	});
	try {
		return await Promise.race([p, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Polls `check` until it returns true or `ms` pass; returns whether it became true. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, every = 50): Promise<boolean> {
	const deadline = now() + ms;
	while (now() < deadline) {
		if (await check()) return true;
		await sleep(every);
	}
	return await check();
}
