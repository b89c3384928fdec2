import { fail, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { users } from '$lib/server/db/schema.ts';
import { verifyPassword } from '$lib/server/auth/password.ts';
import { startSession } from '$lib/server/auth/signIn.ts';
import { hit, reset } from '$lib/server/auth/rateLimit.ts';
import { email as parseEmail, hasErrors, str, type FieldErrors } from '$lib/server/validate.ts';
import { safeNext } from '$lib/server/guards.ts';

const WINDOW_MS = 15 * 60 * 1000;
const PER_EMAIL = 5;
const PER_ADDRESS = 30;

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

function minutes(ms: number) {
	const m = Math.max(1, Math.ceil(ms / 60000));
	return `${m} minute${m === 1 ? '' : 's'}`;
}

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
		let address = 'unknown';
		try {
			address = event.getClientAddress();
		} catch {
			/* no address in some test adapters */
		}
		const byAddress = hit(db, `signin:ip:${address}`, PER_ADDRESS, WINDOW_MS);
		const byEmail = hit(db, `signin:email:${email}`, PER_EMAIL, WINDOW_MS);
		if (!byAddress.allowed || !byEmail.allowed) {
			const wait = Math.max(byAddress.retryAfterMs, byEmail.retryAfterMs);
			return fail(429, { values, message: `Too many sign-in attempts. Try again in ${minutes(wait)}.` });
		}
		const user = db.select().from(users).where(eq(users.email, email)).get();
		// Same message for unknown email and wrong password, so accounts cannot be probed.
		if (!user || !(await verifyPassword(user.passwordHash, password)))
			return fail(400, { values, message: 'Incorrect email or password.' });
		reset(db, `signin:email:${email}`);
		startSession(event, { userId: user.id });
		redirect(303, safeNext(str(form, 'next')));
	}
};
