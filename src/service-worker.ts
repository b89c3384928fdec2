/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

// Opens a board without a network: the app's built JS/CSS and static files come from a cache
// filled at install, and each board page (its HTML and its `__data.json`) is fetched from the
// server first, its last good answer kept for when the server cannot be reached. The board's
// content itself is in IndexedDB (client/connection.svelte.ts); changes made offline are sent
// when the socket reconnects. Nothing else is cached: every other page needs the server.

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `assets-${version}`;
/** Board pages as last served to this browser's signed-in person: emptied on sign-in and sign-out. */
const PAGES = 'board-pages';
const ASSET_PATHS = new Set([...build, ...files]);
const BOARD_PAGE = /^\/boards\/[^/]+(\/__data\.json)?$/;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((cache) => cache.addAll([...ASSET_PATHS]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	// Assets of older versions go; the pages stay (they name this version's assets by the next load).
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== ASSETS && k !== PAGES).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

/** The server's answer, kept if it is the board page itself; the kept one when offline. */
async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(PAGES);
	try {
		const response = await fetch(request);
		// Only the page itself: not a redirect to sign in, not a 404 of a board one lost.
		if (response.status === 200 && !response.redirected) await cache.put(cacheKey(request), response.clone());
		return response;
	} catch (err) {
		const kept = await cache.match(cacheKey(request));
		if (kept) return kept;
		throw err;
	}
}

/** One entry per board page: `__data.json`'s query (which parts to reload) does not matter offline. */
function cacheKey(request: Request): string {
	const url = new URL(request.url);
	return url.origin + url.pathname;
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (url.origin !== location.origin) return;
	// Someone else may sign in next: their browser must not open this person's pages offline.
	if (url.pathname === '/signout' || url.pathname === '/signin') {
		event.waitUntil(caches.delete(PAGES));
		return;
	}
	if (event.request.method !== 'GET') return;
	if (ASSET_PATHS.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(event.request)));
		return;
	}
	if (BOARD_PAGE.test(url.pathname)) event.respondWith(networkFirst(event.request));
});
