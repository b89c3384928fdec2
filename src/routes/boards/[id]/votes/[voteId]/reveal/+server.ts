import type { RequestHandler } from './$types';
import { callerOf, revealVote } from '$lib/server/votes.ts';

/** The facilitator's reveal: the server tallies the ballots and writes the results into the board. */
export const POST: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	return revealVote(c, event.params.id, event.params.voteId);
};
