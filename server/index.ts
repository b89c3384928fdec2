// Production entry: the adapter-node handler for pages, the sync endpoint for /sync/ upgrades, one port.
// Everything server-side runs inside build/ (one copy of each module, started by the app's init hook,
// see server/app.ts); this file only owns the HTTP server and reaches the app through server/seam.ts.
import http from 'node:http';
import path from 'node:path';
import { staleness } from './buildStamp.ts';
import { takeApp } from './seam.ts';

const root = path.resolve(import.meta.dirname, '..');
const stale = staleness(root, path.join(root, 'build'));
if (stale) {
	console.error(stale);
	process.exit(1);
}

// adapter-node reads ORIGIN when its handler module loads, before the init hook reads the config:
// the same default as loadConfig's.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT || 3000}`;
// A board file may be up to 5 MB (doc/exportFile.ts MAX_EXPORT_BYTES); adapter-node's default cap is 512 kB.
// Slightly above it, so a file just over 5 MB gets the import's own clear message rather than a bare 413.
process.env.BODY_SIZE_LIMIT ??= '6M';
const handlerUrl = new URL('../build/handler.js', import.meta.url).href;
// Loading the handler runs SvelteKit's init hook, which starts the database and the sync server.
const { handler } = (await import(handlerUrl)) as { handler: http.RequestListener };
const app = takeApp() ?? notStarted();
const { config } = app;

const server = http.createServer((req, res) => {
	// For a load balancer: /healthz answers while the process runs; /readyz only while every store it
	// needs (SQLite, or PostgreSQL when configured, and Redis when configured) answers, 503 with the details otherwise.
	if (req.url === '/healthz') {
		res.setHeader('content-type', 'text/plain');
		return res.end('ok');
	}
	if (req.url === '/readyz') {
		void app.ready().then((r) => {
			res.statusCode = r.ok ? 200 : 503;
			res.setHeader('content-type', 'application/json');
			res.setHeader('cache-control', 'no-store');
			res.end(JSON.stringify(r));
		});
		return;
	}
	if (config.debugMetrics && req.url === '/__debug/sync') {
		res.setHeader('content-type', 'application/json');
		return res.end(JSON.stringify(app.stats()));
	}
	// Static assets are answered by adapter-node before SvelteKit's hooks: give them the same headers.
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('X-Frame-Options', 'DENY');
	res.setHeader('Referrer-Policy', 'same-origin');
	handler(req, res);
});
server.on('upgrade', (req, socket, head) => {
	if (req.url?.startsWith('/sync/')) app.handleUpgrade(req, socket, head);
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
	await app.close();
	process.exit(0);
}
function notStarted(): never {
	throw new Error('build/ did not start the sync server (the init hook of src/hooks.server.ts): run `npm run build`');
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
