import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, startRedis, type RedisService, type Service } from '../../server/devServices.ts';
import { openDb, openPg } from '../../src/lib/server/db/index.ts';
import { closePgPools } from '../../src/lib/server/db/pgPool.ts';
import { q } from '../../src/lib/server/db/query.ts';
import * as schema from '../../src/lib/server/db/schema.ts';
import { loadDoc } from '../../src/lib/server/docStore.ts';
import { PgDocStore } from '../../src/lib/server/docStorePg.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { openWindow, type Context, type Deployment, type Measured, type Window } from './context.ts';
import { targetOf } from './clients/target.ts';
import { cpuSeconds, processTree, treeCpuSeconds, treeWriteBytes, writeBytes } from './proc.ts';
import { REPO, SERVER_CPU, startServer, tasksetAvailable, type BenchServer } from './servers.ts';
import { removeDatabase, type Seeded } from './seed.ts';
import { splitNode } from './estimate.ts';

// PostgreSQL and Redis for the nodes scenario: real servers from the Debian packages
// (server/devServices.ts), pinned to the server core like every server of the bench. PostgreSQL
// keeps fsync and full-page writes on (a kept data folder in devServices' terms, removed at the end)
// and commits asynchronously by default (synchronous_commit=off: WAL flushed by the WAL writer),
// the same durability class as Tandem's SQLite (WAL, synchronous=NORMAL: no fsync per commit).
// BENCH_PG_SYNCHRONOUS_COMMIT=on measures a flush per commit instead.

/** What a window of a PostgreSQL deployment adds: PostgreSQL's and Redis's share, commits, WAL. */
export interface ServicesWindow {
	pgCpu: number;
	pgWritten: number;
	/** Write transactions PostgreSQL committed (transaction ids handed out; read-only ones get none). */
	commits: number;
	/** WAL bytes PostgreSQL generated. */
	walBytes: number;
	/** null: no Redis in this deployment (one node). */
	redisCpu: number | null;
}

export type PgWindow = Window & { services: ServicesWindow };

