import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { getBoard, listBoardPeople } from '$lib/server/boards.ts';
import { requireBoard } from '$lib/server/guards.ts';
import { canReadDoc, canWrite, type DocName } from '$lib/board/roles.ts';

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
