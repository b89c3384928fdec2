import type { PageServerLoad } from './$types';
import { requireBoard } from '$lib/server/guards.ts';
import { reportFor } from '$lib/server/report/request.ts';

// The report as HTML (?version=client|internal, ?a=&b= for a comparison): what the PDF is made
// from, and printable by itself when there is no Chromium on the server.
export const load: PageServerLoad = async ({ locals, url, params }) => {
	await requireBoard(locals, url, params.id);
	return { report: await reportFor(locals, url, params.id) };
};
