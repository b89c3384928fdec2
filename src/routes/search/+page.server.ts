import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { searchBoards } from '$lib/server/search.ts';

/** One search over every board the person can open (a guest: their board). */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.principal) redirect(303, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
	const q = (url.searchParams.get('q') ?? '').slice(0, 200);
	return { q, hits: q.trim() ? await searchBoards(getDb(), locals.principal, q) : [] };
};
