import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real Tandem server (the adapter-node build + sync endpoint) on a free port with its own database. */
export class TestServer {
	readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
	port = 0;
	#proc: ChildProcess | null = null;
	#log = '';

	get origin() {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		if (!this.port) this.port = await freePort();
		const proc = spawn(process.execPath, ['server/index.ts'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				ORIGIN: this.origin,
				DATABASE_PATH: path.join(this.dir, 'tandem.db'),
				SYNC_ACCESS_RECHECK_MS: '500',
				NODE_ENV: 'production'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#proc = proc;
		proc.stdout!.on('data', (d) => (this.#log += d));
		proc.stderr!.on('data', (d) => (this.#log += d));
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			if (proc.exitCode !== null) throw new Error(`server exited early:\n${this.#log}`);
			try {
				const res = await fetch(`${this.origin}/signin`);
				if (res.ok) return;
			} catch {
				/* not up yet */
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`server did not start:\n${this.#log}`);
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		const proc = this.#proc;
		if (!proc || proc.exitCode !== null) return;
		const exited = new Promise((r) => proc.once('exit', r));
		proc.kill(signal);
		await exited;
		this.#proc = null;
	}

	async restart(signal: NodeJS.Signals = 'SIGTERM') {
		await this.stop(signal);
		await this.start();
	}

	get log() {
		return this.#log;
	}

	async dispose() {
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