const SEED_DB = 'bench_seed';
const lsnBytes = (lsn: string): bigint => {
	const [hi, lo] = lsn.split('/');
	return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

/** Pins every process of a tree (and so what it forks later) to the server core. */
function pinTree(root: number): void {
	if (!tasksetAvailable()) return;
	for (const pid of processTree(root)) spawnSync('taskset', ['-a', '-p', '-c', SERVER_CPU, String(pid)]);
}

export class PgBackends {
	readonly pg: Service;
	readonly redis: RedisService;
	readonly synchronousCommit: string;
	private readonly dir: string;
	private readonly control: pg.Pool;
	private databases = 0;

	private constructor(pgService: Service, redis: RedisService, dir: string, control: pg.Pool, synchronousCommit: string) {
		this.pg = pgService;
		this.redis = redis;
		this.dir = dir;
		this.control = control;
		this.synchronousCommit = synchronousCommit;
	}

	/** Starts both servers and seeds a template database with the bench's people and boards. */
	static async start(ctx: Context): Promise<PgBackends> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-pg-'));
		const pgService = await startPostgres({ dir });
		const redis = await startRedis();
		pinTree(pgService.pid);
		pinTree(redis.pid);
		const control = new pg.Pool({ connectionString: pgService.url, max: 2 });
		control.on('error', () => {});
		const synchronousCommit = process.env.BENCH_PG_SYNCHRONOUS_COMMIT === 'on' ? 'on' : 'off';
		await control.query(`ALTER SYSTEM SET synchronous_commit = ${synchronousCommit}`);
		await control.query('SELECT pg_reload_conf()');
		const backends = new PgBackends(pgService, redis, dir, control, synchronousCommit);
		try {
			await control.query(`CREATE DATABASE ${SEED_DB}`);
			await seedPostgres(backends.urlOf(SEED_DB), ctx.seeded, ctx.workDir);
		} catch (err) {
			await backends.stop();
			throw err;
		}
		return backends;
	}

	urlOf(database: string): string {
		return this.pg.url.replace(/\/[^/]+$/, `/${database}`);
	}

	/**
	 * `nodes` Tandem nodes on a fresh copy of the seeded database (CREATE DATABASE … TEMPLATE), with
	 * Redis when there are several; client i of a board goes to node splitNode(i, nodes).
	 */
	async deploy(ctx: Context, nodes: number, label: string): Promise<{ deployment: Deployment; dispose(): Promise<void> }> {
		ctx.signal.throwIfAborted();
		const database = `rep_${++this.databases}`;
		await this.control.query(`CREATE DATABASE ${database} TEMPLATE ${SEED_DB}`);
		// Each node still opens a SQLite file (PgStore.docs); it holds nothing here.
		const sqlite = path.join(ctx.workDir, `${label}-${database}.db`);
		const env: Record<string, string> = { ...ctx.tandemEnv, DATABASE_URL: this.urlOf(database), ...(nodes > 1 ? { REDIS_URL: this.redis.url } : {}) };
		const servers: BenchServer[] = [];
		const dispose = async () => {
			for (const s of servers) await s.stop();
			removeDatabase(sqlite);
			await this.control.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		};
		try {
			// One at a time: the first migrates (nothing to do on the template's copy) and creates the SQLite file.
			for (let i = 0; i < nodes; i++)
				servers.push(await startServer('tandem', { dbPath: sqlite, env, startTimeoutMs: 120_000, cpuProfDir: ctx.profile ? path.join(ctx.outDir, 'profiles', `${label}-node${i}`) : undefined }));
		} catch (err) {
			await dispose();
			throw err;
		}
		// A node that catches up from PostgreSQL sends what it read as one update: every struct in it
		// counts as delivered (as for Hocuspocus's merged messages), not only the first.
		const targets = servers.map((s) => ({ ...targetOf('tandem', s.port, ctx.seeded.tokens), mergesUpdates: nodes > 1 }));
		const pgTree: Measured = { cpu: () => treeCpuSeconds(this.pg.pid), written: () => treeWriteBytes(this.pg.pid) };
		const redis: Measured = { cpu: () => cpuSeconds(this.redis.pid), written: () => writeBytes(this.redis.pid) };
		const deployment: Deployment = {
			nodes,
			nodeOf: (i) => splitNode(i, nodes),
			target: (node) => targets[node],
			open: async () => {
				const before = await this.position();
				const close = openWindow(servers, nodes > 1 ? [pgTree, redis] : [pgTree]);
				return async (): Promise<PgWindow> => {
					const window = close();
					const after = await this.position();
					return {
						...window,
						services: {
							pgCpu: window.serviceCpu[0],
							pgWritten: window.serviceWritten[0],
							commits: after.xid - before.xid,
							walBytes: Number(after.lsn - before.lsn),
							redisCpu: nodes > 1 ? window.serviceCpu[1] : null
						}
					};
				};
			}
		};
		return { deployment, dispose };
	}

	/**
	 * The next transaction id and the WAL insert position, both live (pg_stat_database lags by up to a
	 * second per backend). A read-only statement: it takes no transaction id itself.
	 */
	private async position(): Promise<{ xid: number; lsn: bigint }> {
		const { rows } = await this.control.query<{ xid: string; lsn: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid, pg_current_wal_lsn()::text AS lsn');
		return { xid: Number(rows[0].xid), lsn: lsnBytes(rows[0].lsn) };
	}

	async stop(): Promise<void> {
		await this.control.end().catch(() => {});
		await Promise.all([this.pg.stop(), this.redis.stop()]);
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * The seeded SQLite database's people, sessions and boards, copied row for row into PostgreSQL
 * (schemaPg mirrors schema column for column), and the documents of the workshop and many boards
 * through the PostgreSQL document store: the same ids and session tokens as the SQLite runs.
 */
export async function seedPostgres(url: string, seeded: Seeded, workDir: string): Promise<void> {
	// A copy: openDb applies migrations and pragmas, and the cached seed must stay as it is.
	const copy = path.join(workDir, 'pg-seed-source.db');
	fs.copyFileSync(seeded.file, copy);
	const sqlite = openDb(copy, path.join(REPO, 'server/migrations'));
	try {
		const store = await openPg(url, path.join(REPO, 'server/migrations-pg'));
		const { orm, t } = q(store);
		const tables = [
			[schema.users, t.users],
			[schema.workspaces, t.workspaces],
			[schema.workspaceMembers, t.workspaceMembers],
			[schema.accounts, t.accounts],
			[schema.boards, t.boards],
			[schema.sessions, t.sessions]
		] as const;
		for (const [from, to] of tables) {
			const rows = sqlite.select().from(from).all();
			for (let i = 0; i < rows.length; i += 500) await orm.insert(to).values(rows.slice(i, i + 500) as never);
		}
		const docs = new PgDocStore(store.pool);
		for (const board of [...seeded.boards.workshop, ...seeded.boards.many])
			for (const kind of ['shared', 'internal'] as const) {
				const name = docName(board, kind);
				const state = loadDoc(sqlite, name);
				if (state) await docs.seed(name, state);
			}
	} finally {
		await closePgPools();
		sqlite.$client.close();
		removeDatabase(copy);
	}
}
