// PostgreSQL and Redis for the tests and `npm run cluster` (server/cluster.ts), started from the
// Debian packages (.ci/run installs them) on loopback ports: in throw-away folders, or for the
// cluster script in a folder kept between runs. Nothing here is a mock: each call starts a real server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Service {
	url: string;
	port: number;
	/** The server's process (PostgreSQL's postmaster): the benchmark reads its CPU from /proc. */
	readonly pid: number;
	stop(): Promise<void>;
}

export interface RedisService extends Service {
	/** Stops and starts the same server on the same port (a Redis restart, for failure tests). */
	restart(): Promise<void>;
}

/** The folder holding PostgreSQL's initdb and postgres, or null when the package is not installed. */
export function postgresBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')));
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

export function redisBin(): string | null {
	return fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null;
}

/**
 * Fails loudly when a service is missing: the suite must not pass by skipping what it cannot run.
 * `.ci/run` installs both packages; a developer without them gets this message.
 */
export function requireServices(): { pg: string; redis: string } {
	const pg = postgresBin();
	const redis = redisBin();
	if (!pg || !redis)
		throw new Error(
			'PostgreSQL and Redis are needed for these tests: apt-get install -y postgresql redis-server (.ci/run does this)'
		);
	return { pg, redis };
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

// PostgreSQL refuses to run as root: run its programs as the package's `postgres` user then
// (spawned with that uid directly, so signals reach the server itself).
function pgUser(): { uid: number; gid: number } | {} {
	if (process.getuid?.() !== 0) return {};
	const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
	if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root, and there is no postgres user');
	return { uid, gid };
}

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 20_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it listened`);
		const ok = await new Promise<boolean>((resolve) => {
			const s = net.connect(port, '127.0.0.1');
			s.once('connect', () => {
				s.destroy();
				resolve(true);
			});
			s.once('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > until) throw new Error(`${name} did not listen on ${port} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill(signal);
	});
}

export interface StartOptions {
	/** A folder kept between runs (the cluster script): the data survives; default a fresh temp folder, removed at stop. */
	dir?: string;
	/** A fixed port; default a free one. */
	port?: number;
}

/** A PostgreSQL cluster with a `tandem` database (fresh unless `dir` holds one); `url` connects to it over TCP. */
export async function startPostgres(options: StartOptions = {}): Promise<Service> {
	const { pg } = requireServices();
	const keep = options.dir !== undefined;
	const dir = keep ? path.resolve(options.dir!) : fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-pg-'));
	const data = path.join(dir, 'data');
	const user = pgUser();
	const fresh = !fs.existsSync(path.join(data, 'PG_VERSION'));
	if (fresh) {
		fs.mkdirSync(data, { recursive: true });
		if ('uid' in user) fs.chownSync(dir, user.uid, user.gid), fs.chownSync(data, user.uid, user.gid);
		const init = spawnSync(path.join(pg, 'initdb'), ['-D', data, '-U', 'tandem', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
			encoding: 'utf8',
			...user
		});
		if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
	}
	const port = options.port ?? (await freePort());
	const args = [
		'-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
		'-c', 'max_connections=200',
		// A test cluster: durability off is fine, nothing there survives the run.
		...(keep ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
	];
	const child = spawn(path.join(pg, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
	let log = '';
	child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
	try {
		await waitForPort(port, child, 'postgres');
		for (let i = 0; !fresh; i++) {
			// A kept cluster: ready once it accepts connections (it may be recovering after a crash).
			if (spawnSync(path.join(pg, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'tandem', '-d', 'tandem']).status === 0) break;
			if (i > 300) throw new Error('postgres did not accept connections within 30 s');
			await new Promise((r) => setTimeout(r, 100));
		}
		for (let i = 0; fresh; i++) {
			const made = spawnSync(path.join(pg, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'tandem', 'tandem'], {
				encoding: 'utf8'
			});
			if (made.status === 0) break;
			// The port listens a moment before the server accepts logins ("starting up").
			if (i > 100) throw new Error(`createdb failed: ${made.stderr}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	} catch (err) {
		await stopChild(child, 'SIGKILL');
		throw new Error(`${(err as Error).message}\n${log}`);
	}
	return {
		url: `postgres://tandem@127.0.0.1:${port}/tandem`,
		port,
		pid: child.pid!,
		async stop() {
			// SIGINT: PostgreSQL's fast shutdown (disconnects clients, no waiting for them).
			await stopChild(child, 'SIGINT');
			if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A Redis server without persistence on a free port; `restart()` brings it back on the same port. */
export async function startRedis(options: Pick<StartOptions, 'port'> = {}): Promise<RedisService> {
	const { redis } = requireServices();
	const port = options.port ?? (await freePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-redis-'));
	let child: ChildProcess;
	const start = async () => {
		child = spawn(redis, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
			stdio: 'ignore'
		});
		await waitForPort(port, child, 'redis-server');
	};
	await start();
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		get pid() {
			return child.pid!;
		},
		async restart() {
			await stopChild(child, 'SIGKILL');
			await start();
		},
		async stop() {
			await stopChild(child);
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
