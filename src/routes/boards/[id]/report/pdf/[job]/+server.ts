import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { resolveBoardAccess } from '$lib/server/access.ts';
import { getJob } from '$lib/server/report/jobs.ts';
import { principalId } from '$lib/server/report/owner.ts';
import { versionSide, ReportAccessError } from '$lib/server/report/data.ts';

/**
 * A PDF job's progress (JSON), or with ?download=1 the finished file. Only the person who asked,
 * and only while they can still open the board and read that version (checked again here).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.principal) error(401, 'Sign in to get a report.');
	const access = await resolveBoardAccess(getDb(), locals.principal, params.id);
	if (!access) error(404, 'Board not found, or you do not have access to it.');
	const download = url.searchParams.get('download') === '1';
	const job = await getJob(params.job, principalId(locals.principal), download);
	if (!job || job.boardId !== params.id) error(404, 'No such report (it may have expired: ask for it again).');
	try {
		versionSide(access, job.version);
	} catch (err) {
		if (err instanceof ReportAccessError) error(err.status, err.message);
		throw err;
	}
	if (download) {
		if (job.state !== 'done' || !job.pdf) error(409, 'The report is not ready yet.');
		return new Response(new Uint8Array(job.pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="tandem-report.pdf"; filename*=UTF-8''${encodeURIComponent(job.fileName)}`,
				'cache-control': 'no-store'
			}
		});
	}
	return json(
		{ id: job.id, state: job.state, ahead: job.ahead, error: job.error, bytes: job.bytes, renderMs: job.renderMs, download: job.state === 'done' ? `${url.pathname}?download=1` : null },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
