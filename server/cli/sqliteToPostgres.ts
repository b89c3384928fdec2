// `npm run db:to-postgres`: copies everything Tandem stored in SQLite (DATABASE_PATH) into an empty
// PostgreSQL database (DATABASE_URL), in one transaction, then verifies each table (row count and
// a checksum of its rows) and says what it did. Refuses a target that already holds data. The
// full-text index is not copied: it is derived, and rebuilds itself on the first search.
import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { openDb, openPg } from '../../src/lib/server/db/index.ts';
import { closePgPools } from '../../src/lib/server/db/pgPool.ts';
import { foldLog } from '../../src/lib/server/docStore.ts';
import { loadConfig } from '../../src/lib/server/config.ts';

/** Every stored table, parents before children (foreign keys hold at every insert). */
export const TABLES = [
	'users',
	'workspaces',
	'workspace_members',
	'workspace_invites',
	'accounts',
	'boards',
	'board_members',
	'board_invites',
	'guests',
	'sessions',
	'rate_limits',
	'checkpoints',
	'vote_ballots',
	'private_notes',
	'doc_updates',
	'doc_snapshots',
	'doc_quarantine'
] as const;

/** Serial columns whose sequence must continue after the copied ids. */
const SERIALS: Record<string, string> = { doc_quarantine: 'id' };
const BATCH = 500;

export interface TableReport {
	table: string;
	rows: number;
	checksum: string;
}

type Row = Record<string, unknown>;

/** One value in a form both databases give back alike (PostgreSQL returns bigint as text). */
function canonical(v: unknown): string {
	if (v === null || v === undefined) return 'null';
	if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
	return `v${String(v)}`;
}

/** Order-independent: the sorted hashes of the rows, hashed (collations differ between the two). */
export function checksum(rows: Row[], columns: string[]): string {
	const each = rows.map((r) => createHash('sha256').update(columns.map((c) => canonical(r[c])).join('\u0000')).digest('hex'));
	each.sort();
	return createHash('sha256').update(each.join('\n')).digest('hex');
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function sqliteToPostgres(opts: { sqlitePath: string; databaseUrl: string; migrationsFolder: string; migrationsFolderPg: string; log?: (line: string) => void }): Promise<TableReport[]> {
	const log = opts.log ?? ((line: string) => console.log(line));
	const source = openDb(opts.sqlitePath, opts.migrationsFolder);
	const sqlite = source.$client;
	// Updates still in SQLite's hot log (doc_log) move into doc_updates first, keeping their seqs.
	foldLog(source);
	// The schema comes from the committed migrations, as when the app starts on PostgreSQL.
	const store = await openPg(opts.databaseUrl, opts.migrationsFolderPg);
	const client = await store.pool.connect();
	try {
		for (const table of TABLES) {
			const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${quote(table)}`);
			if (rows[0].n > 0) throw new Error(`the target database is not empty (${table} has ${rows[0].n} rows): refusing to copy into it`);
		}
		const columnsOf = (table: string) => (sqlite.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name);
		await client.query('BEGIN');
		for (const table of TABLES) {
			const columns = columnsOf(table);
			const insert = async (batch: Row[]) => {
				const values: unknown[] = [];
				const tuples = batch.map((r) => `(${columns.map((c) => (values.push(r[c]), `$${values.length}`)).join(', ')})`);
				await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`, values);
			};
			let batch: Row[] = [];
			for (const row of sqlite.prepare(`SELECT * FROM ${quote(table)}`).iterate() as IterableIterator<Row>) {
				batch.push(row);
				if (batch.length === BATCH) await insert(batch.splice(0));
			}
			if (batch.length) await insert(batch);
			const serial = SERIALS[table];
			if (serial) await client.query(`SELECT setval(pg_get_serial_sequence('${table}', '${serial}'), coalesce((SELECT max(${quote(serial)}) FROM ${quote(table)}), 0) + 1, false)`);
		}
		// PostgreSQL numbers each document's log itself (doc_heads, docStorePg.ts): its head starts at
		// the highest seq copied, so new rows continue after them and none is reused.
		await client.query(`INSERT INTO doc_heads (doc_name, last_seq)
			SELECT doc_name, max(s) FROM (SELECT doc_name, seq AS s FROM doc_updates UNION ALL SELECT doc_name, up_to_seq FROM doc_snapshots) AS parts
			GROUP BY doc_name`);
		await client.query('COMMIT');
		// Verify from what PostgreSQL now holds, read back afresh.
		const reports: TableReport[] = [];
		for (const table of TABLES) {
			const columns = columnsOf(table);
			const source = sqlite.prepare(`SELECT * FROM ${quote(table)}`).all() as Row[];
			const { rows: target } = await client.query(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`);
			const a = checksum(source, columns);
			const b = checksum(target, columns);
			if (source.length !== target.length || a !== b)
				throw new Error(`verification failed for ${table}: SQLite ${source.length} rows (${a.slice(0, 12)}), PostgreSQL ${target.length} rows (${b.slice(0, 12)})`);
			reports.push({ table, rows: source.length, checksum: a });
			log(`${table.padEnd(18)} ${String(source.length).padStart(8)} rows  checksum ${a.slice(0, 16)}  ok`);
		}
		log(`Copied ${reports.reduce((n, r) => n + r.rows, 0)} rows in ${reports.length} tables from ${opts.sqlitePath} to PostgreSQL and verified them. The search index rebuilds itself on first use.`);
		return reports;
	} catch (err) {
		await client.query('ROLLBACK').catch(() => {});
		throw err;
	} finally {
		client.release();
		await closePgPools();
		sqlite.close();
	}
}

if (import.meta.main) {
	const config = loadConfig(process.env);
	if (!config.databaseUrl) {
		console.error('Set DATABASE_URL=postgres://… (the empty target) and DATABASE_PATH (the SQLite file, default data/tandem.db).');
		process.exit(2);
	}
	console.log(`Copying ${path.relative(process.cwd(), config.databasePath) || config.databasePath} to PostgreSQL…`);
	sqliteToPostgres({ sqlitePath: config.databasePath, databaseUrl: config.databaseUrl, migrationsFolder: config.migrationsFolder, migrationsFolderPg: config.migrationsFolderPg }).then(
		() => process.exit(0),
		(err: unknown) => {
			console.error(`Not copied: ${err instanceof Error ? err.message : String(err)}`);
			process.exit(1);
		}
	);
}
