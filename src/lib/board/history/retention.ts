// Which checkpoints of one document to keep, so the history never grows without bound. Pure: the
// server applies it each time it creates a checkpoint (src/lib/server/checkpoints.ts).

export const RETENTION = {
	/** Manual checkpoints: the newest this many per document. */
	manualMax: 200,
	/** Automatic ones: every one from the last this many days… */
	allDays: 7,
	/** …then the newest of each (UTC) day up to this age… */
	dailyDays: 90
	/** …then the newest of each week (7-day buckets counted from the epoch). */
} as const;

const DAY = 86_400_000;

export interface RetainedCandidate {
	id: string;
	kind: 'manual' | 'auto';
	createdAt: number;
}

/** The ids to keep among one document's checkpoints at time `now`; every other one is deleted. */
export function checkpointsToKeep(list: readonly RetainedCandidate[], now: number): Set<string> {
	const keep = new Set<string>();
	const newestFirst = [...list].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
	let manual = 0;
	const buckets = new Set<string>();
	for (const c of newestFirst) {
		if (c.kind === 'manual') {
			if (manual++ < RETENTION.manualMax) keep.add(c.id);
			continue;
		}
		const age = now - c.createdAt;
		if (age < RETENTION.allDays * DAY) {
			keep.add(c.id);
			continue;
		}
		const day = Math.floor(c.createdAt / DAY);
		const bucket = age < RETENTION.dailyDays * DAY ? `d${day}` : `w${Math.floor(day / 7)}`;
		// Newest first: the first one seen in a bucket is the one kept.
		if (!buckets.has(bucket)) {
			buckets.add(bucket);
			keep.add(c.id);
		}
	}
	return keep;
}
