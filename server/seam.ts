// The one crossing between the app's module graph and what starts it from outside: server/index.ts
// (production) and the tandemSync plugin in vite.config.ts (dev). The app side (server/app.ts, inside
// the adapter-node build) publishes its handle here; the outside takes it after loading the app.
// This module holds no state and imports nothing at run time (types only), so the copy the outside
// loads from source and the one bundled into build/ are interchangeable: the slot is on globalThis.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../src/lib/server/config.ts';
import type { SyncStats } from './sync/attach.ts';

export interface AppHandle {
	/** The settings the app started with (listen address, debug endpoints). */
	config: Config;
	/** For the HTTP server's 'upgrade' event on `/sync/…`. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** The sync server's counters and the module graph's instance id (TANDEM_DEBUG_METRICS). */
	stats(): SyncStats & { instance: string };
	/** Readiness for a load balancer: every store this node needs answers (GET /readyz). */
	ready(): Promise<Readiness>;
	/** Closes the sync server (snapshots, 1012) and then the database. */
	close(): Promise<void>;
}

export interface Readiness {
	ok: boolean;
	/** Per component (sqlite, postgres, redis): 'ok' or what is wrong. */
	checks: Record<string, string>;
}

const SLOT = Symbol.for('tandem.app');
type Holder = { [SLOT]?: AppHandle };

export function publishApp(app: AppHandle | undefined): void {
	(globalThis as Holder)[SLOT] = app;
}

export function takeApp(): AppHandle | undefined {
	return (globalThis as Holder)[SLOT];
}
