import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { resolveBoardAccess } from '$lib/server/access.ts';
import { exportBoard } from '$lib/server/boardExport.ts';
import { canReadDoc } from '$lib/board/model/roles.ts';

/**
 * The board as a file (doc/exportFile.ts): the shared content for anyone who can open the board;
 * the internal content only with `?internal=1`, and only for those who may read it (403 otherwise).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.principal) error(401, 'Sign in to export a board.');
	const db = getDb();
	const access = await resolveBoardAccess(db, locals.principal, params.id);
	if (!access) error(404, 'Board not found, or you do not have access to it.');
	const withInternal = url.searchParams.get('internal') === '1';
	if (withInternal && !canReadDoc(access, 'internal')) error(403, 'Only the supplier side can export internal content.');
	const file = await exportBoard(db, params.id, withInternal);
	if (!file) error(404, 'Board not found, or you do not have access to it.');
	const base = file.board.name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 60) || 'board';
	return new Response(JSON.stringify(file, null, 1), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="tandem-board.json"; filename*=UTF-8''${encodeURIComponent(base)}.tandem.json`,
			'cache-control': 'no-store'
		}
	});
};
