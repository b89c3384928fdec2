import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { resolveBoardAccess } from '$lib/server/access.ts';

/** Lets the board page tell "the network is down" from "you were removed from this board". */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.principal) return json({ error: 'Not signed in.' }, { status: 401 });
	const access = await resolveBoardAccess(getDb(), locals.principal, params.id);
	if (!access) return json({ error: 'No access to this board.' }, { status: 404 });
	return json(access);
};
