export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, err?: unknown) => void;

export const consoleLog: Log = (level, message, err) => {
	const line = `[sync] ${message}`;
	if (err === undefined) console[level](line);
	else console[level](line, err instanceof Error ? err.message : err);
};

export const silentLog: Log = () => {};

interface FrameCount {
	/** Frames since the last line written for this key. */
	count: number;
	lastReason: string;
	lastLineAt: number;
}

/**
 * Bad frames are counted, not logged one by one (a fuzzing client wrote 4,000 lines in one run):
 * the first from a person on a room is logged with its reason, then at most one summary line per
 * person and room per interval. flush() runs on a timer and at shutdown.
 */
export class MalformedFrames {
	private readonly log: Log;
	private readonly intervalMs: number;
	private readonly now: () => number;
	private readonly counts = new Map<string, FrameCount & { who: string; room: string; level: LogLevel }>();

	constructor(log: Log, options: { intervalMs?: number; now?: () => number } = {}) {
		this.log = log;
		this.intervalMs = options.intervalMs ?? 60_000;
		this.now = options.now ?? Date.now;
	}

	report(who: string, room: string, reason: string, level: LogLevel = 'warn', err?: unknown): void {
		const key = `${who}\n${room}`;
		const now = this.now();
		const entry = this.counts.get(key);
		if (!entry) {
			this.counts.set(key, { who, room, level, count: 0, lastReason: reason, lastLineAt: now });
			this.log(level, `malformed frame from ${who} on ${room}: ${reason}`, err);
			return;
		}
		entry.count++;
		entry.lastReason = reason;
		if (level === 'error') entry.level = 'error';
		if (now - entry.lastLineAt >= this.intervalMs) this.summarize(entry, now);
	}

	/** Writes the summaries that are due (all of them with `all`), and forgets quiet keys. */
	flush(all = false): void {
		const now = this.now();
		for (const [key, entry] of this.counts) {
			const due = all || now - entry.lastLineAt >= this.intervalMs;
			if (!due) continue;
			if (entry.count > 0) this.summarize(entry, now);
			else this.counts.delete(key);
		}
	}

	private summarize(entry: FrameCount & { who: string; room: string; level: LogLevel }, now: number): void {
		const seconds = Math.round((now - entry.lastLineAt) / 1000);
		this.log(entry.level, `${entry.count} malformed frames from ${entry.who} on ${entry.room} in the last ${seconds} s (last: ${entry.lastReason})`);
		entry.count = 0;
		entry.lastLineAt = now;
	}
}
