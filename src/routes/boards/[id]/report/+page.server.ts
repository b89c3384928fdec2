import type { PageServerLoad } from './$types';
import { requireBoard } from '$lib/server/guards.ts';
import { getBoard } from '$lib/server/boards.ts';
import { getDb } from '$lib/server/db/index.ts';
import { canReadDoc } from '$lib/board/model/roles.ts';
import { chromiumAvailable } from '$lib/server/report/pdf.ts';

// The Reports page: which versions this person may have, and the PDF, CSV and Markdown of each.
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const access = await requireBoard(locals, url, params.id);
	const board = (await getBoard(getDb(), params.id))!;
	const a = url.searchParams.get('a');
	const b = url.searchParams.get('b');
	return {
		board: { id: board.id, name: board.name, accountName: board.accountName },
		side: access.side,
		internalAllowed: canReadDoc(access, 'internal'),
		compare: a && b ? { a, b } : null,
		pdfAvailable: chromiumAvailable()
	};
};
