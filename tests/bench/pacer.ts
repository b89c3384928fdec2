import { now } from './stats.ts';

interface Task {
	periodMs: number;
	next: number;
	run: () => void;
}

/**
 * Fires many periodic tasks from one timer, catching up on late ticks so that the offered load
 * stays at the nominal rate even when the event loop is busy. Phases are spread over one period so
 * that a thousand clients at 5/s do not all send in the same millisecond.
 */
export class Pacer {
	private readonly tasks: Task[] = [];
	private timer: ReturnType<typeof setInterval> | null = null;
	/** Sends that were due but fired more than one period late (the load generator fell behind). */
	lateFires = 0;

	add(ratePerSecond: number, run: () => void): void {
		const periodMs = 1000 / ratePerSecond;
		this.tasks.push({ periodMs, next: now() + Math.random() * periodMs, run });
	}

	/** Tasks may be added before or after start. */
	start(tickMs = 2): void {
		this.timer ??= setInterval(() => this.tick(), tickMs);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	private tick(): void {
		const t = now();
		for (const task of this.tasks) {
			// Bounded catch-up: at most 3 sends per task per tick.
			for (let i = 0; i < 3 && task.next <= t; i++) {
				if (t - task.next > task.periodMs) this.lateFires++;
				task.next += task.periodMs;
				task.run();
			}
			if (task.next <= t) task.next = t + task.periodMs; // drop what could not be caught up
		}
	}
}
