import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { createWorkspaceInvite, listWorkspaceInvites, listWorkspaceMembers, revokeWorkspaceInvite } from '$lib/server/workspace.ts';
import { requireWorkspace } from '$lib/server/guards.ts';
import { str } from '$lib/server/validate.ts';
import { newFormToken, once } from '$lib/server/formToken.ts';

const DAY = 86_400_000;

export const load: PageServerLoad = async ({ locals, url }) => {
	const { workspace } = await requireWorkspace(locals, url);
	const db = getDb();
	return { members: await listWorkspaceMembers(db, workspace.id), invites: await listWorkspaceInvites(db, workspace.id), formToken: newFormToken() };
};

export const actions: Actions = {
	invite: async ({ locals, url, request }) => {
		const { user, workspace } = await requireWorkspace(locals, url);
		const form = await request.formData();
		const days = Number(str(form, 'days') || '7');
		if (![1, 7, 30].includes(days)) return fail(400, { message: 'Choose how long the link stays valid.' });
		const token = await once({ sessionId: locals.sessionId, action: 'workspaceInvite' }, form, () => createWorkspaceInvite(getDb(), workspace.id, user.id, days * DAY));
		return { inviteUrl: `${url.origin}/join/${token}` };
	},
	revoke: async ({ locals, url, request }) => {
		const { workspace } = await requireWorkspace(locals, url);
		const form = await request.formData();
		if (!await revokeWorkspaceInvite(getDb(), workspace.id, str(form, 'id'))) return fail(404, { message: 'That invite link is not one of your workspace.' });
		return { revoked: true };
	}
};
