import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { createBoard, getAccount, listAccountsWithBoards } from '$lib/server/boards.ts';
import { defaultReviewSource, reviewSources } from '$lib/server/boardTemplates.ts';
import { boardPresence } from '$lib/server/live.ts';
import { requireWorkspace } from '$lib/server/guards.ts';
import { hasErrors, oneOf, requireText, str, type FieldErrors } from '$lib/server/validate.ts';
import { newFormToken, once } from '$lib/server/formToken.ts';
import { TEMPLATES } from '$lib/board/model/templates.ts';
import { importBoard } from '$lib/server/boardExport.ts';
import { BoardFileError, MAX_EXPORT_BYTES } from '$lib/board/doc/exportFile.ts';
import { storedBoardDoc } from '$lib/server/crmExport.ts';
import { readEngagement } from '$lib/board/doc/engagement.ts';
import { overdueTouchPoints } from '$lib/board/views/coverage.ts';
import { isoDay } from '$lib/board/views/engagement.ts';

/** Planned touch points past their date on a board (its internal document; the account page is the supplier side's). */
async function overdueCount(db: ReturnType<typeof getDb>, boardId: string, today: string): Promise<number> {
	const internal = await storedBoardDoc(db, boardId, 'internal');
	try {
		return overdueTouchPoints(readEngagement(internal), today).length;
	} finally {
		internal.destroy();
	}
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { user, workspace } = await requireWorkspace(locals, url);
	const db = getDb();
	const viewer = { kind: 'user' as const, userId: user.id, name: user.name };
	const showArchived = url.searchParams.get('archived') === '1';
	const account = (await listAccountsWithBoards(db, workspace.id, viewer, { archived: showArchived })).find((a) => a.id === params.id);
	if (!account) error(404, 'Account not found.');
	// What a quarterly review may start from: only boards this person can open.
	const sources = await reviewSources(db, account.id, viewer);
	return {
		showArchived,
		formToken: newFormToken(),
		account: {
			...account,
			boards: await Promise.all(account.boards.map(async (b) => ({
				id: b.id,
				name: b.name,
				template: b.template,
				createdAt: b.createdAt,
				creatorName: b.creatorName,
				lastActivityAt: b.lastActivityAt,
				archivedAt: b.archivedAt,
				manage: b.manage,
				online: boardPresence(b.id),
				overdueTouchPoints: b.archivedAt ? 0 : await overdueCount(db, b.id, isoDay(Date.now()))
			})))
		},
		review: {
			sources: sources.map((s) => ({ id: s.id, name: s.name, createdAt: s.createdAt, hasContent: s.hasContent })),
			defaultId: defaultReviewSource(sources)?.id ?? null
		}
	};
};

export const actions: Actions = {
	createBoard: async ({ locals, url, params, request }) => {
		const { user, workspace } = await requireWorkspace(locals, url);
		const db = getDb();
		if (!await getAccount(db, workspace.id, params.id)) error(404, 'Account not found.');
		const form = await request.formData();
		const errors: FieldErrors = {};
		const name = requireText(form, 'name', 'Board name', errors, 120);
		const template = oneOf(form, 'template', TEMPLATES, 'template', errors);
		// A review's source: one of this account's boards its creator can open (none given = the default).
		const sourceId = template === 'qbr' ? str(form, 'sourceId') || undefined : undefined;
		if (sourceId && !(await reviewSources(db, params.id, { kind: 'user', userId: user.id, name: user.name })).some((s) => s.id === sourceId))
			errors.sourceId = 'Choose a board of this account that you can open.';
		if (hasErrors(errors)) return fail(400, { values: { name, template, sourceId }, errors });
		const id = await once({ sessionId: locals.sessionId, action: 'createBoard' }, form, () => createBoard(db, { accountId: params.id, name, template, createdBy: user.id, sourceId }));
		redirect(303, `/boards/${id}`);
	},
	importBoard: async ({ locals, url, params, request }) => {
		const { user, workspace } = await requireWorkspace(locals, url);
		const db = getDb();
		if (!await getAccount(db, workspace.id, params.id)) error(404, 'Account not found.');
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { importError: 'Choose a board file to import.' });
		if (file.size > MAX_EXPORT_BYTES) return fail(413, { importError: `The file is larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MB.` });
		const text = await file.text();
		let id: string;
		try {
			id = await once({ sessionId: locals.sessionId, action: 'importBoard' }, form, () =>
				importBoard(db, { accountId: params.id, createdBy: user.id, text, byteLength: file.size })
			);
		} catch (err) {
			if (err instanceof BoardFileError) return fail(400, { importError: err.message });
			throw err;
		}
		redirect(303, `/boards/${id}`);
	}
};
