// The board page's JavaScript as a cold load of one view: every script response, brotli-compressed
// here (bytes, so the figure does not depend on the machine's load). Used by scenario 8 and runnable
// on its own after `npm run build`, per file, for finding what the initial chunks hold:
//
//   node tests/bench/pageWeight.ts [view…] [--runs=3] [--files]
import fs from 'node:fs';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page, type Response } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World } from '../integration/helpers/seed.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface JsFile {
	path: string;
	brotli: number;
}

const isJs = (r: Response) => r.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(r.url());

/** Records every JavaScript response of the page; `take` returns (and forgets) those seen so far. */
export function recordJs(page: Page) {
	const files: Promise<JsFile>[] = [];
	page.on('response', (r) => {
		if (!isJs(r)) return;
		const path = new URL(r.url()).pathname;
		files.push(r.body().then((b) => ({ path, brotli: zlib.brotliCompressSync(b).byteLength }), () => ({ path, brotli: 0 })));
	});
	return { take: async () => Promise.all(files.splice(0)) };
}

export const sum = (files: JsFile[]) => files.reduce((s, f) => s + f.brotli, 0);

/** Opens a board on one view in a fresh context (nothing cached) and waits until it is connected and idle. */
export async function openBoard(browser: Browser, server: ServerProcess, boardId: string, token: string, view: string) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.origin }]);
	const page = await context.newPage();
	const js = recordJs(page);
	await page.goto(`${server.origin}/boards/${boardId}?view=${view}`, { waitUntil: 'load' });
	await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ state: 'attached', timeout: 30_000 }).catch(async (e) => {
		throw new Error(`${e}: the page shows ${await page.locator('[data-testid="connection-status"]').getAttribute('data-state')} — ${await page.locator('main').innerText().catch(() => '')}`.slice(0, 600));
	});
	// The view itself has rendered (a lazily loaded view's chunk is part of the load).
	await page.locator('[data-testid="view-loading"]').waitFor({ state: 'detached', timeout: 30_000 });
	await page.waitForLoadState('networkidle');
	return { page, js };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = process.argv.slice(2);
	const views = args.filter((a) => !a.startsWith('--'));
	const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
	const perFile = args.includes('--files');
	if (!chromiumPath) throw new Error('no Chromium');
	const server = new ServerProcess();
	await server.start();
	const world = new World(server.dbPath);
	const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
	try {
		const b = world.addBoard();
		for (const view of views.length ? views : ['goals', 'decisions']) {
			const totals: number[] = [];
			let last: JsFile[] = [];
			for (let run = 0; run < runs; run++) {
				const { page, js } = await openBoard(browser, server, b.boardId, b.tokens.facilitator, view);
				last = await js.take();
				totals.push(sum(last));
				await page.context().close();
			}
			console.log(`${view}: ${totals.map((t) => (t / 1000).toFixed(1)).join(' / ')} KB brotli (${last.length} files)`);
			if (perFile) for (const f of [...last].sort((x, y) => y.brotli - x.brotli)) console.log(`  ${(f.brotli / 1000).toFixed(1).padStart(6)} KB  ${f.path}`);
		}
	} finally {
		await browser.close();
		world.close();
		await server.dispose();
	}
	process.exit(0);
}
