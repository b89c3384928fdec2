import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Dev runs the same sync endpoint as production, attached to Vite's own HTTP server.
function tandemSync(): Plugin {
	return {
		name: 'tandem-sync',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			// Upgrades must come from the page's origin: default it to Vite's own address.
			process.env.ORIGIN ??= `http://localhost:${server.config.server.port ?? 5173}`;
			// Loaded by Node itself (type stripping), exactly as `node server/index.ts` loads it.
			const entry = pathToFileURL(path.resolve('server/sync/attach.ts')).href;
			const { startSync } = await import(/* @vite-ignore */ entry);
			const sync = startSync();
			server.httpServer.on('upgrade', (req, socket, head) => {
				if (req.url?.startsWith('/sync/')) sync.handleUpgrade(req, socket, head);
			});
			server.httpServer.on('close', () => void sync.close());
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), tandemSync()],
	resolve: { dedupe: ['yjs'] },
	optimizeDeps: { exclude: ['@tldraw/assets'] },
	build: {
		rolldownOptions: {
			onLog(level, log, handler) {
				if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
				handler(level, log);
			}
		}
	},
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
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
