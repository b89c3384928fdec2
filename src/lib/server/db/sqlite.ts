import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

// SQLite on its own (no PostgreSQL client loaded): the compaction worker thread opens only this.


/** The SQLite database (synchronous Drizzle): the default store, and the documents' store (docStore.ts). */
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

