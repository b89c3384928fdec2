import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from './helpers/seed.ts';
import { openClient, waitFor } from './helpers/clients.ts';

// `npm run dev` runs the same sync server as production, in Vite's SSR module graph next to the routes.
const REPO = path.resolve(import.meta.dirname, '../..');

describe('vite dev', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-dev-'));
	let proc: ChildProcess;
	let port = 0;
	let log = '';
	const origin = () => `http://localhost:${port}`;

	beforeAll(async () => {
		port = await freePort();
		proc = spawn(process.execPath, [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'dev', '--port', String(port), '--strictPort'], {
			cwd: REPO,
			env: { ...process.env, DATABASE_PATH: path.join(dir, 't.db'), TANDEM_DEBUG_METRICS: '1', ORIGIN: `http://localhost:${port}` },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		await new Promise<void>((resolve, reject) => {
			const onData = (d: Buffer) => {
				log += d;
				if (log.includes('ready in')) resolve();
			};
			proc.stdout!.on('data', onData);
			proc.stderr!.on('data', onData);
			proc.once('exit', (code) => reject(new Error(`vite dev exited (${code}):\n${log}`)));
		});
	});
	afterAll(async () => {
		if (proc.exitCode === null) {
			const exited = new Promise((r) => proc.once('exit', r));
			proc.kill('SIGTERM');
			await exited;
		}
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('answers a socket that comes before any page (the init hook starts the sync server)', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const ws = new WebSocket(`ws://localhost:${port}/sync/nope/shared`, { headers: { origin: origin() } });
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('open', () => reject(new Error('opened without a session')));
			ws.on('error', reject);
		});
		// Refused by the sync server's own upgrade check, not dropped by a missing endpoint.
		expect(status).toBe(401);
	});

	it('the sync server and the routes share one copy of the server modules', async () => {
		const fromSync = ((await (await fetch(`${origin()}/__debug/sync`)).json()) as { instance: string }).instance;
		const fromRoute = ((await (await fetch(`${origin()}/__debug/instance`)).json()) as { instance: string }).instance;
		expect(fromSync).toMatch(/^[0-9a-f-]{36}$/);
		expect(fromRoute).toBe(fromSync);
	});

	it('syncs a board through the dev server', async () => {
		const world = new World(path.join(dir, 't.db'));
		try {
			const b = world.addBoard();
			const c = openClient({ origin: origin(), syncUrl: `ws://localhost:${port}/sync` }, `${b.boardId}/shared`, b.tokens.facilitator);
			try {
				await c.synced();
				await waitFor(async () => ((await (await fetch(`${origin()}/__debug/sync`)).json()) as { connections: number }).connections === 1, 'connection counted');
			} finally {
				c.destroy();
			}
		} finally {
			world.close();
		}
	});
}, 120_000);

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
