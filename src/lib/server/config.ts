import path from 'node:path';

// Read once, from the environment the caller passes (process.env, or a test's own): the same
// values serve the SvelteKit routes and the sync server.
type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
	return n;
}

export interface Config {
	port: number;
	host: string;
	origin: string;
	databasePath: string;
	/** DATABASE_URL=postgres://…: PostgreSQL holds everything; unset: SQLite at databasePath. */
	databaseUrl: string | null;
	/** REDIS_URL=redis://…: several nodes serve the same boards, relaying through Redis. */
	redisUrl: string | null;
	migrationsFolder: string;
	/** PostgreSQL's migrations (server/migrations-pg), applied at start when DATABASE_URL is set. */
	migrationsFolderPg: string;
	/**
	 * The compaction thread's source file (server/sync/compactWorker.ts, run by Node as TypeScript).
	 * Found from the working directory like the migrations: the built server is a bundle, so a path
	 * relative to the running chunk does not exist.
	 */
	compactWorkerFile: string;
	production: boolean;
	/** TANDEM_DEBUG_METRICS=1: /__debug/sync and /__debug/instance answer (tests, benchmarks). */
	debugMetrics: boolean;
	maxMessageBytes: number;
	compactAfterBytes: number;
	roomGraceMs: number;
	pingIntervalMs: number;
	/** How often each socket that asked for it gets a `saved` heartbeat (0: never). */
	heartbeatMs: number;
	maxBufferedBytes: number;
	accessRecheckMs: number;
	/** Several nodes: how often each checks the stored heads of its open documents (a lost relay message). */
	relayCheckMs: number;
}

export function loadConfig(env: Env): Config {
	const port = int(env, 'PORT', 3000);
	const root = process.cwd();
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		origin: (env.ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, ''),
		databasePath: path.resolve(root, env.DATABASE_PATH ?? 'data/tandem.db'),
		databaseUrl: env.DATABASE_URL || null,
		redisUrl: env.REDIS_URL || null,
		migrationsFolder: path.resolve(root, env.MIGRATIONS_PATH ?? 'server/migrations'),
		migrationsFolderPg: path.resolve(root, env.MIGRATIONS_PG_PATH ?? 'server/migrations-pg'),
		compactWorkerFile: path.resolve(root, 'server/sync/compactWorker.ts'),
		production: env.NODE_ENV === 'production',
		debugMetrics: env.TANDEM_DEBUG_METRICS === '1',
		maxMessageBytes: int(env, 'SYNC_MAX_MESSAGE_BYTES', 1024 * 1024),
		compactAfterBytes: int(env, 'SYNC_COMPACT_AFTER_BYTES', 512 * 1024),
		roomGraceMs: int(env, 'SYNC_ROOM_GRACE_MS', 5_000),
		pingIntervalMs: int(env, 'SYNC_PING_INTERVAL_MS', 30_000),
		// The browser treats 5 s without any message as a dead link.
		heartbeatMs: int(env, 'SYNC_HEARTBEAT_MS', 2_000),
		maxBufferedBytes: int(env, 'SYNC_MAX_BUFFERED_BYTES', 8 * 1024 * 1024),
		// A safety net only: changes made through the app re-check their board at once (live hub).
		accessRecheckMs: int(env, 'SYNC_ACCESS_RECHECK_MS', 15_000),
		relayCheckMs: Math.max(50, int(env, 'SYNC_RELAY_CHECK_MS', 1_000))
	};
}
