// The process's server side, started once inside the app's module graph by the init hook of
// src/hooks.server.ts: the routes and the sync server share this one copy of every server module
// (database handle, live hub, caches). Only its handle crosses to server/index.ts, through server/seam.ts.
import { loadConfig } from '../src/lib/server/config.ts';
import { closeDb, initDb } from '../src/lib/server/db/index.ts';
import { INSTANCE_ID } from '../src/lib/server/instance.ts';
import { startSync } from './sync/attach.ts';
import { publishApp, takeApp, type AppHandle } from './seam.ts';

let started: Promise<AppHandle> | null = null;

/** Starts the database and the sync server (once per module graph) and publishes the handle. */
export function startApp(env: Record<string, string | undefined>): Promise<AppHandle> {
	return (started ??= start(env));
}

async function start(env: Record<string, string | undefined>): Promise<AppHandle> {
	// Dev only: after an edit Vite evaluates the server modules afresh and SvelteKit runs init again.
	// The previous copy's sync server closes (clients reconnect, 1012) so one serves the process.
	await takeApp()?.close();
	const config = loadConfig(env);
	const db = await initDb(config);
	const sync = startSync({ config, db });
	let closing: Promise<void> | null = null;
	const app: AppHandle = {
		config,
		handleUpgrade: (req, socket, head) => sync.handleUpgrade(req, socket, head),
		stats: () => ({ ...sync.stats(), instance: INSTANCE_ID }),
		close: () =>
			(closing ??= (async () => {
				if (takeApp() === app) publishApp(undefined);
				await sync.close();
				await closeDb();
			})())
	};
	publishApp(app);
	return app;
}
