/**
 * At most `n` of the tasks run at once, started in the order they were asked for; the rest wait
 * their turn. For background work that would otherwise take every database connection at the same
 * moment (fifty boards taking their daily checkpoint as a load starts, catch-up reads).
 */
export function concurrencyLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
	let running = 0;
	const waiting: Array<() => void> = [];
	return async (task) => {
		if (running >= n) await new Promise<void>((r) => waiting.push(r));
		else running++;
		try {
			return await task();
		} finally {
			// The slot passes straight to the next in line (no window in which a newcomer could jump it).
			const next = waiting.shift();
			if (next) next();
			else running--;
		}
	};
}
