import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { docsOf } from '$lib/server/db/query.ts';
import type { QuarantineRow } from '$lib/server/docStores.ts';
import { archiveBoard, boardPeopleSides, deleteBoard, getBoard, listBoardPeople, renameBoard, restoreBoard } from '$lib/server/boards.ts';
import { requireBoard, requireLifecycle } from '$lib/server/guards.ts';
import { notifyAccessChanged, notifyBoardDeleted } from '$lib/server/live.ts';
import { hasErrors, requireText, str, type FieldErrors } from '$lib/server/validate.ts';
import { canManageBoard, canManageLifecycle, canReadDoc, canWrite } from '$lib/board/model/roles.ts';
import { docName, type DocName } from '$lib/board/model/docNames.ts';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const access = await requireBoard(locals, url, params.id);
	const db = getDb();
	const board = (await getBoard(db, params.id))!;
	const principal = locals.principal!;
	const docs: DocName[] = canReadDoc(access, 'internal') ? ['shared', 'internal'] : ['shared'];
	const people = await listBoardPeople(db, params.id);
	return {
		board: { id: board.id, name: board.name, template: board.template, accountId: board.accountId, accountName: board.accountName },
		access,
		canWrite: canWrite(access),
		// Rename, archive, restore, delete: mirrors the actions below.
		manage: canManageLifecycle(access, principal.kind === 'user' && principal.userId === board.accountOwnerId),
		archived: board.archivedAt === null ? null : { at: board.archivedAt, byName: board.archivedByName ?? 'a facilitator' },
		docs,
		// Stored changes that could not be loaded and were kept aside: the facilitator is told.
		setAside: canManageBoard(access) ? summarizeSetAside(await docsOf(db).quarantined(docs.map((d) => docName(params.id, d)))) : null,
		// Possible action owners besides the board's stakeholders: names only, no emails.
		members: people.members.filter((m) => m.role !== 'removed').map((m) => ({ id: m.id, name: m.name })),
		// Whose side each author is on, for the session summary's contribution shares (ids and sides only).
		sides: await boardPeopleSides(db, params.id),
		// Client-side people a facilitator can link to their stakeholder entry (engagement plan): keys and names only.
		clientPeople: canManageBoard(access) ? clientPeopleOf(people) : [],
		me: {
			id: principal.kind === 'user' ? principal.userId : principal.guestId,
			name: principal.name,
			kind: principal.kind,
			side: access.side
		}
	};
};

/** Client-side people (guests, and signed-in people from outside) by person key and name. */
function clientPeopleOf(people: Awaited<ReturnType<typeof listBoardPeople>>) {
	return [
		...people.guests.filter((g) => g.side === 'client').map((g) => ({ key: `guest:${g.id}`, name: g.displayName })),
		...people.members.filter((m) => m.side === 'client' && m.role !== 'removed').map((m) => ({ key: `user:${m.id}`, name: m.name }))
	];
}

function summarizeSetAside(rows: QuarantineRow[]) {
	if (rows.length === 0) return null;
	return { count: rows.length, newestAt: rows[0].createdAt, reason: rows[0].reason };
}

// The board's life cycle. Each action acts on the board of the URL only, after requireLifecycle;
// archiving and restoring twice change nothing the second time, so a double submit is harmless.
export const actions: Actions = {
	rename: async ({ locals, url, params, request }) => {
		await requireLifecycle(locals, url, params.id);
		const form = await request.formData();
		const errors: FieldErrors = {};
		const name = requireText(form, 'name', 'Board name', errors, 120);
		if (hasErrors(errors)) return fail(400, { action: 'rename', values: { name }, errors });
		await renameBoard(getDb(), params.id, name);
		return { action: 'rename', name };
	},
	archive: async ({ locals, url, params }) => {
		const { access } = await requireLifecycle(locals, url, params.id);
		const p = locals.principal!;
		const by = { id: p.kind === 'user' ? p.userId : p.guestId, name: p.name };
		if (await archiveBoard(getDb(), params.id, by)) notifyAccessChanged(access.boardId);
		return { action: 'archive' };
	},
	restore: async ({ locals, url, params }) => {
		const { access } = await requireLifecycle(locals, url, params.id);
		if (await restoreBoard(getDb(), params.id)) notifyAccessChanged(access.boardId);
		return { action: 'restore' };
	},
	delete: async ({ locals, url, params, request }) => {
		const { board } = await requireLifecycle(locals, url, params.id);
		const form = await request.formData();
		if (str(form, 'confirm') !== 'delete') return fail(400, { action: 'delete', errors: { confirm: 'Confirm that the board should be deleted.' } });
		if (await deleteBoard(getDb(), params.id)) notifyBoardDeleted(params.id);
		redirect(303, `/accounts/${board.accountId}`);
	}
};
