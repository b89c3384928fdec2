import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { findBoardPerson, getBoard, listBoardPeople, removeGuest, setGuestRole, setMemberRole } from '$lib/server/boards.ts';
import { createBoardInvite, listBoardInvites, revokeBoardInvite } from '$lib/server/boardInvites.ts';
import { boardPresence, notifyAccessChanged } from '$lib/server/live.ts';
import { requireBoard, requireFacilitator } from '$lib/server/guards.ts';
import { newFormToken, once } from '$lib/server/formToken.ts';
import { oneOf, optionalText, str, hasErrors, type FieldErrors } from '$lib/server/validate.ts';
import {
	BOARD_ROLES,
	SIDES,
	type BoardRole,
	type Side,
	canCreateLink,
	canManageBoard,
	canRemovePerson,
	canSetRole,
	rolesOffered
} from '$lib/board/model/roles.ts';

const PERSON_KINDS = ['member', 'guest'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const access = await requireBoard(locals, url, params.id);
	const db = getDb();
	const board = (await getBoard(db, params.id))!;
	const people = await listBoardPeople(db, params.id);
	// The page offers exactly what the actions below accept (the rules of roles.ts).
	const manages = canManageBoard(access);
	return {
		board: { id: board.id, name: board.name, accountName: board.accountName, accountId: board.accountId },
		access,
		manages,
		online: boardPresence(params.id),
		members: people.members.map((m) => ({
			...m,
			email: manages ? m.email : '',
			roles: rolesOffered(access, m),
			removable: canRemovePerson(access, m)
		})),
		guests: people.guests.map((g) => {
			const person = { side: g.side, creator: false };
			return {
				id: g.id,
				displayName: g.displayName,
				title: g.title,
				function: g.function,
				side: g.side,
				role: g.role,
				createdAt: g.createdAt,
				roles: rolesOffered(access, person),
				removable: canRemovePerson(access, person)
			};
		}),
		linkRoles: Object.fromEntries(SIDES.map((side) => [side, BOARD_ROLES.filter((role) => canCreateLink(access, side, role))])) as Record<Side, BoardRole[]>,
		invites: manages ? await listBoardInvites(db, params.id) : [],
		formToken: newFormToken()
	};
};

const HOUR = 3_600_000;

export const actions: Actions = {
	createInvite: async ({ locals, url, params, request }) => {
		const access = await requireFacilitator(locals, url, params.id);
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
		if (!errors.side && !errors.role && !canCreateLink(access, side, role)) errors.role = 'Client-side people can be participants or observers.';
		if (hasErrors(errors)) return fail(400, { errors, values: { side, role, label, expiresInHours: hours, maxUses: uses } });
		const token = await once({ sessionId: locals.sessionId, action: `createInvite:${access.boardId}` }, form, async () =>
			await createBoardInvite(getDb(), { boardId: access.boardId, side, role, label, expiresAt, maxUses, createdBy: locals.user?.id ?? locals.guest?.id ?? 'guest' })
		);
		return { inviteUrl: `${url.origin}/invite/${token}` };
	},
	revokeInvite: async ({ locals, url, params, request }) => {
		await requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		if (!await revokeBoardInvite(getDb(), params.id, str(form, 'id'))) return fail(404, { message: 'That link is not one of this board.' });
		notifyAccessChanged(params.id);
		return { notice: 'Link revoked. People who joined through it have been removed.' };
	},
	setRole: async ({ locals, url, params, request }) => {
		const access = await requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const errors: FieldErrors = {};
		const kind = oneOf(form, 'kind', PERSON_KINDS, 'kind of person', errors);
		const role = oneOf(form, 'role', BOARD_ROLES, 'role', errors);
		if (hasErrors(errors)) return fail(400, { message: errors.role ?? errors.kind });
		const db = getDb();
		const id = str(form, 'personId');
		const person = await findBoardPerson(db, params.id, kind, id);
		if (!person) return fail(404, { message: 'That person is not on this board.' });
		if (person.creator) return fail(400, { message: "The board's creator always stays a facilitator." });
		if (!canSetRole(access, person, role)) return fail(400, { message: 'Client-side people can be participants or observers.' });
		if (kind === 'guest') await setGuestRole(db, params.id, id, role);
		else await setMemberRole(db, params.id, id, role, person.side);
		notifyAccessChanged(params.id);
		return { notice: 'Role updated.' };
	},
	remove: async ({ locals, url, params, request }) => {
		const access = await requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const errors: FieldErrors = {};
		const kind = oneOf(form, 'kind', PERSON_KINDS, 'kind of person', errors);
		if (hasErrors(errors)) return fail(400, { message: errors.kind });
		const db = getDb();
		const id = str(form, 'personId');
		const person = await findBoardPerson(db, params.id, kind, id);
		if (!person || person.role === 'removed') return fail(404, { message: 'That person is not on this board.' });
		if (!canRemovePerson(access, person)) return fail(400, { message: "The board's creator cannot be removed." });
		if (kind === 'guest') await removeGuest(db, params.id, id);
		else await setMemberRole(db, params.id, id, 'removed', person.side);
		notifyAccessChanged(params.id);
		return { notice: 'Removed from the board. Their open connection closes within seconds.' };
	}
};
