import { randomUUID } from 'node:crypto';
import { htmlToPdf } from './pdf.ts';
import type { ReportVersion } from '../../board/report/types.ts';
import type { JobView, SharedJobs } from './sharedJobs.ts';

// PDF reports are rendered one at a time, in the order asked, outside the request that asked
// (the browser polls the job's state): a long render never holds a request or the event loop,
// and two people asking at once never start two Chromiums on a small server. Finished files are
// kept for a few minutes for their owner to download, then dropped. In memory, and with several
// nodes also in PostgreSQL (sharedJobs.ts) so that any node answers the polls: a restart loses the
// node's pending jobs (the browser then says so and one asks again).

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
/** While this node has jobs pending, their shared rows are refreshed this often (sharedJobs.STALLED_MS). */
const TOUCH_MS = 30_000;
const jobs = new Map<string, ReportJob>();
const queue: ReportJob[] = [];
let running = false;
let shared: SharedJobs | null = null;

/** Several nodes: jobs are also kept where every node reads them (server/app.ts, on PostgreSQL). */
export function shareJobs(through: SharedJobs | null): void {
	shared = through;
}

let saving: Promise<void> = Promise.resolve();

/**
 * Writes this node's pending jobs (and `also`) to the shared table, in order (one write at a time,
 * so a job's "rendering" never lands after its "done"); a failure only delays the polls elsewhere.
 */
function publish(...also: ReportJob[]): void {
	const to = shared;
	if (!to) return;
	const now = Date.now();
	const rows = [...new Set([...also, ...queue])].map((job) => ({ job: { ...job }, ahead: aheadOf(job) }));
	saving = saving.then(async () => {
		for (const r of rows) await to.save(r.job, r.ahead, now).catch(() => {});
	});
}

export class TooManyJobsError extends Error {}

export function startJob(input: { owner: string; boardId: string; version: ReportVersion; fileName: string; html: string }, render: (html: string) => Promise<{ pdf: Buffer; ms: number }> = htmlToPdf): ReportJob {
	sweep();
	const pending = queue.filter((j) => j.owner === input.owner).length + [...jobs.values()].filter((j) => j.owner === input.owner && j.state === 'rendering').length;
	if (pending >= MAX_PENDING_PER_OWNER) throw new TooManyJobsError('Three reports are already being prepared for you: wait for one to finish.');
	const job: ReportJob = { ...input, id: randomUUID(), state: 'queued', createdAt: Date.now(), pdf: null, renderMs: null, error: null };
	jobs.set(job.id, job);
	queue.push(job);
	publish(job);
	void pump(render);
	return job;
}

async function pump(render: (html: string) => Promise<{ pdf: Buffer; ms: number }>): Promise<void> {
	if (running) return;
	running = true;
	const touch = shared ? setInterval(() => publish(...[...jobs.values()].filter((j) => j.state === 'rendering')), TOUCH_MS) : null;
	touch?.unref();
	try {
		for (let job = queue.shift(); job; job = queue.shift()) {
			job.state = 'rendering';
			publish(job);
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
			publish(job);
		}
	} finally {
		running = false;
		if (touch) clearInterval(touch);
	}
}

/** The job, if it exists and is this person's: from this node, else (several nodes) the shared table. */
export async function getJob(id: string, owner: string, withFile = false): Promise<JobView | null> {
	sweep();
	const here = jobs.get(id);
	const job = here ? { ...here, ahead: here.state === 'queued' ? aheadOf(here) : 0, bytes: here.pdf?.length ?? null } : await shared?.read(id, withFile);
	return job && job.owner === owner ? job : null;
}

/** How many jobs wait before this one. */
export const aheadOf = (job: ReportJob): number => Math.max(0, queue.indexOf(job)) + (job.state === 'queued' && running ? 1 : 0);

let sharedSweptAt = 0;

function sweep(now = Date.now()): void {
	for (const [id, j] of jobs) if ((j.state === 'done' || j.state === 'failed') && now - j.createdAt > KEEP_MS) jobs.delete(id);
	if (shared && now - sharedSweptAt > 60_000) {
		sharedSweptAt = now;
		void shared.sweep(KEEP_MS, now).catch(() => {});
	}
}
