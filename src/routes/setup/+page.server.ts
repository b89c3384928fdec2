import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { createWorkspace, workspaceOf } from '$lib/server/workspace.ts';
import { requireUser } from '$lib/server/guards.ts';
import { hasErrors, requireText, type FieldErrors } from '$lib/server/validate.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (await workspaceOf(getDb(), user.id)) redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const user = requireUser(locals, url);
		const db = getDb();
		if (await workspaceOf(db, user.id)) redirect(303, '/');
		const form = await request.formData();
		const errors: FieldErrors = {};
		const name = requireText(form, 'name', 'Team name', errors, 80);
		if (hasErrors(errors)) return fail(400, { values: { name }, errors });
		await createWorkspace(db, user.id, name);
		redirect(303, '/');
	}
};
