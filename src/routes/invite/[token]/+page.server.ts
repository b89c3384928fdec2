import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { checkBoardInvite, redeemBoardInvite, spendInviteUse } from '$lib/server/boardInvites.ts';
import { resolveBoardAccess } from '$lib/server/access.ts';
import { setMemberRole } from '$lib/server/boards.ts';
import { startSession } from '$lib/server/auth/signIn.ts';
import { invalidateSession } from '$lib/server/auth/session.ts';
import { notifyAccessChanged } from '$lib/server/live.ts';
import { hasErrors, optionalText, requireText, type FieldErrors } from '$lib/server/validate.ts';

export const load: PageServerLoad = async ({ params, locals }) => {
	const check = await checkBoardInvite(getDb(), params.token);
	if (!check.ok) return { invalid: check.reason, board: null, side: null, role: null, signedInAs: null };
	return {
		invalid: null,
		board: { id: check.invite.boardId, name: check.boardName },
		side: check.invite.side,
		role: check.invite.role,
		signedInAs: locals.user?.name ?? null
	};
};

export const actions: Actions = {
	/** A person without an account: a guest session scoped to this one board. */
	guest: async (event) => {
		const form = await event.request.formData();
		const errors: FieldErrors = {};
		const displayName = requireText(form, 'displayName', 'Your name', errors, 80);
		const title = optionalText(form, 'title', 'Title', errors, 120);
		const fn = optionalText(form, 'function', 'Function', errors, 80);
		const values = { displayName, title, function: fn };
		if (hasErrors(errors)) return fail(400, { values, errors });
		const db = getDb();
		const result = await redeemBoardInvite(db, event.params.token, { displayName, title, function: fn });
		if (!result.ok) return fail(400, { values, message: result.reason });
		if (event.locals.sessionId && event.locals.guest) await invalidateSession(db, event.locals.sessionId);
		await startSession(event, { guestId: result.guestId });
		notifyAccessChanged(result.boardId);
		redirect(303, `/boards/${result.boardId}`);
	},
	/** A signed-in person joins with the link's role and side, unless they already have access. */
	member: async ({ params, locals, url }) => {
		if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
		const db = getDb();
		const check = await checkBoardInvite(db, params.token);
		if (!check.ok) return fail(400, { message: check.reason });
		const boardId = check.invite.boardId;
		const existing = await resolveBoardAccess(db, { kind: 'user', userId: locals.user.id, name: locals.user.name }, boardId);
		if (!existing) {
			await spendInviteUse(db, check.invite.id);
			await setMemberRole(db, boardId, locals.user.id, check.invite.role, check.invite.side);
		}
		redirect(303, `/boards/${boardId}`);
	}
};
