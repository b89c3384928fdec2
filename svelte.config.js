import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * SHA-256 of the static style="" attributes the app renders (`style-src-attr 'unsafe-hashes'`):
 * "display: contents" (src/app.html), SvelteKit's #svelte-announcer, "width:auto" (workspace page).
 * A new static style attribute needs its hash here (the CSP e2e test reports it).
 */
const STATIC_STYLE_ATTRIBUTE_HASHES = [
	'sha256-tcbDxjMo+xKqM21aCGYbs/QAJqB7yUXC06oPWDapBgc=',
	'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=',
	'sha256-ddX3XRpvzPKkObZMIn5hweGEWWuuxgL7WC/WLFAVCUA='
];

/**
 * SHA-256 of the <style> elements tldraw renders with fixed text (tldraw 5.4.2): the licence
 * watermark's stylesheet (shown without a production key). A tldraw upgrade that changes it shows
 * as a violation in the canvas's CSP e2e test, with the new hash.
 */
const TLDRAW_STYLE_HASHES = ['sha256-hii1GvifzLiObm11mxWcUszTcw1MQwk4Xrh9I9h7RwA='];

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Our own Origin check (handleOrigin in hooks.server.ts) refuses every state-changing request
		// from another origin, forms and JSON alike, and its refusal carries the security headers.
		// SvelteKit's narrower built-in check (forms only) answers before any hook runs, without
		// them, so it is turned off ('*'); tests/integration/http.test.ts proves the refusal.
		csrf: { trustedOrigins: ['*'] },
		// Sent with every page. SvelteKit adds a nonce (or, for prerendered pages, a hash) for the
		// inline script that starts the app, so no inline script runs without one.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// <style> elements and stylesheets: ours only (SvelteKit nonces any it inlines), and
				// tldraw's one fixed stylesheet by its hash (the canvas view).
				'style-src': ['self', ...TLDRAW_STYLE_HASHES],
				// style="" written in markup: only these exact, static attributes (app.html's wrapper,
				// SvelteKit's route announcer, one on the workspace page). Dynamic style values are set
				// by Svelte through the CSSOM (element.style.cssText / setProperty), which CSP does not
				// govern, so user-written text can never become a style attribute the browser parses.
				'style-src-attr': ['unsafe-hashes', ...STATIC_STYLE_ATTRIBUTE_HASHES],
				// 'self' matches ws:/wss: of the same host and port (CSP Level 3): the sync socket.
				'connect-src': ['self'],
				// The service worker (src/service-worker.ts) that opens boards offline: ours only.
				'worker-src': ['self'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		typescript: {
			config(config) {
				config.include.push('../server/**/*.ts', '../tests/**/*.ts', '../*.config.ts');
				return config;
			}
		}
	}
};

export default config;
