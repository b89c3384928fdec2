import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './helpers/server.ts';

// The sync server and the SvelteKit routes must run on one copy of the server modules: module-level
// state (the database handle, the live hub, any cache or limiter) that exists twice drifts apart.
describe('one module graph per process', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = new ServerProcess();
		await server.start();
	});
	afterAll(() => server.dispose());

	it('the sync server and a route see the same instance of the server modules', async () => {
		const fromSync = (await server.metrics()).instance;
		const res = await fetch(`${server.origin}/__debug/instance`);
		expect(res.status).toBe(200);
		const fromRoute = ((await res.json()) as { instance: string }).instance;
		expect(fromSync).toMatch(/^[0-9a-f-]{36}$/);
		expect(fromRoute).toBe(fromSync);
	});
});

describe('debug endpoints are off by default', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = new ServerProcess({ TANDEM_DEBUG_METRICS: '0' });
		await server.start();
	});
	afterAll(() => server.dispose());

	it('answers 404 for both', async () => {
		expect((await fetch(`${server.origin}/__debug/instance`)).status).toBe(404);
		expect((await fetch(`${server.origin}/__debug/sync`)).status).toBe(404);
	});
});
