import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cpuSeconds, rssBytes, writeBytes } from './proc.ts';
import { sleep, withTimeout } from './stats.ts';

export type ServerKind = 'tandem' | 'y-websocket' | 'hocuspocus';

export const REPO = path.resolve(import.meta.dirname, '../..');
const HOST = '127.0.0.1';
export const SERVER_CPU = '0';
export const LOADGEN_CPU = '1';

const ENTRY: Record<ServerKind, string> = {
	tandem: path.join(REPO, 'server/index.ts'),
	'y-websocket': path.join(import.meta.dirname, 'servers/ywebsocket.ts'),
	hocuspocus: path.join(import.meta.dirname, 'servers/hocuspocus.ts')
};

export interface StartOptions {
	/** Tandem only: the SQLite file to serve (a throwaway copy). */
	dbPath?: string;
	env?: Record<string, string>;
	/** Write a V8 CPU profile into this directory when the server exits. */
	cpuProfDir?: string;
	/** With cpuProfDir: the sampling interval in µs (V8's default is 1000). */
	cpuProfIntervalUs?: number;
	/** More node options for the server process (e.g. `--import=` a probe). */
	nodeArgs?: string[];
	/** Open the inspector on a free loopback port (heap measurements). */
	inspect?: boolean;
	/** Tandem only: another checkout of the repository (built) to run instead of this one (A/B runs). */
	root?: string;
	/** How long the server may take to listen (default 30 s; longer where a loaded machine needs it). */
	startTimeoutMs?: number;
}

const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const live = new Set<BenchServer>();

/** One server process, pinned to the server core. */
export class BenchServer {
	readonly kind: ServerKind;
	readonly port: number;
	readonly inspectPort: number | null;
	readonly dbPath: string | null;
	private readonly proc: ChildProcess;
	private output = '';

	constructor(kind: ServerKind, port: number, inspectPort: number | null, dbPath: string | null, proc: ChildProcess) {
		this.kind = kind;
		this.port = port;
		this.inspectPort = inspectPort;
		this.dbPath = dbPath;
		this.proc = proc;
		proc.stdout?.on('data', (d) => this.keep(d));
		proc.stderr?.on('data', (d) => this.keep(d));
	}

	private keep(d: Buffer): void {
		this.output = (this.output + d.toString()).slice(-20_000);
	}

	get pid(): number {
		return this.proc.pid!;
	}
	get origin(): string {
		return `http://${HOST}:${this.port}`;
	}
	get exited(): boolean {
		return this.proc.exitCode !== null || this.proc.signalCode !== null;
	}
	get log(): string {
		return this.output;
	}

	cpu = (): number => cpuSeconds(this.pid);
	rss = (): number => rssBytes(this.pid);
	written = (): number => writeBytes(this.pid);

	/** Tandem's TANDEM_DEBUG_METRICS endpoint: loads, rooms, connections. */
	async syncStats(): Promise<{ loads: number; rooms: number; connections: number }> {
		const res = await fetch(`${this.origin}/__debug/sync`, { signal: AbortSignal.timeout(5000) });
		if (!res.ok) throw new Error(`debug endpoint answered ${res.status}`);
		return (await res.json()) as { loads: number; rooms: number; connections: number };
	}

	async stop(): Promise<void> {
		if (!this.exited) {
			const gone = new Promise((r) => this.proc.once('exit', r));
			this.proc.kill('SIGTERM');
			// Tandem snapshots open documents on SIGTERM; a profile is written on exit.
			const clean = await Promise.race([gone.then(() => true), sleep(15_000).then(() => false)]);
			if (!clean) {
				this.proc.kill('SIGKILL');
				await gone;
			}
		}
		live.delete(this);
		// `BENCH_SERVER_LOGS=<dir>`: each server's last output, for diagnosis runs.
		if (process.env.BENCH_SERVER_LOGS) fs.writeFileSync(path.join(process.env.BENCH_SERVER_LOGS, `${this.kind}-${this.port}.log`), this.output);
	}

	kill(): void {
		if (!this.exited) this.proc.kill('SIGKILL');
		live.delete(this);
	}
}

export async function startServer(kind: ServerKind, opts: StartOptions = {}): Promise<BenchServer> {
	const port = await freePort();
	const inspectPort = opts.inspect ? await freePort() : null;
	const nodeArgs: string[] = [];
	if (opts.cpuProfDir) {
		fs.mkdirSync(opts.cpuProfDir, { recursive: true });
		nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`);
		if (opts.cpuProfIntervalUs) nodeArgs.push(`--cpu-prof-interval=${opts.cpuProfIntervalUs}`);
	}
	if (inspectPort) nodeArgs.push(`--inspect=${HOST}:${inspectPort}`);
	if (opts.nodeArgs) nodeArgs.push(...opts.nodeArgs);
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '/tmp',
		PORT: String(port),
		HOST,
		...opts.env
	};
	if (kind === 'tandem') {
		if (!opts.dbPath) throw new Error('tandem needs a database');
		Object.assign(env, {
			ORIGIN: `http://${HOST}:${port}`,
			DATABASE_PATH: opts.dbPath,
			NODE_ENV: 'production',
			TANDEM_DEBUG_METRICS: '1',
			...opts.env
		});
	}
	const root = kind === 'tandem' && opts.root ? opts.root : REPO;
	const argv = [process.execPath, ...nodeArgs, root === REPO ? ENTRY[kind] : path.join(root, 'server/index.ts')];
	const proc = hasTaskset
		? spawn('taskset', ['-c', SERVER_CPU, ...argv], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
		: spawn(argv[0], argv.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const server = new BenchServer(kind, port, inspectPort, opts.dbPath ?? null, proc);
	live.add(server);
	try {
		await withTimeout(`starting ${kind}`, opts.startTimeoutMs ?? 30_000, waitUntilListening(server));
	} catch (err) {
		server.kill();
		throw new Error(`${(err as Error).message}\n${server.log}`);
	}
	return server;
}

async function waitUntilListening(server: BenchServer): Promise<void> {
	for (;;) {
		if (server.exited) throw new Error(`${server.kind} exited during start`);
		try {
			await fetch(`${server.origin}/`, { signal: AbortSignal.timeout(1000), redirect: 'manual' });
			return;
		} catch {
			await sleep(50);
		}
	}
}

/** Pins the calling process (all its threads) to the load-generator core. */
export function pinSelf(): string {
	if (!hasTaskset) return 'not pinned (taskset missing: apt-get install util-linux)';
	const r = spawnSync('taskset', ['-a', '-p', '-c', LOADGEN_CPU, String(process.pid)]);
	return r.status === 0 ? `server on CPU ${SERVER_CPU}, load generator on CPU ${LOADGEN_CPU}` : `not pinned: ${r.stderr}`;
}

export const tasksetAvailable = (): boolean => hasTaskset;

/** Last resort on exit: no server outlives the bench. */
export function killAllServers(): void {
	for (const s of [...live]) s.kill();
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, HOST, () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}
