import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Our own Origin check (hooks.server.ts) covers form actions and JSON endpoints alike.
		csrf: { trustedOrigins: [] },
		typescript: {
			config(config) {
				config.include.push('../server/**/*.ts', '../tests/**/*.ts', '../*.config.ts');
				return config;
			}
		}
	}
};

export default config;
