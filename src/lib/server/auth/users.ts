import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/index.ts';
import { one, q } from '../db/query.ts';

/** A unique index refused the row: SQLite's and PostgreSQL's ways of saying so. */
export function isUniqueViolation(err: unknown): boolean {
	const code = String((err as { code?: unknown })?.code ?? '');
	return code.startsWith('SQLITE_CONSTRAINT') || code === '23505';
}

/** Creates the user, or returns false when the email is taken (also by a sign-up at the same moment). */
export async function createUser(db: AppDb, user: { id: string; email: string; name: string; passwordHash: string }, now = Date.now()): Promise<boolean> {
	const { orm, t } = q(db);
	if (await one(orm.select({ id: t.users.id }).from(t.users).where(eq(t.users.email, user.email)))) return false;
	try {
		await orm.insert(t.users).values({ ...user, createdAt: now });
		return true;
	} catch (err) {
		// Two sign-ups for one email at the same moment: the unique index decides.
		if (isUniqueViolation(err)) return false;
		throw err;
	}
}
