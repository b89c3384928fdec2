import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { getBoard, listBoardPeople, removeGuest, setGuestRole, setMemberRole } from '$lib/server/boards.ts';
import { createBoardInvite, listBoardInvites, revokeBoardInvite } from '$lib/server/boardInvites.ts';
import { boardPresence, notifyAccessChanged } from '$lib/server/live.ts';
import { requireBoard, requireFacilitator } from '$lib/server/guards.ts';
import { oneOf, optionalText, str, hasErrors, type FieldErrors } from '$lib/server/validate.ts';
import { BOARD_ROLES, SIDES } from '$lib/board/roles.ts';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const access = requireBoard(locals, url, params.id);
	const db = getDb();
	const board = getBoard(db, params.id)!;
	const people = listBoardPeople(db, params.id);
	const facilitator = access.role === 'facilitator';
	return {
		board: { id: board.id, name: board.name, accountName: board.accountName, accountId: board.accountId },
		access,
		online: boardPresence(params.id),
		members: people.members.map((m) => ({ ...m, email: facilitator ? m.email : '' })),
		guests: people.guests.map((g) => ({ id: g.id, displayName: g.displayName, title: g.title, function: g.function, side: g.side, role: g.role, createdAt: g.createdAt })),
		invites: facilitator ? listBoardInvites(db, params.id) : []
	};
};

const HOUR = 3_600_000;

export const actions: Actions = {
	createInvite: async ({ locals, url, params, request }) => {
		const access = requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const errors: FieldErrors = {};
		const side = oneOf(form, 'side', SIDES, 'side', errors);
		const role = oneOf(form, 'role', BOARD_ROLES, 'role', errors);
		const label = optionalText(form, 'label', 'Label', errors, 80);
		const hours = str(form, 'expiresInHours');
		const uses = str(form, 'maxUses');
		let expiresAt: number | null = null;
		let maxUses: number | null = null;
		if (hours) {
			const h = Number(hours);
			if (!Number.isFinite(h) || h <= 0 || h > 24 * 365) errors.expiresInHours = 'Enter a number of hours between 1 and 8760, or leave empty.';
			else expiresAt = Date.now() + h * HOUR;
		}
		if (uses) {
			const n = Number(uses);
			if (!Number.isInteger(n) || n < 1 || n > 1000) errors.maxUses = 'Enter a whole number from 1 to 1000, or leave empty.';
			else maxUses = n;
		}
		if (role === 'facilitator' && side === 'client') errors.role = 'Client-side people can be participants or observers.';
		if (hasErrors(errors)) return fail(400, { errors, values: { side, role, label, expiresInHours: hours, maxUses: uses } });
		const token = createBoardInvite(getDb(), { boardId: access.boardId, side, role, label, expiresAt, maxUses, createdBy: locals.user?.id ?? 'guest' });
		return { inviteUrl: `${url.origin}/invite/${token}` };
	},
	revokeInvite: async ({ locals, url, params, request }) => {
		requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		revokeBoardInvite(getDb(), params.id, str(form, 'id'));
		notifyAccessChanged(params.id);
		return { notice: 'Link revoked. People who joined through it have been removed.' };
	},
	setRole: async ({ locals, url, params, request }) => {
		requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const errors: FieldErrors = {};
		const kind = str(form, 'kind');
		const id = str(form, 'personId');
		const role = oneOf(form, 'role', BOARD_ROLES, 'role', errors);
		if (hasErrors(errors)) return fail(400, { message: errors.role });
		const db = getDb();
		const board = getBoard(db, params.id)!;
		if (kind === 'guest') setGuestRole(db, params.id, id, role);
		else {
			if (id === board.createdBy) return fail(400, { message: "The board's creator always stays a facilitator." });
			const person = listBoardPeople(db, params.id).members.find((m) => m.id === id);
			if (!person) return fail(400, { message: 'That person is not on this board.' });
			setMemberRole(db, params.id, id, role, person.side);
		}
		notifyAccessChanged(params.id);
		return { notice: 'Role updated.' };
	},
	remove: async ({ locals, url, params, request }) => {
		requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const kind = str(form, 'kind');
		const id = str(form, 'personId');
		const db = getDb();
		const board = getBoard(db, params.id)!;
		if (kind === 'guest') removeGuest(db, params.id, id);
		else {
			if (id === board.createdBy) return fail(400, { message: "The board's creator cannot be removed." });
			const person = listBoardPeople(db, params.id).members.find((m) => m.id === id);
			if (!person) return fail(400, { message: 'That person is not on this board.' });
			setMemberRole(db, params.id, id, 'removed', person.side);
		}
		notifyAccessChanged(params.id);
		return { notice: 'Removed from the board. Their open connection closes within seconds.' };
	}
};
