// The offset between this browser's clock and the server's, measured NTP-style against GET /time,
// so every screen computes the same remaining time from the same absolute timestamps.

export interface ClockSample {
	/** Local time when the request left. */
	t0: number;
	/** The server's Date.now() in the answer. */
	server: number;
	/** Local time when the answer arrived. */
	t1: number;
}

/**
 * serverTime − local midpoint of the sample with the smallest round trip (the one whose answer
 * was least delayed in either direction, so its midpoint is the best estimate of when the server
 * read its clock). 0 with no samples.
 */
export function clockOffset(samples: readonly ClockSample[]): number {
	let best: ClockSample | null = null;
	for (const s of samples) {
		if (![s.t0, s.server, s.t1].every(Number.isFinite) || s.t1 < s.t0) continue;
		if (!best || s.t1 - s.t0 < best.t1 - best.t0) best = s;
	}
	return best ? best.server - (best.t0 + best.t1) / 2 : 0;
}

/** Samples the server's clock `count` times, one after another; failed requests are skipped. */
export async function sampleServerClock(fetchTime: () => Promise<number>, count = 5, now: () => number = () => Date.now()): Promise<ClockSample[]> {
	const out: ClockSample[] = [];
	for (let i = 0; i < count; i++) {
		const t0 = now();
		try {
			const server = await fetchTime();
			out.push({ t0, server, t1: now() });
		} catch {
			// offline or the server restarting: use what we have
		}
	}
	return out;
}

export async function fetchServerTime(): Promise<number> {
	const res = await fetch('/time', { cache: 'no-store', headers: { accept: 'application/json' } });
	if (!res.ok) throw new Error(`GET /time: ${res.status}`);
	const body = (await res.json()) as { now?: unknown };
	if (typeof body.now !== 'number' || !Number.isFinite(body.now)) throw new Error('GET /time: no time');
	return body.now;
}
