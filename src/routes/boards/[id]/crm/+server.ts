import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { resolveBoardAccess } from '$lib/server/access.ts';
import { crmExport } from '$lib/server/crmExport.ts';
import { CRM_FILE_NAMES, type CrmFileName } from '$lib/board/views/crmExport.ts';
import { canReadDoc } from '$lib/board/model/roles.ts';

/**
 * The CRM hand-off (views/crmExport.ts): one CSV file per request, `?file=` AccountPlan,
 * AccountPlanObjective, Task, Contact or generic. Client-safe for anyone who can open the board;
 * internal fields (ability, relationship, sponsor, emails, touch points) only with `?internal=1`,
 * and only for the supplier side (403 otherwise), like the board export.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.principal) error(401, 'Sign in to export a board.');
	const db = getDb();
	const access = await resolveBoardAccess(db, locals.principal, params.id);
	if (!access) error(404, 'Board not found, or you do not have access to it.');
	const withInternal = url.searchParams.get('internal') === '1';
	if (withInternal && !canReadDoc(access, 'internal')) error(403, 'Only the supplier side can export internal fields.');
	const which = url.searchParams.get('file') ?? 'generic';
	if (!(CRM_FILE_NAMES as readonly string[]).includes(which)) error(400, `Unknown file: choose one of ${CRM_FILE_NAMES.join(', ')}.`);
	const result = await crmExport(db, params.id, which as CrmFileName, withInternal);
	if (!result) error(404, 'Board not found, or you do not have access to it.');
	return new Response(result.text, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${result.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
