import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { invalidateSession } from '$lib/server/auth/session.ts';
import { clearSessionCookie } from '$lib/server/auth/cookies.ts';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.sessionId) await invalidateSession(getDb(), event.locals.sessionId);
		clearSessionCookie(event);
		redirect(303, '/signin');
	}
};
