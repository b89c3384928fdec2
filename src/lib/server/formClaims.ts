import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

// Several nodes (DATABASE_URL): a double click's two posts can reach two nodes, so the claim on a
// form token (formToken.ts) is taken in PostgreSQL. The first result is kept for the repeat, sealed
// with a key derived from the form token itself: only a request carrying that token can read it
// (the result can be an invite link's secret; the table holds neither the token nor the link).

/** The row's key: a hash of (session, action, token), never the token. */
export const claimKey = (scope: string): string => createHash('sha256').update(scope).digest('hex');

const keyOf = (token: string) => createHash('sha256').update(`tandem form result\u0000${token}`).digest();

export function seal(token: string, value: unknown): Buffer {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyOf(token), iv);
	const body = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unseal(token: string, sealed: Buffer): unknown {
	const decipher = createDecipheriv('aes-256-gcm', keyOf(token), sealed.subarray(0, 12));
	decipher.setAuthTag(sealed.subarray(12, 28));
	return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
}

export class PgFormClaims {
	private readonly pool: pg.Pool;

	constructor(pool: pg.Pool) {
		this.pool = pool;
	}

	/** Takes the claim (true), unless a claim younger than `ttlMs` holds it (false). */
	async claim(key: string, ttlMs: number, now = Date.now()): Promise<boolean> {
		const { rowCount } = await this.pool.query(
			`INSERT INTO form_claims (key, at, sealed) VALUES ($1, $2, NULL)
			 ON CONFLICT (key) DO UPDATE SET at = $2, sealed = NULL WHERE form_claims.at < $3`,
			[key, now, now - ttlMs]
		);
		if (Math.random() < 0.01) void this.pool.query('DELETE FROM form_claims WHERE at < $1', [now - ttlMs]).catch(() => {});
		return rowCount === 1;
	}

	async settle(key: string, sealed: Buffer): Promise<void> {
		await this.pool.query('UPDATE form_claims SET sealed = $2 WHERE key = $1', [key, sealed]);
	}

	/** The first run failed: the form may be posted again with the same token. */
	async release(key: string): Promise<void> {
		await this.pool.query('DELETE FROM form_claims WHERE key = $1', [key]);
	}

	/** The sealed result; null while the first run is still going; undefined when there is no claim. */
	async result(key: string): Promise<Buffer | null | undefined> {
		const { rows } = await this.pool.query<{ sealed: Buffer | null }>('SELECT sealed FROM form_claims WHERE key = $1', [key]);
		return rows.length ? rows[0].sealed : undefined;
	}
}
