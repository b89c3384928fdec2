import { randomUUID } from 'node:crypto';
import { htmlToPdf } from './pdf.ts';
import type { ReportVersion } from '../../board/report/types.ts';

// PDF reports are rendered one at a time, in the order asked, outside the request that asked
// (the browser polls the job's state): a long render never holds a request or the event loop,
// and two people asking at once never start two Chromiums on a small server. Finished files are
// kept for a few minutes for their owner to download, then dropped. In memory: a restart loses
// pending jobs (the browser then says so and one asks again).

export type JobState = 'queued' | 'rendering' | 'done' | 'failed';

export interface ReportJob {
	id: string;
	/** Who asked (user or guest id) and for which board and version: only they get it, after a fresh access check. */
	owner: string;
	boardId: string;
	version: ReportVersion;
	fileName: string;
	state: JobState;
	createdAt: number;
	html: string | null;
	pdf: Buffer | null;
	renderMs: number | null;
	error: string | null;
}

const KEEP_MS = 10 * 60_000;
const MAX_PENDING_PER_OWNER = 3;
const jobs = new Map<string, ReportJob>();
const queue: ReportJob[] = [];
let running = false;

export class TooManyJobsError extends Error {}

export function startJob(input: { owner: string; boardId: string; version: ReportVersion; fileName: string; html: string }, render: (html: string) => Promise<{ pdf: Buffer; ms: number }> = htmlToPdf): ReportJob {
	sweep();
	const pending = queue.filter((j) => j.owner === input.owner).length + [...jobs.values()].filter((j) => j.owner === input.owner && j.state === 'rendering').length;
	if (pending >= MAX_PENDING_PER_OWNER) throw new TooManyJobsError('Three reports are already being prepared for you: wait for one to finish.');
	const job: ReportJob = { ...input, id: randomUUID(), state: 'queued', createdAt: Date.now(), pdf: null, renderMs: null, error: null };
	jobs.set(job.id, job);
	queue.push(job);
	void pump(render);
	return job;
}

async function pump(render: (html: string) => Promise<{ pdf: Buffer; ms: number }>): Promise<void> {
	if (running) return;
	running = true;
	try {
		for (let job = queue.shift(); job; job = queue.shift()) {
			job.state = 'rendering';
			try {
				const r = await render(job.html!);
				job.pdf = r.pdf;
				job.renderMs = r.ms;
				job.state = 'done';
			} catch (err) {
				job.error = err instanceof Error ? err.message : 'The PDF could not be made.';
				job.state = 'failed';
			} finally {
				job.html = null;
			}
		}
	} finally {
		running = false;
	}
}

/** The job, if it exists and is this person's. */
export function getJob(id: string, owner: string): ReportJob | null {
	sweep();
	const job = jobs.get(id);
	return job && job.owner === owner ? job : null;
}

/** How many jobs wait before this one. */
export const aheadOf = (job: ReportJob): number => Math.max(0, queue.indexOf(job)) + (job.state === 'queued' && running ? 1 : 0);

function sweep(now = Date.now()): void {
	for (const [id, j] of jobs) if ((j.state === 'done' || j.state === 'failed') && now - j.createdAt > KEEP_MS) jobs.delete(id);
}
