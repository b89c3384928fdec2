import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { parseReport, reportQuery } from '$lib/server/report/request.ts';
import { startJob, TooManyJobsError } from '$lib/server/report/jobs.ts';
import { chromiumAvailable, ChromiumMissingError, selfContained } from '$lib/server/report/pdf.ts';
import { fileBase } from '$lib/server/report/files.ts';
import { getBoard } from '$lib/server/boards.ts';
import { getDb } from '$lib/server/db/index.ts';
import { principalId } from '$lib/server/report/owner.ts';

/**
 * Starts a PDF of the report (same ?version, ?a, ?b as the HTML report): the report page is
 * rendered here, with this request's session (so its own access checks run again), and queued for
 * Chromium. Answers 202 with the job to poll (./[job]); 503 with a clear message without Chromium.
 */
export const POST: RequestHandler = async ({ locals, params, url, fetch }) => {
	const req = await parseReport(locals, url, params.id);
	if (!chromiumAvailable()) error(503, new ChromiumMissingError().message);
	const page = new URL(`/boards/${params.id}/report/view?${reportQuery(req)}`, url);
	const res = await fetch(page.pathname + page.search, { headers: { accept: 'text/html' } });
	if (!res.ok) error(res.status === 403 || res.status === 404 ? res.status : 500, 'The report could not be rendered.');
	const html = await selfContained(await res.text(), page);
	const name = (await getBoard(getDb(), params.id))?.name ?? 'board';
	const suffix = req.version === 'internal' ? 'internal' : 'client-safe';
	try {
		const job = startJob({ owner: principalId(locals.principal!), boardId: params.id, version: req.version, fileName: `${fileBase(name)}-${req.compare ? 'comparison-' : ''}${suffix}.pdf`, html });
		return json({ id: job.id, state: job.state, status: `/boards/${params.id}/report/pdf/${job.id}` }, { status: 202 });
	} catch (err) {
		if (err instanceof TooManyJobsError) error(429, err.message);
		throw err;
	}
};
