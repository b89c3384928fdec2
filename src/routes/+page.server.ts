import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { createAccount, listAccountsWithBoards } from '$lib/server/boards.ts';
import { listWorkspaceMembers } from '$lib/server/workspace.ts';
import { boardPresence } from '$lib/server/live.ts';
import { requireWorkspace } from '$lib/server/guards.ts';
import { hasErrors, requireText, str, type FieldErrors } from '$lib/server/validate.ts';
import { newFormToken, once } from '$lib/server/formToken.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user, workspace } = await requireWorkspace(locals, url);
	const db = getDb();
	const accounts = (await listAccountsWithBoards(db, workspace.id, { kind: 'user', userId: user.id, name: user.name })).map((a) => ({
		...a,
		boards: a.boards.map((b) => ({ id: b.id, name: b.name, template: b.template, lastActivityAt: b.lastActivityAt, online: boardPresence(b.id) }))
	}));
	return { accounts, formToken: newFormToken(), members: (await listWorkspaceMembers(db, workspace.id)).map((m) => ({ id: m.id, name: m.name })) };
};

export const actions: Actions = {
	createAccount: async ({ locals, url, request }) => {
		const { user, workspace } = await requireWorkspace(locals, url);
		const db = getDb();
		const form = await request.formData();
		const errors: FieldErrors = {};
		const name = requireText(form, 'name', 'Customer name', errors, 120);
		const ownerId = str(form, 'ownerId') || user.id;
		if (!(await listWorkspaceMembers(db, workspace.id)).some((m) => m.id === ownerId)) errors.ownerId = 'Choose an account manager from your team.';
		if (hasErrors(errors)) return fail(400, { values: { name, ownerId }, errors });
		const id = await once({ sessionId: locals.sessionId, action: 'createAccount' }, form, () => createAccount(db, workspace.id, name, ownerId));
		return { created: id };
	}
};
