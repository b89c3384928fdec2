// Production entry: the adapter-node handler for pages, the sync endpoint for /sync/ upgrades.
import http from 'node:http';
import { loadConfig } from '../src/lib/server/config.ts';
import { closeDb } from '../src/lib/server/db/index.ts';
import { startSync } from './sync/attach.ts';
import { INSTANCE_ID } from '../src/lib/server/instance.ts';

const config = loadConfig();
// adapter-node reads ORIGIN when its handler module loads.
process.env.ORIGIN ??= config.origin;
const handlerUrl = new URL('../build/handler.js', import.meta.url).href;
const { handler } = (await import(handlerUrl)) as { handler: http.RequestListener };

const sync = startSync({ config });
// Off unless asked for: lets integration tests count document loads.
const debugMetrics = process.env.TANDEM_DEBUG_METRICS === '1';

const server = http.createServer((req, res) => {
	if (debugMetrics && req.url === '/__debug/sync') {
		res.setHeader('content-type', 'application/json');
		return res.end(JSON.stringify({ ...sync.stats(), instance: INSTANCE_ID }));
	}
	// Static assets are answered by adapter-node before SvelteKit's hooks: give them the same headers.
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('X-Frame-Options', 'DENY');
	res.setHeader('Referrer-Policy', 'same-origin');
	handler(req, res);
});
server.on('upgrade', (req, socket, head) => {
	if (req.url?.startsWith('/sync/')) sync.handleUpgrade(req, socket, head);
	else socket.destroy();
});
server.listen(config.port, config.host, () => console.log(`Tandem listening on ${config.origin}`));

let stopping = false;
async function stop(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: shutting down`);
	server.close();
	server.closeIdleConnections();
	await sync.close();
	closeDb();
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
