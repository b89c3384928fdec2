import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/index.ts';
import { one, q } from '../db/query.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { randomToken } from '../ids.ts';

let dummy: Promise<string> | null = null;
/**
 * An argon2id hash of a random secret, made once with the same parameters as real ones. An
 * unknown email is checked against it, so it costs the same argon2 time as a known one and the
 * response time does not tell which emails have accounts.
 */
export function dummyHash(): Promise<string> {
	return (dummy ??= hashPassword(randomToken(20)));
}

export type Verify = (hash: string, password: string) => Promise<boolean>;

/** The user with this email and password, or null. Always runs exactly one argon2 verification. */
export async function authenticate(db: AppDb, email: string, password: string, verify: Verify = verifyPassword) {
	const { orm, t } = q(db);
	const user = await one(orm.select().from(t.users).where(eq(t.users.email, email)));
	const ok = await verify(user?.passwordHash ?? (await dummyHash()), password);
	return user && ok ? user : null;
}
