import fs from 'node:fs';
import zlib from 'node:zlib';
import { chromium, type Page, type Response } from '@playwright/test';
import { start, type Context } from '../context.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { median, sleep } from '../stats.ts';

const SCENARIO = '7 page';
const KB = 1000;

const chromiumPath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface JsTransfer {
	url: string;
	/** Encoded (on-the-wire) body bytes, as the browser received them. */
	transferred: number;
	raw: number;
	gzip: number;
	brotli: number;
}

const isJs = (r: Response) => r.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(r.url()) || /javascript/.test(r.headers()['content-type'] ?? '');

/** Records every JavaScript response of the page from now on. */
function recordJs(page: Page): () => Promise<JsTransfer[]> {
	const pending: Promise<JsTransfer | null>[] = [];
	page.on('response', (r) => {
		if (!isJs(r)) return;
		pending.push(
			(async () => {
				const body = await r.body().catch(() => null);
				if (!body) return null;
				const sizes = await r.request().sizes();
				return {
					url: new URL(r.url()).pathname,
					transferred: sizes.responseBodySize,
					raw: body.byteLength,
					gzip: zlib.gzipSync(body, { level: 9 }).byteLength,
					brotli: zlib.brotliCompressSync(body).byteLength
				};
			})()
		);
	});
	return async () => (await Promise.all(pending)).filter((x): x is JsTransfer => x !== null);
}

const total = (xs: JsTransfer[], f: (x: JsTransfer) => number) => xs.reduce((s, x) => s + f(x), 0);

/**
 * Median key → painted cell in the positioning matrix, from the page's own performance marks
 * (`matrix-key` on keydown, `matrix-paint` once the moved focus is painted).
 */
async function matrixKeyToPaint(page: Page, presses: number): Promise<number[]> {
	await page.locator('a[href="?view=matrix"]').click();
	const cell = page.locator('[role="gridcell"]').first();
	await cell.waitFor({ timeout: 15_000 });
	const cells = await page.locator('[role="gridcell"]').count();
	if (cells < 2) throw new Error(`the matrix shows ${cells} cells: the seeded stakeholders or goals are not read`);
	await cell.focus();
	await page.evaluate(() => performance.clearMarks());
	for (let i = 0; i < presses; i++) {
		await page.keyboard.press(i % 8 < 4 ? 'ArrowRight' : 'ArrowDown');
		await sleep(30);
	}
	await sleep(200);
	return page.evaluate(() => {
		const keys = performance.getEntriesByName('matrix-key', 'mark').map((m) => m.startTime);
		const paints = performance.getEntriesByName('matrix-paint', 'mark').map((m) => m.startTime);
		// Each key is matched with the first paint after it.
		return keys.map((k) => (paints.find((p) => p >= k) ?? NaN) - k).filter(Number.isFinite);
	});
}

export async function page(ctx: Context): Promise<ScenarioReport> {
	const p = ctx.params.page;
	if (!chromiumPath) return { scenario: SCENARIO, metrics: [], status: 'no Chromium: apt-get install chromium (or set CHROMIUM_PATH)' };
	const board = ctx.seeded.boards.page[0];
	const { server, dispose } = await start(ctx, 'tandem', 'page');
	const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
	try {
		const context = await browser.newContext();
		await context.addCookies([{ name: 'tandem_session', value: ctx.seeded.tokens[0], url: server.origin }]);
		const tab = await context.newPage();
		const js = recordJs(tab);
		await tab.goto(`${server.origin}/boards/${board}`, { waitUntil: 'load' });
		await tab.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 15_000 });
		await tab.waitForLoadState('networkidle');
		const files = await js();
		const transferred = total(files, (f) => f.transferred);
		const hasMatrix = (await tab.locator('a[href="?view=matrix"]').count()) > 0;
		const keyToPaint = hasMatrix ? await matrixKeyToPaint(tab, p.keyPresses) : [];
		const metrics: Metric[] = [
			{
				scenario: SCENARIO,
				name: 'board page JS transferred, without canvas',
				unit: 'KB',
				values: { tandem: transferred / KB },
				budget: '<= 150 KB',
				met: transferred <= 150 * KB,
				note: `${files.length} files; ${(total(files, (f) => f.raw) / KB).toFixed(0)} KB raw, ${(total(files, (f) => f.gzip) / KB).toFixed(0)} KB gzip -9, ${(total(files, (f) => f.brotli) / KB).toFixed(0)} KB brotli; adapter-node serves precompressed files`
			},
			{
				scenario: SCENARIO,
				name: `matrix ${p.matrix.rows} x ${p.matrix.cols}: key → painted cell, median`,
				unit: 'ms',
				values: { tandem: hasMatrix ? (keyToPaint.length ? median(keyToPaint) : 'no matrix-key/matrix-paint marks') : 'not available yet' },
				budget: '<= 16 ms',
				met: keyToPaint.length ? median(keyToPaint) <= 16 : null
			}
		];
		return { scenario: SCENARIO, metrics, raw: { files, keyToPaint } };
	} finally {
		await browser.close();
		await dispose();
	}
}
