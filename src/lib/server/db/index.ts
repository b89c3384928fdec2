import pg from 'pg';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { closePgPools, getPgPool as poolFor, migratePg } from './pgPool.ts';
import * as schema from './schema.ts';
import * as schemaPg from './schemaPg.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDb, type Db } from './sqlite.ts';

export { openDb, type Db };

export type PgOrm = NodePgDatabase<typeof schemaPg> & { $client: pg.Pool };

/**
 * The PostgreSQL store (DATABASE_URL). `docs` is the SQLite database that still holds the Yjs
 * documents on this branch: docStore.ts moves to PostgreSQL separately (the pgsync work).
 */
export interface PgStore {
	readonly dialect: 'pg';
	readonly orm: PgOrm;
	readonly pool: pg.Pool;
	readonly docs: Db;
}

/** What every data module takes: either backend, one signature (see db/query.ts). */
export type AppDb = Db | PgStore;

export const isPg = (db: AppDb): db is PgStore => (db as PgStore).dialect === 'pg';

/** Connects to PostgreSQL at `url` and applies server/migrations-pg. One pool per call: call once per process. */
export async function openPg(url: string, migrationsFolder: string, docs: Db): Promise<PgStore> {
	// One pool per process and URL (pgPool.ts); nodes starting together migrate one at a time.
	const pool = poolFor(url);
	const orm = drizzlePg(pool, { schema: schemaPg }) as PgOrm;
	await migratePg(pool, migrationsFolder);
	return { dialect: 'pg', orm, pool, docs };
}

// The process's one handle. The routes and the sync server run in one module graph (server/app.ts),
// so a module-level variable is the whole story.
let db: AppDb | null = null;
let docDb: Db | null = null;

type DbConfig = Pick<Config, 'databasePath' | 'migrationsFolder' | 'databaseUrl' | 'migrationsFolderPg'>;

/**
 * Opens the process's database with these settings, unless it is open already: PostgreSQL when
 * DATABASE_URL is set, else SQLite at DATABASE_PATH (which also holds the documents, see PgStore).
 */
export async function initDb(config: DbConfig): Promise<AppDb> {
	if (db) return db;
	const docs = (docDb ??= openDb(config.databasePath, config.migrationsFolder));
	const opened = config.databaseUrl ? await openPg(config.databaseUrl, config.migrationsFolderPg, docs) : docs;
	return (db ??= opened);
}

/** The process's database (server/app.ts opens it at start; SQLite opens on first use otherwise). */
export function getDb(): AppDb {
	if (db) return db;
	const config = loadConfig(process.env);
	if (config.databaseUrl) throw new Error('PostgreSQL is opened by initDb() at start (server/app.ts), not on first use');
	return (db = docDb = openDb(config.databasePath, config.migrationsFolder));
}

/** The SQLite database that holds the Yjs documents (docStore.ts), whichever backend holds the rest. */
export function getDocDb(): Db {
	if (docDb) return docDb;
	const current = getDb();
	return isPg(current) ? current.docs : current;
}

/** The process's PostgreSQL pool (for docStore's PostgreSQL version), or null on SQLite. */
export function getPgPool(): pg.Pool | null {
	return db && isPg(db) ? db.pool : null;
}

export async function closeDb(): Promise<void> {
	const open = db;
	db = null;
	if (open && isPg(open)) await closePgPools();
	docDb?.$client.close();
	docDb = null;
}

export { schema, schemaPg };
