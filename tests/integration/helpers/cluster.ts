import * as Y from 'yjs';
import pg from 'pg';
import { ServerProcess } from './server.ts';
import { PgWorld } from './seed.ts';
import { startPostgres, startRedis, type RedisService, type Service } from './services.ts';
import { startBalancer, type DevBalancer } from '../../../server/devBalancer.ts';
import { PgDocStore } from '../../../src/lib/server/docStorePg.ts';
import { WebsocketProvider } from 'y-websocket';
import { webSocketWith, type Target } from './clients.ts';
import { cookieOf } from './seed.ts';
import { noteText, readNote } from '../../unit/sync/helpers.ts';
import { SaveTracker, trackingWebSocket, trackSaves } from '../../../src/lib/board/client/saveTracker.ts';

/** The origin of a tracked client's own edits (what its SaveTracker counts). */
export const LOCAL = Symbol('local edit');

/**
 * Several real server processes built from this branch on one PostgreSQL and one Redis (both real,
 * services.ts), with a TCP balancer in front (server/devBalancer.ts: first node that accepts).
 * Everything is in PostgreSQL (people, sessions, boards and documents); the world is seeded there.
 */
export interface Cluster {
	pg: Service;
	redis: RedisService;
	nodes: ServerProcess[];
	balancer: DevBalancer;
	world: PgWorld;
	/** Through the balancer: what a browser behind the load balancer uses. */
	front: { origin: string; syncUrl: string };
	/** Straight to node `i` (the same public origin: every node is configured with the balancer's). */
	direct(i: number): { origin: string; syncUrl: string };
	/** The document as stored in PostgreSQL now. */
	stored(room: string): Promise<Y.Doc>;
	dispose(): Promise<void>;
}

export async function startCluster(size = 2, env: Record<string, string> = {}): Promise<Cluster> {
	const [pgService, redis] = await Promise.all([startPostgres(), startRedis()]);
	const balancer = await startBalancer([]);
	const origin = `http://127.0.0.1:${balancer.port}`;
	const shared = {
		ORIGIN: origin,
		DATABASE_URL: pgService.url,
		REDIS_URL: redis.url,
		// The periodic access sweep is a safety net: far away here, so the relay is what is tested.
		SYNC_ACCESS_RECHECK_MS: '60000',
		...env
	};
	const first = new ServerProcess(shared);
	// One at a time: the first creates the SQLite file and both run the migrations.
	await first.start();
	const nodes = [first];
	for (let i = 1; i < size; i++) {
		const node = new ServerProcess({ ...shared, DATABASE_PATH: first.dbPath });
		await node.start();
		nodes.push(node);
	}
	balancer.setBackends(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
	const world = await PgWorld.open(pgService.url);
	const pool = new pg.Pool({ connectionString: pgService.url });
	pool.on('error', () => {});
	const store = new PgDocStore(pool);
	return {
		pg: pgService,
		redis,
		nodes,
		balancer,
		world,
		front: { origin, syncUrl: `ws://127.0.0.1:${balancer.port}/sync` },
		direct: (i) => ({ origin, syncUrl: nodes[i].syncUrl }),
		async stored(room) {
			const doc = new Y.Doc();
			const state = await store.load(room);
			if (state) Y.applyUpdate(doc, state);
			return doc;
		},
		async dispose() {
			await world.close();
			await balancer.close();
			for (const n of nodes) await n.dispose();
			await pool.end().catch(() => {});
			await Promise.all([pgService.stop(), redis.stop()]);
		}
	};
}

/**
 * The y-websocket client as the board uses it: its SaveTracker is the header's "Saved" / "not
 * saved", `closes` the socket closes it saw. The caller destroys `provider`.
 */
export function trackedClient(target: Target, room: string, token: string) {
	const doc = new Y.Doc();
	const tracker = new SaveTracker(() => {});
	const base = webSocketWith({ Origin: target.origin, Cookie: cookieOf(token) }) as unknown as typeof WebSocket;
	const provider = new WebsocketProvider(target.syncUrl, room, doc, { WebSocketPolyfill: trackingWebSocket(base, tracker), disableBc: true, maxBackoffTime: 300 });
	trackSaves(provider, tracker, LOCAL);
	const closes: { code: number; reason: string }[] = [];
	provider.on('connection-close', (e) => e && closes.push({ code: e.code, reason: e.reason }));
	const synced = () => (provider.synced ? Promise.resolve() : new Promise<void>((r) => provider.once('sync', (s: boolean) => s && r())));
	const type = (s: string) => doc.transact(() => noteText(doc).insert(noteText(doc).length, s), LOCAL);
	return { doc, provider, tracker, closes, synced, type, note: () => readNote(doc) };
}
