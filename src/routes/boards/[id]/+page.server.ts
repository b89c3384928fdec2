import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { getBoard, listBoardPeople } from '$lib/server/boards.ts';
import { requireBoard } from '$lib/server/guards.ts';
import { canManageBoard, canReadDoc, canWrite } from '$lib/board/model/roles.ts';
import { docName, type DocName } from '$lib/board/model/docNames.ts';
import { quarantinedRows } from '$lib/server/docStore.ts';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const access = requireBoard(locals, url, params.id);
	const db = getDb();
	const board = getBoard(db, params.id)!;
	const principal = locals.principal!;
	const docs: DocName[] = canReadDoc(access, 'internal') ? ['shared', 'internal'] : ['shared'];
	return {
		board: { id: board.id, name: board.name, template: board.template, accountId: board.accountId, accountName: board.accountName },
		access,
		canWrite: canWrite(access),
		docs,
		// Stored changes that could not be loaded and were kept aside: the facilitator is told.
		setAside: canManageBoard(access) ? summarizeSetAside(quarantinedRows(db, docs.map((d) => docName(params.id, d)))) : null,
		// Possible action owners besides the board's stakeholders: names only, no emails.
		members: listBoardPeople(db, params.id)
			.members.filter((m) => m.role !== 'removed')
			.map((m) => ({ id: m.id, name: m.name })),
		me: {
			id: principal.kind === 'user' ? principal.userId : principal.guestId,
			name: principal.name,
			kind: principal.kind,
			side: access.side
		}
	};
};

function summarizeSetAside(rows: ReturnType<typeof quarantinedRows>) {
	if (rows.length === 0) return null;
	return { count: rows.length, newestAt: rows[0].createdAt, reason: rows[0].reason };
}
