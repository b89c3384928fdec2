import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { findWorkspaceInvite, joinWorkspace } from '$lib/server/workspace.ts';

export const load: PageServerLoad = async ({ params, locals }) => {
	const invite = await findWorkspaceInvite(getDb(), params.token);
	if (!invite.ok) return { invalid: invite.reason, workspaceName: null, signedIn: !!locals.user };
	return { invalid: null, workspaceName: invite.workspaceName, signedIn: !!locals.user };
};

export const actions: Actions = {
	default: async ({ params, locals, url }) => {
		if (!locals.user) redirect(303, `/signup?next=${encodeURIComponent(url.pathname)}`);
		const db = getDb();
		const invite = await findWorkspaceInvite(db, params.token);
		if (!invite.ok) return fail(400, { message: invite.reason });
		const joined = await joinWorkspace(db, locals.user.id, invite.workspaceId);
		if (!joined.ok) return fail(400, { message: joined.reason });
		redirect(303, '/');
	}
};
