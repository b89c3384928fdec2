import * as schema from './schema.ts';
import * as schemaPg from './schemaPg.ts';
import { isPg, type AppDb, type Db } from './index.ts';
import { sqliteDocStore, type DocStore } from '../docStores.ts';

/*
 * One query code for both backends. Drizzle's query builders have the same shape in both dialects
 * (select/insert/update/delete, where, joins, onConflictDoUpdate, returning) and both are awaitable,
 * so a data module writes each query once against `t` (the tables of the open backend) and awaits
 * it. The types are SQLite's: schemaPg.ts mirrors schema.ts column for column with the same
 * JavaScript types, so what a query returns is the same on both. What is not the same stays
 * explicit: transactions (below) and the full-text search (search.ts).
 */

export interface Q {
	orm: Db;
	t: typeof schema;
	dialect: 'sqlite' | 'pg';
}

export function q(db: AppDb): Q {
	if (isPg(db)) return { orm: db.orm as unknown as Db, t: schemaPg as unknown as typeof schema, dialect: 'pg' };
	return { orm: db, t: schema, dialect: 'sqlite' };
}

/** What a query builder becomes once prepared: run again with new placeholder values. */
interface Prepared<R> {
	execute(values?: Record<string, unknown>): PromiseLike<R>;
}
interface Preparable<R> {
	prepare(): Prepared<R>;
}

const preparedOf = new WeakMap<object, Map<string, Prepared<unknown>>>();

/**
 * A query built and prepared once per database handle, run with `values` for its placeholders
 * (`sql.placeholder('id')`); `build` is best a module-level function. For the hot lookups (a session, a board's access: every socket that
 * joins and every access re-check): building a query and preparing its SQL cost more than running
 * it. SQLite keeps one better-sqlite3 statement; PostgreSQL a named statement (`name`, one per
 * query), prepared once on each pool connection. A transaction's handle is another object, so it
 * prepares its own (bound to the transaction). Nothing is cached but the statement: every call
 * reads the rows anew.
 */
export async function prepared<R>(db: AppDb, name: string, build: (q: Q) => Preparable<R>, values: Record<string, unknown>): Promise<R> {
	let mine = preparedOf.get(db);
	if (!mine) preparedOf.set(db, (mine = new Map()));
	let query = mine.get(name) as Prepared<R> | undefined;
	if (!query) {
		// SQLite's prepare() takes no name; PostgreSQL's needs one (the same on every connection).
		const builder = build(q(db)) as unknown as { prepare(name: string): Prepared<R> };
		mine.set(name, (query = builder.prepare(`tandem_${name}`)));
	}
	return query.execute(values);
}

/** The first row of an awaited query, or null (what `.get()` was). */
export async function one<T>(rows: PromiseLike<T[]>): Promise<T | null> {
	return (await rows)[0] ?? null;
}

const sqliteStores = new WeakMap<Db, DocStore>();

/**
 * The document store of this database: one per database, so one per process (the process opens one
 * database, db/index.ts), shared by the sync server and the routes' modules. On PostgreSQL it is
 * part of the store (docStorePg.ts); on SQLite it wraps the same connection (docStore.ts). Inside a
 * transaction (`tx`) it is the same store, and seed / deleteBoard take `tx` to join it.
 */
export function docsOf(db: AppDb): DocStore {
	if (isPg(db)) return db.docs;
	let store = sqliteStores.get(db);
	if (!store) sqliteStores.set(db, (store = sqliteDocStore(db)));
	return store;
}

// better-sqlite3 transactions are synchronous and cannot span an await: an explicit BEGIN IMMEDIATE
// on the one connection instead, one transaction at a time (queued). Awaited SQLite queries run
// synchronously, so a transaction's body runs in one go; only other code already queued as a
// microtask can run between its statements, and that code's statements then share its fate.
const sqliteQueue = new WeakMap<Db, Promise<unknown>>();

/** Runs `fn` in one transaction: all of its writes or none. */
export async function transaction<T>(db: AppDb, fn: (tx: AppDb) => Promise<T>): Promise<T> {
	if (isPg(db)) return db.orm.transaction((tx) => fn({ ...db, orm: tx as unknown as typeof db.orm }));
	const before = sqliteQueue.get(db) ?? Promise.resolve();
	const run = before.catch(() => {}).then(async () => {
		db.$client.exec('BEGIN IMMEDIATE');
		try {
			const out = await fn(db);
			db.$client.exec('COMMIT');
			return out;
		} catch (err) {
			if (db.$client.inTransaction) db.$client.exec('ROLLBACK');
			throw err;
		}
	});
	sqliteQueue.set(db, run);
	return run;
}
