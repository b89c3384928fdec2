import type pg from 'pg';
import type { ReportVersion } from '../../board/report/types.ts';
import type { JobState, ReportJob } from './jobs.ts';

// Several nodes (DATABASE_URL): a PDF job is rendered by the node that was asked, but the browser's
// polls and the download go through the balancer to any node. Each job's state, and the file once
// made, is kept in PostgreSQL too (table report_jobs), so every node can answer for it.

/** A job as any node sees it: its state, its place in its node's queue, the file when asked for. */
export type JobView = Omit<ReportJob, 'html'> & { ahead: number; bytes: number | null };

/** A job still queued or rendering with no word from its node for this long: its node is gone. */
export const STALLED_MS = 2 * 60_000;

interface Row {
	id: string;
	owner: string;
	board_id: string;
	version: string;
	file_name: string;
	state: string;
	ahead: number;
	created_at: number;
	updated_at: number;
	pdf: Buffer | null;
	render_ms: number | null;
	error: string | null;
}

export class SharedJobs {
	private readonly pool: pg.Pool;

	constructor(pool: pg.Pool) {
		this.pool = pool;
	}

	async save(job: ReportJob, ahead: number, now = Date.now()): Promise<void> {
		await this.pool.query(
			`INSERT INTO report_jobs (id, owner, board_id, version, file_name, state, ahead, created_at, updated_at, pdf, render_ms, error)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			 ON CONFLICT (id) DO UPDATE SET state = $6, ahead = $7, updated_at = $9, pdf = $10, render_ms = $11, error = $12`,
			[job.id, job.owner, job.boardId, job.version, job.fileName, job.state, ahead, job.createdAt, now, job.pdf, job.renderMs, job.error]
		);
	}

	/** The job, or null if it never existed or was dropped. The file is read only when `withFile`. */
	async read(id: string, withFile: boolean, now = Date.now()): Promise<JobView | null> {
		const { rows } = await this.pool.query<Row>(
			`SELECT id, owner, board_id, version, file_name, state, ahead, created_at::float8 AS created_at, updated_at::float8 AS updated_at,
			        ${withFile ? 'pdf' : 'NULL::bytea AS pdf'}, octet_length(pdf) AS bytes, render_ms, error
			   FROM report_jobs WHERE id = $1`,
			[id]
		);
		const r = rows[0] as (Row & { bytes: number | null }) | undefined;
		if (!r) return null;
		const stalled = (r.state === 'queued' || r.state === 'rendering') && now - r.updated_at > STALLED_MS;
		return {
			id: r.id,
			owner: r.owner,
			boardId: r.board_id,
			version: r.version as ReportVersion,
			fileName: r.file_name,
			state: stalled ? 'failed' : (r.state as JobState),
			ahead: stalled ? 0 : r.ahead,
			createdAt: r.created_at,
			pdf: r.pdf,
			bytes: r.bytes,
			renderMs: r.render_ms,
			error: stalled ? 'The server that was preparing this report stopped: ask for it again.' : r.error
		};
	}

	async sweep(keepMs: number, now = Date.now()): Promise<void> {
		await this.pool.query('DELETE FROM report_jobs WHERE created_at < $1', [now - keepMs]);
	}
}
