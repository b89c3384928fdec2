import { fail, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { users } from '$lib/server/db/schema.ts';
import { hashPassword } from '$lib/server/auth/password.ts';
import { startSession } from '$lib/server/auth/signIn.ts';
import { newId } from '$lib/server/ids.ts';
import { email as parseEmail, hasErrors, requireText, str, type FieldErrors } from '$lib/server/validate.ts';
import { safeNext } from '$lib/server/guards.ts';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

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
		if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
			return fail(400, { values, errors: { email: 'An account with this email already exists. Sign in instead.' } as FieldErrors });
		const id = newId();
		db.insert(users).values({ id, email, name, passwordHash: await hashPassword(password), createdAt: Date.now() }).run();
		startSession(event, { userId: id });
		redirect(303, safeNext(str(form, 'next'), '/setup'));
	}
};
