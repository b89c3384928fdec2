import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface SyncMetrics {
	loads: number;
	rooms: number;
	connections: number;
	/** Which copy of the server modules the sync server runs on (see src/lib/server/instance.ts). */
	instance: string;
}

/**
 * `node server/index.ts` against the adapter-node build, with its own database in a temp dir.
 * Used by the integration tests, the end-to-end tests and the benchmarks.
 */
export class ServerProcess {
	readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-int-'));
	readonly dbPath = path.join(this.dir, 't.db');
	port = 0;
	log = '';
	private proc: ChildProcess | null = null;
	private readonly env: Record<string, string>;

	constructor(env: Record<string, string> = {}) {
		this.env = env;
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get syncUrl(): string {
		return `ws://127.0.0.1:${this.port}/sync`;
	}

	async start(): Promise<void> {
		if (!fs.existsSync('build/handler.js')) throw new Error('build/handler.js is missing: run `npm run build` first');
		if (!this.port) this.port = await freePort();
		const proc = spawn(process.execPath, ['server/index.ts'], {
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(this.port),
				HOST: '127.0.0.1',
				ORIGIN: this.origin,
				DATABASE_PATH: this.dbPath,
				SYNC_ROOM_GRACE_MS: '200',
				SYNC_ACCESS_RECHECK_MS: '300',
				SYNC_PING_INTERVAL_MS: '400',
				TANDEM_DEBUG_METRICS: '1',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.proc = proc;
		await new Promise<void>((resolve, reject) => {
			// About a second on an idle machine; with two e2e files (browsers, servers) on a busy 2-core
			// machine a start has taken over 20 s. The deadline only bounds a server that never listens.
			const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.log}`)), 60_000);
			let out = '';
			const onData = (d: Buffer) => {
				this.log += d;
				out += d;
				if (out.includes('Tandem listening on')) {
					clearTimeout(timer);
					resolve();
				}
			};
			proc.stdout!.on('data', onData);
			proc.stderr!.on('data', (d: Buffer) => (this.log += d));
			proc.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`server exited (${code}) before listening:\n${this.log}`));
			});
		});
	}

	/** Sends `signal` and resolves with the exit code (null when ended by a signal). */
	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
		const exited = this.exited();
		this.proc?.kill(signal);
		return exited;
	}

	async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		await this.stop(signal);
		await this.start();
	}

	/** Sends a signal without waiting (SIGSTOP / SIGCONT to stall the server). */
	signal(signal: NodeJS.Signals): void {
		this.proc?.kill(signal);
	}

	/** kill -9 now, synchronously (to crash right after something happened). */
	killNow(): void {
		this.proc?.kill('SIGKILL');
	}

	/** Resolves with the exit code (null when ended by a signal) once the process has exited. */
	async exited(): Promise<number | null> {
		const proc = this.proc;
		if (!proc) return null;
		const code =
			proc.exitCode !== null || proc.signalCode !== null
				? proc.exitCode
				: await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
		if (this.proc === proc) this.proc = null;
		return code;
	}

	async metrics(): Promise<SyncMetrics> {
		const res = await fetch(`${this.origin}/__debug/sync`);
		return (await res.json()) as SyncMetrics;
	}

	async dispose(): Promise<void> {
		await this.stop('SIGKILL');
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}
