import type { LayoutServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { workspaceOf } from '$lib/server/workspace.ts';

export const load: LayoutServerLoad = async ({ locals }) => {
	const workspace = locals.user ? await workspaceOf(getDb(), locals.user.id) : null;
	return {
		user: locals.user ? { id: locals.user.id, name: locals.user.name, email: locals.user.email } : null,
		guest: locals.guest ? { id: locals.guest.id, name: locals.guest.displayName, boardId: locals.guest.boardId } : null,
		workspace: workspace ? { id: workspace.id, name: workspace.name, role: workspace.role } : null
	};
};
