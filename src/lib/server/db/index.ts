import fs from 'node:fs';
import pg from 'pg';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { closePgPools, getPgPool as poolFor, migratePg } from './pgPool.ts';
import * as schema from './schema.ts';
import * as schemaPg from './schemaPg.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDb, type Db } from './sqlite.ts';
import { loadDoc } from '../docStore.ts';
import { PgDocStore } from '../docStorePg.ts';
import type { DocStore } from '../docStores.ts';

export { openDb, type Db };

export type PgOrm = NodePgDatabase<typeof schemaPg> & { $client: pg.Pool };

/**
 * The PostgreSQL store (DATABASE_URL): the app tables (orm) and the Yjs documents (docs,
 * docStorePg.ts) in one database, so a board row and its documents commit in one transaction.
 */
export interface PgStore {
	readonly dialect: 'pg';
	readonly orm: PgOrm;
	readonly pool: pg.Pool;
	readonly docs: DocStore;
}

/** What every data module takes: either backend, one signature (see db/query.ts). */
export type AppDb = Db | PgStore;

export const isPg = (db: AppDb): db is PgStore => (db as PgStore).dialect === 'pg';

/**
 * Connects to PostgreSQL at `url` and applies server/migrations-pg. One pool per call: call once per
 * process. `legacyDocs`: the SQLite file whose documents boards created before their documents moved
 * to PostgreSQL still have (read only, opened only if one is asked for; see legacyDocs below).
 */
export async function openPg(url: string, migrationsFolder: string, options: { legacyDocs?: string } = {}): Promise<PgStore> {
	// One pool per process and URL (pgPool.ts); nodes starting together migrate one at a time.
	const pool = poolFor(url);
	const orm = drizzlePg(pool, { schema: schemaPg }) as PgOrm;
	await migratePg(pool, migrationsFolder);
	const adopt = options.legacyDocs ? legacyDocs(options.legacyDocs) : undefined;
	return { dialect: 'pg', orm, pool, docs: new PgDocStore(pool, { adopt, commitPool: poolFor(url, 'commit') }) };
}

// Read-only handles on legacy SQLite files, closed by closeDb.
const legacyHandles = new Set<Db>();

/**
 * The documents of boards created on PostgreSQL before the documents moved there: they were seeded
 * in the SQLite file and copied on first load (docStorePg.ts adopt). The file is opened read only,
 * and only when PostgreSQL has nothing of a document and the file exists: a deployment that never
 * had one never opens (or creates) it.
 */
function legacyDocs(file: string): (name: string) => Uint8Array | null {
	let handle: Db | null | undefined;
	return (name) => {
		if (handle === undefined) {
			handle = null;
			if (fs.existsSync(file)) {
				try {
					handle = drizzle(new Database(file, { readonly: true, fileMustExist: true }), { schema }) as Db;
					legacyHandles.add(handle);
				} catch {
					handle = null;
				}
			}
		}
		if (!handle) return null;
		try {
			return loadDoc(handle, name);
		} catch {
			return null; // not a Tandem database, or from before the documents had these tables
		}
	};
}

// The process's one handle. The routes and the sync server run in one module graph (server/app.ts),
// so a module-level variable is the whole story: the one document store is part of it (docsOf).
let db: AppDb | null = null;

type DbConfig = Pick<Config, 'databasePath' | 'migrationsFolder' | 'databaseUrl' | 'migrationsFolderPg'>;

/**
 * Opens the process's database with these settings, unless it is open already: PostgreSQL when
 * DATABASE_URL is set (the SQLite file is then not opened, see legacyDocs), else SQLite at DATABASE_PATH.
 */
export async function initDb(config: DbConfig): Promise<AppDb> {
	if (db) return db;
	const opened = config.databaseUrl
		? await openPg(config.databaseUrl, config.migrationsFolderPg, { legacyDocs: config.databasePath })
		: openDb(config.databasePath, config.migrationsFolder);
	return (db ??= opened);
}

/** The process's database (server/app.ts opens it at start; SQLite opens on first use otherwise). */
export function getDb(): AppDb {
	if (db) return db;
	const config = loadConfig(process.env);
	if (config.databaseUrl) throw new Error('PostgreSQL is opened by initDb() at start (server/app.ts), not on first use');
	return (db = openDb(config.databasePath, config.migrationsFolder));
}

/** The process's PostgreSQL pool, or null on SQLite. */
export function getPgPool(): pg.Pool | null {
	return db && isPg(db) ? db.pool : null;
}

export async function closeDb(): Promise<void> {
	const open = db;
	db = null;
	if (open && isPg(open)) await closePgPools();
	else open?.$client.close();
	for (const h of legacyHandles) h.$client.close();
	legacyHandles.clear();
}

export { schema, schemaPg };
