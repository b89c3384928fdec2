import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

// One pg.Pool per process and URL (DATABASE_URL): the app tables (db/index.ts) and the documents
// (src/lib/server/docStorePg.ts) share it. The group commit has a pool of its own ('commit'): under
// load, checkpoints, searches and page loads can hold every connection of the app's pool for
// seconds, and a commit queued behind them delays every update of the node (or fails it when the
// connect timeout passes, closing its boards' sockets). The queue writes one batch at a time.

const pools = new Map<string, pg.Pool>();

// bigint columns (seq, created_at) come back as numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type PoolRole = 'app' | 'commit';
const MAX: Record<PoolRole, number> = { app: 10, commit: 2 };

export function getPgPool(url: string, role: PoolRole = 'app'): pg.Pool {
	const key = `${role} ${url}`;
	let pool = pools.get(key);
	if (!pool) {
		pool = new pg.Pool({ connectionString: url, max: MAX[role], connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
		// An idle client losing its connection (database restarted) must not crash the process:
		// the pool drops it and the next query gets a new one.
		pool.on('error', () => {});
		// A client checked out between two queries has no listener of the pool's (it takes its own
		// off at checkout): PostgreSQL ending the connection then (a restart, a fast shutdown) was an
		// unhandled 'error' that ended the node. Now the client's next query fails (the caller's
		// error path: a commit closes its sockets with 1011), and the pool drops it on release.
		pool.on('connect', (client) => client.on('error', () => {}));
		pools.set(key, pool);
	}
	return pool;
}

/** Closes the pools of `url` (both roles), or of every URL. */
export async function closePgPools(url?: string): Promise<void> {
	const closing: pg.Pool[] = [];
	for (const [key, pool] of pools) {
		if (url !== undefined && key.slice(key.indexOf(' ') + 1) !== url) continue;
		pools.delete(key);
		closing.push(pool);
	}
	await Promise.all(closing.map((p) => p.end().catch(() => {})));
}

/** An arbitrary constant: the advisory lock that makes nodes starting together migrate one at a time. */
const MIGRATION_LOCK = 7_354_221;

/** Applies the migrations in `folder` (server/migrations-pg), one node at a time. */
export async function migratePg(pool: pg.Pool, folder: string): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		try {
			await migrate(drizzle(client), { migrationsFolder: folder });
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
		}
	} finally {
		client.release();
	}
}
