import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { createBoard, getAccount, listAccountsWithBoards } from '$lib/server/boards.ts';
import { boardPresence } from '$lib/server/live.ts';
import { requireWorkspace } from '$lib/server/guards.ts';
import { hasErrors, oneOf, requireText, type FieldErrors } from '$lib/server/validate.ts';
import { newFormToken, once } from '$lib/server/formToken.ts';
import { TEMPLATES } from '$lib/board/model/templates.ts';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const { user, workspace } = requireWorkspace(locals, url);
	const db = getDb();
	const account = listAccountsWithBoards(db, workspace.id, { kind: 'user', userId: user.id, name: user.name }).find((a) => a.id === params.id);
	if (!account) error(404, 'Account not found.');
	return {
		formToken: newFormToken(),
		account: {
			...account,
			boards: account.boards.map((b) => ({ id: b.id, name: b.name, template: b.template, createdAt: b.createdAt, lastActivityAt: b.lastActivityAt, online: boardPresence(b.id) }))
		}
	};
};

export const actions: Actions = {
	createBoard: async ({ locals, url, params, request }) => {
		const { user, workspace } = requireWorkspace(locals, url);
		const db = getDb();
		if (!getAccount(db, workspace.id, params.id)) error(404, 'Account not found.');
		const form = await request.formData();
		const errors: FieldErrors = {};
		const name = requireText(form, 'name', 'Board name', errors, 120);
		const template = oneOf(form, 'template', TEMPLATES, 'template', errors);
		if (hasErrors(errors)) return fail(400, { values: { name, template }, errors });
		const id = once({ sessionId: locals.sessionId, action: 'createBoard' }, form, () => createBoard(db, { accountId: params.id, name, template, createdBy: user.id }));
		redirect(303, `/boards/${id}`);
	}
};
