import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { canManageBoard } from '$lib/board/model/roles.ts';
import { callerOf, pendingNoteCount, readJson, refuse, revealNotes } from '$lib/server/votes.ts';

/** Facilitators: how many notes wait per side (no texts, no names). */
export const GET: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	if (!canManageBoard(c.access)) return refuse(403, 'Only a facilitator reveals the notes.');
	return json(await pendingNoteCount(getDb(), event.params.id));
};

/** { target: 'goals' | 'list', listId?, anonymous }: every waiting note goes into the board at once. */
export const POST: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	if (!canManageBoard(c.access)) return refuse(403, 'Only a facilitator reveals the notes.');
	const body = await readJson(event.request);
	if (!body) return refuse(400, 'Send { target, listId, anonymous }.');
	const anonymous = body.anonymous === true;
	if (body.target === 'goals') return revealNotes(c, event.params.id, { kind: 'goals' }, anonymous);
	if (body.target === 'list' && typeof body.listId === 'string') return revealNotes(c, event.params.id, { kind: 'list', listId: body.listId }, anonymous);
	return refuse(400, 'Reveal into the goals or a list.');
};
