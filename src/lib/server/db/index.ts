import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';
import { loadConfig, type Config } from '../config.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (creating and migrating) the SQLite database at `file`. */
export function openDb(file: string, migrationsFolder: string): Db {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	// NORMAL in WAL mode survives a process crash (kill -9); only an OS crash may lose the last commits.
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder });
	return db as Db;
}

// The process's one handle. The routes and the sync server run in one module graph (server/app.ts),
// so a module-level variable is the whole story.
let db: Db | null = null;

/** Opens the process's database with these settings, unless it is open already. */
export function initDb(config: Pick<Config, 'databasePath' | 'migrationsFolder'>): Db {
	return (db ??= openDb(config.databasePath, config.migrationsFolder));
}

/** The process's database (server/app.ts opens it at start; on first use otherwise). */
export function getDb(): Db {
	return db ?? initDb(loadConfig(process.env));
}

export function closeDb(): void {
	db?.$client.close();
	db = null;
}

export { schema };
