// `npm run cluster`: Tandem on several nodes on this machine, for development and trying failures
// out: PostgreSQL and Redis from the Debian packages (apt-get install postgresql redis-server),
// NODES nodes (default 2) of `node server/index.ts` and a small TCP balancer in front
// (server/devBalancer.ts; production uses a real load balancer with WebSocket support).
// Data is kept in data/cluster/ (PostgreSQL's cluster: everything the nodes store, documents
// included; no SQLite file is written). Ctrl-C stops it all.
//
//   PORT=3000 (the balancer; open http://localhost:3000), nodes on PORT+1, PORT+2…
//   NODES=2, CLUSTER_DIR=data/cluster
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { staleness } from './buildStamp.ts';
import { startBalancer } from './devBalancer.ts';
import { startPostgres, startRedis } from './devServices.ts';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT || 3000);
const count = Math.max(1, Number(process.env.NODES || 2));
const dir = path.resolve(root, process.env.CLUSTER_DIR ?? 'data/cluster');
fs.mkdirSync(dir, { recursive: true });

if (staleness(root, path.join(root, 'build'))) {
	console.log('Building Tandem (only when the sources changed)…');
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(1);
}

const pg = await startPostgres({ dir: path.join(dir, 'postgres'), port: port + 100 });
const redis = await startRedis({ port: port + 101 });
console.log(`PostgreSQL ${pg.url}\nRedis ${redis.url}`);

const origin = `http://localhost:${port}`;
const nodes: ChildProcess[] = [];
const balancer = await startBalancer([], port, '0.0.0.0', 'round-robin');
for (let i = 1; i <= count; i++) {
	const child = spawn(process.execPath, [path.join(root, 'server/index.ts')], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			PORT: String(port + i),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_PATH: path.join(dir, 'tandem.db'),
			DATABASE_URL: pg.url,
			REDIS_URL: redis.url
		}
	});
	const tag = `[node ${i} :${port + i}] `;
	for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (d: Buffer) => process.stdout.write(d.toString().replace(/^(?=.)/gm, tag)));
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (d: Buffer) => d.toString().includes('Tandem listening') && resolve());
		child.once('exit', (code) => reject(new Error(`node ${i} exited (${code}) while starting`)));
	});
	nodes.push(child);
}
balancer.setBackends(nodes.map((_, i) => ({ host: '127.0.0.1', port: port + 1 + i })));
console.log(`\nTandem on ${count} nodes: open ${origin} (health: /healthz, readiness: /readyz on each node). Ctrl-C stops everything.`);

let stopping = false;
async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	await Promise.all(
		nodes.map((n) => (n.exitCode !== null || n.signalCode !== null ? null : new Promise<void>((r) => (n.once('exit', () => r()), n.kill('SIGTERM')))))
	);
	await balancer.close();
	await Promise.all([redis.stop(), pg.stop()]);
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
