import path from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';
import { sourceHashes, writeStamp, type SourceHashes } from './server/buildStamp.ts';
import { takeApp, type AppHandle } from './server/seam.ts';

// Dev runs the same sync server as production, inside Vite's SSR module graph next to the routes:
// SvelteKit's init hook starts it (server/app.ts), this plugin only hands it the upgrades.
function tandemSync(): Plugin {
	return {
		name: 'tandem-sync',
		apply: 'serve',
		configureServer(server) {
			if (!server.httpServer) return;
			// Upgrades must come from the page's origin: default it to Vite's own address.
			process.env.ORIGIN ??= `http://localhost:${server.config.server.port ?? 5173}`;
			server.httpServer.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith('/sync/')) return;
				devApp(server).then(
					(app) => app.handleUpgrade(req, socket, head),
					(err: unknown) => {
						console.error('the sync server did not start', err);
						socket.destroy();
					}
				);
			});
			server.httpServer.on('close', () => void takeApp()?.close());
			// The same debug counters as server/index.ts serves in production.
			server.middlewares.use('/__debug/sync', (_req, res, next) => {
				const app = takeApp();
				if (!app?.config.debugMetrics) return next();
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(app.stats()));
			});
		}
	};
}

/** SvelteKit runs the init hook on the first page request; a socket that comes first runs it itself. */
async function devApp(server: ViteDevServer): Promise<AppHandle> {
	const running = takeApp();
	if (running) return running;
	const hooks = (await server.ssrLoadModule('/src/hooks.server.ts')) as { init(): Promise<void> };
	await hooks.init();
	const app = takeApp();
	if (!app) throw new Error('src/hooks.server.ts init did not start the app');
	return app;
}

// The build records what it was made from; server/index.ts refuses to run a stale build/.
function tandemBuildStamp(): Plugin {
	let ssr = false;
	let hashes: SourceHashes | null = null;
	return {
		name: 'tandem-build-stamp',
		apply: 'build',
		configResolved(config) {
			ssr = Boolean(config.build.ssr);
			// Taken when the build starts: an edit made while it runs makes the build stale, as it is.
			if (ssr) hashes = sourceHashes(config.root);
		},
		// After SvelteKit's own closeBundle, which runs adapter-node (it empties build/ first).
		closeBundle: {
			order: 'post',
			sequential: true,
			handler() {
				if (ssr && hashes) writeStamp(path.resolve('build'), hashes);
			}
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), tandemSync(), tandemBuildStamp()],
	resolve: { dedupe: ['yjs'] },
	optimizeDeps: { exclude: ['@tldraw/assets'] },
	build: {
		// tldraw's fonts, icons and translations stay files served by us: inlined as data: URLs, the
		// translations would be fetched from data: (refused by connect-src 'self').
		// For finding what the page's chunks hold (tests/bench/chunkSources.ts): TANDEM_SOURCEMAP=1 npm run build.
		sourcemap: process.env.TANDEM_SOURCEMAP === '1',
		// For CPU profiles with the functions' own names (BIGBOARD_PROFILE_REMOTE): TANDEM_MINIFY=0 npm run build.
		minify: process.env.TANDEM_MINIFY === '0' ? false : undefined,
		assetsInlineLimit: (file) => (file.includes('@tldraw/assets') ? false : undefined),
		rolldownOptions: {
			onLog(level, log, handler) {
				// tldraw's "use client" directives and the bundler's
				// plugin-timing report: harmless, and noise in every build (`npm start` shows warnings).
				if (log.code === 'MODULE_LEVEL_DIRECTIVE' || log.code === 'PLUGIN_TIMINGS') return;
				handler(level, log);
			}
		}
	},
	test: {
		projects: [
			{
				extends: true,
				// One module graph for all unit files in a worker: importing it afresh for each of ~100 files
				// took more than half of the run (tests/unit/sync/docLoad.test.ts reloads what it mocks).
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', isolate: false }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			}
		]
	}
});
