import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../../src/lib/server/db/schema.ts';
import { authenticate, dummyHash } from '../../../src/lib/server/auth/credentials.ts';
import { hashPassword, verifyPassword } from '../../../src/lib/server/auth/password.ts';
import { tempDb } from '../testDb.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

// Timing is not measured (no timed tests): what makes both paths equally slow is that both run
// one argon2 verification, the unknown email against a dummy hash.
describe('authenticate', () => {
	it('verifies an unknown email against the dummy argon2 hash, computed once', async () => {
		const calls: string[] = [];
		const spy = async (hash: string, password: string) => (calls.push(hash), verifyPassword(hash, password));
		expect(await authenticate(db, 'nobody@test', 'whatever password', spy)).toBeNull();
		expect(await authenticate(db, 'nobody-else@test', 'another password', spy)).toBeNull();
		const dummy = await dummyHash();
		expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(calls).toEqual([dummy, dummy]);
	});

	it("verifies a known email against that user's hash, and only the right password passes", async () => {
		const passwordHash = await hashPassword('correct horse battery');
		db.insert(users).values({ id: 'u1', email: 'owner@test', name: 'Owner', passwordHash, createdAt: 0 }).run();
		const calls: string[] = [];
		const spy = async (hash: string, password: string) => (calls.push(hash), verifyPassword(hash, password));
		expect(await authenticate(db, 'owner@test', 'wrong password', spy)).toBeNull();
		expect((await authenticate(db, 'owner@test', 'correct horse battery', spy))?.id).toBe('u1');
		expect(calls).toEqual([passwordHash, passwordHash]);
	});
});
