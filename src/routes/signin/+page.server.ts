import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { startSession } from '$lib/server/auth/signIn.ts';
import { authenticate, dummyHash } from '$lib/server/auth/credentials.ts';
import { forgive, record, reset, waitMs } from '$lib/server/auth/rateLimit.ts';
import { SIGN_IN_PER_ADDRESS, SIGN_IN_PER_EMAIL_AND_ADDRESS, clientAddress, retryMessage } from '$lib/server/auth/limits.ts';
import { email as parseEmail, hasErrors, str, type FieldErrors } from '$lib/server/validate.ts';
import { safeNext } from '$lib/server/auth/next.ts';

// Made while the form is being filled in, so the first unknown email is not the slow one.
void dummyHash();

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const errors: FieldErrors = {};
		const email = parseEmail(form, errors);
		const password = typeof form.get('password') === 'string' ? (form.get('password') as string) : '';
		if (!password) errors.password = 'Password is required.';
		const values = { email };
		if (hasErrors(errors)) return fail(400, { values, errors });

		const db = getDb();
		const address = clientAddress(event);
		const byAddress = `signin:ip:${address}`;
		const byPair = `signin:email-ip:${email}\n${address}`;
		const wait = Math.max(await waitMs(db, byAddress, SIGN_IN_PER_ADDRESS), await waitMs(db, byPair, SIGN_IN_PER_EMAIL_AND_ADDRESS));
		if (wait > 0) return fail(429, { values, message: retryMessage('sign-in attempts', wait) });
		// Counted before the slow check so parallel guesses count too; a right password takes it back.
		await record(db, byAddress, SIGN_IN_PER_ADDRESS);
		await record(db, byPair, SIGN_IN_PER_EMAIL_AND_ADDRESS);
		const user = await authenticate(db, email, password);
		// Same message and the same argon2 work for unknown email and wrong password.
		if (!user) return fail(400, { values, message: 'Incorrect email or password.' });
		await forgive(db, byAddress);
		await reset(db, byPair);
		await startSession(event, { userId: user.id });
		redirect(303, safeNext(str(form, 'next')));
	}
};
