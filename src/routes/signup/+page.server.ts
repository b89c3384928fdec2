import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { createUser } from '$lib/server/auth/users.ts';
import { hashPassword } from '$lib/server/auth/password.ts';
import { startSession } from '$lib/server/auth/signIn.ts';
import { record, waitMs } from '$lib/server/auth/rateLimit.ts';
import { SIGN_UP_PER_ADDRESS, clientAddress, retryMessage } from '$lib/server/auth/limits.ts';
import { newId } from '$lib/server/ids.ts';
import { email as parseEmail, hasErrors, requireText, str, type FieldErrors } from '$lib/server/validate.ts';
import { safeNext } from '$lib/server/auth/next.ts';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

// Without email verification a sign-up that succeeds for a new address cannot hide that it fails
// for a taken one. What we can do: the same argon2 work either way (no instant answer for a taken
// email), one neutral message, and a per-address limit that makes probing slow.
const TAKEN = 'This email cannot be used for a new account. If you already have one, sign in instead.';

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const errors: FieldErrors = {};
		const name = requireText(form, 'name', 'Your name', errors, 80);
		const email = parseEmail(form, errors);
		const password = typeof form.get('password') === 'string' ? (form.get('password') as string) : '';
		if (password.length < 10) errors.password = 'Use at least 10 characters.';
		else if (password.length > 200) errors.password = 'Use at most 200 characters.';
		const values = { name, email };
		if (hasErrors(errors)) return fail(400, { values, errors });
		const db = getDb();
		const byAddress = `signup:ip:${clientAddress(event)}`;
		const wait = await waitMs(db, byAddress, SIGN_UP_PER_ADDRESS);
		if (wait > 0) return fail(429, { values, message: retryMessage('sign-ups from your network', wait) });
		await record(db, byAddress, SIGN_UP_PER_ADDRESS);
		const passwordHash = await hashPassword(password);
		const id = newId();
		if (!(await createUser(db, { id, email, name, passwordHash }))) return taken(values);
		await startSession(event, { userId: id });
		redirect(303, safeNext(str(form, 'next')));
	}
};

function taken(values: { name: string; email: string }) {
	return fail(400, { values, errors: { email: TAKEN } as FieldErrors });
}
