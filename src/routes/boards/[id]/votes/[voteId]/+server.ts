import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { ballotOf, callerOf, castDots, ownBallot, readJson, readLiveVote, refuse } from '$lib/server/votes.ts';

/** The caller's own ballot in this vote and dots left: nobody else's. */
export const GET: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	const vote = await readLiveVote(event.params.id, event.params.voteId);
	if (!vote) return refuse(404, 'No such vote.');
	return json(ownBallot(vote, await ballotOf(getDb(), event.params.id, event.params.voteId, c.personKey)));
};

/** { ref, delta }: adds or takes back dots; the server enforces the budget and the per-item maximum. */
export const POST: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	const body = await readJson(event.request);
	if (!body || typeof body.ref !== 'string' || typeof body.delta !== 'number') return refuse(400, 'Send { ref, delta }.');
	return castDots(c, event.params.id, event.params.voteId, body.ref, body.delta);
};
