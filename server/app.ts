// The process's server side, started once inside the app's module graph by the init hook of
// src/hooks.server.ts: the routes and the sync server share this one copy of every server module
// (database handle, live hub, caches). Only its handle crosses to server/index.ts, through server/seam.ts.
import path from 'node:path';
import { loadConfig } from '../src/lib/server/config.ts';
import { closeDb, initDb, isPg } from '../src/lib/server/db/index.ts';
import { INSTANCE_ID } from '../src/lib/server/instance.ts';
import { startSync } from './sync/attach.ts';
import { consoleLog } from './sync/log.ts';
import type { RedisRelay } from './sync/relay.ts';
import { publishApp, takeApp, type AppHandle, type Readiness } from './seam.ts';

let started: Promise<AppHandle> | null = null;

/** Starts the database and the sync server (once per module graph) and publishes the handle. */
export function startApp(env: Record<string, string | undefined>): Promise<AppHandle> {
	return (started ??= start(env));
}

/** Resolves with `check`'s answer, or with a failure after `ms`. */
async function within(ms: number, check: () => Promise<unknown> | unknown): Promise<string> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<string>((r) => (timer = setTimeout(() => r(`no answer within ${ms} ms`), ms)));
	try {
		return await Promise.race([Promise.resolve().then(check).then(() => 'ok', (err: unknown) => (err instanceof Error ? err.message : String(err))), late]);
	} finally {
		clearTimeout(timer);
	}
}

async function start(env: Record<string, string | undefined>): Promise<AppHandle> {
	// Dev only: after an edit Vite evaluates the server modules afresh and SvelteKit runs init again.
	// The previous copy's sync server closes (clients reconnect, 1012) so one serves the process.
	await takeApp()?.close();
	const config = loadConfig(env);
	const db = await initDb(config);
	// DATABASE_URL: everything lives in PostgreSQL, the documents too (docStorePg.ts), and the SQLite
	// file is not opened (db/index.ts legacyDocs). The sync server uses the database's one document
	// store, the same the routes' modules use (db/query.ts docsOf). redis is loaded only when configured.
	const pool = isPg(db) ? db.pool : null;
	if (pool) {
		// What several nodes share besides the documents. PDF report jobs: polled through the
		// balancer, so every node must know every job.
		const [{ shareJobs }, { SharedJobs }] = await Promise.all([import('../src/lib/server/report/jobs.ts'), import('../src/lib/server/report/sharedJobs.ts')]);
		shareJobs(new SharedJobs(pool));
		// Form double-submit claims: the two posts of a double click may reach two nodes.
		const [{ shareFormClaims }, { PgFormClaims }] = await Promise.all([import('../src/lib/server/formToken.ts'), import('../src/lib/server/formClaims.ts')]);
		shareFormClaims(new PgFormClaims(pool));
	}
	if (config.redisUrl && !pool) throw new Error('REDIS_URL (several nodes) needs DATABASE_URL: the nodes share the documents through PostgreSQL');
	const relay: RedisRelay | undefined = config.redisUrl ? await (await import('./sync/relay.ts')).RedisRelay.connect(config.redisUrl, consoleLog) : undefined;
	const sync = startSync({ config, db, relay });
	let closing: Promise<void> | null = null;
	const app: AppHandle = {
		config,
		handleUpgrade: (req, socket, head) => sync.handleUpgrade(req, socket, head),
		stats: () => ({ ...sync.stats(), instance: INSTANCE_ID }),
		async ready(): Promise<Readiness> {
			// The store this process uses, by name: SQLite or PostgreSQL (the SQLite file is not open then).
			const checks: Record<string, string> = {};
			if (pool) checks.postgres = await within(2_000, () => pool.query('SELECT 1'));
			else if (!isPg(db)) checks.sqlite = await within(1_000, () => db.$client.prepare('SELECT 1').get());
			if (relay) checks.redis = await within(1_000, async () => {
				if (!(await relay.ping())) throw new Error('Redis does not answer');
			});
			if (closing) checks.node = 'shutting down';
			return { ok: Object.values(checks).every((c) => c === 'ok'), checks };
		},
		close: () =>
			(closing ??= (async () => {
				if (takeApp() === app) publishApp(undefined);
				await sync.close();
				await relay?.close();
				await closeDb();
			})())
	};
	publishApp(app);
	return app;
}
