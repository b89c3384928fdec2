import { error, redirect } from '@sveltejs/kit';
import { getDb } from './db/index.ts';
import { resolveBoardAccess } from './access.ts';
import { workspaceOf } from './workspace.ts';
import { canManageBoard, canManageLifecycle, type BoardAccess } from '../board/model/roles.ts';
import { getBoard } from './boards.ts';

export function requireUser(locals: App.Locals, url: URL) {
	if (locals.user) return locals.user;
	if (locals.guest) redirect(303, `/boards/${locals.guest.boardId}`);
	redirect(303, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function requireWorkspace(locals: App.Locals, url: URL) {
	const user = requireUser(locals, url);
	const workspace = await workspaceOf(getDb(), user.id);
	if (!workspace) redirect(303, '/setup');
	return { user, workspace };
}

/** 404 rather than 403 for boards one cannot open, so board ids do not leak. */
export async function requireBoard(locals: App.Locals, url: URL, boardId: string): Promise<BoardAccess> {
	if (!locals.principal) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const access = await resolveBoardAccess(getDb(), locals.principal, boardId);
	if (!access) error(404, 'Board not found, or you do not have access to it.');
	return access;
}

/** Links, roles and removals: a supplier-side facilitator of this board only (roles.ts canManageBoard). */
export async function requireFacilitator(locals: App.Locals, url: URL, boardId: string): Promise<BoardAccess> {
	const access = await requireBoard(locals, url, boardId);
	if (!canManageBoard(access)) error(403, 'Only a facilitator of this board can do that.');
	return access;
}

/**
 * Rename, archive, restore, delete: a supplier-side facilitator of this board or the owner of its
 * account (roles.ts canManageLifecycle). 404 for boards one cannot open, as everywhere.
 */
export async function requireLifecycle(locals: App.Locals, url: URL, boardId: string) {
	const access = await requireBoard(locals, url, boardId);
	const board = (await getBoard(getDb(), boardId))!;
	const ownsAccount = locals.principal?.kind === 'user' && locals.principal.userId === board.accountOwnerId;
	if (!canManageLifecycle(access, ownsAccount)) error(403, 'Only a facilitator of this board or the account manager can do that.');
	return { access, board };
}
