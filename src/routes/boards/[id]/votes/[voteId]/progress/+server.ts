import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { canManageBoard } from '$lib/board/model/roles.ts';
import { callerOf, readLiveVote, refuse, voteProgress } from '$lib/server/votes.ts';

/** Facilitators only: who has voted and their dots left (never where the dots went). */
export const GET: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	if (!canManageBoard(c.access)) return refuse(403, 'Only a facilitator sees who has voted.');
	const vote = await readLiveVote(event.params.id, event.params.voteId);
	if (!vote) return refuse(404, 'No such vote.');
	return json(await voteProgress(event.params.id, vote));
};
