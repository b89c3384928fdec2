import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// HTML → PDF in headless Chromium (playwright-core driving Debian's browser, the one the tests
// already use). Chromium is its own process: the sync server's event loop only waits on a pipe.
// The page gets JavaScript disabled and every network request aborted, so nothing a person wrote
// on a board can run or fetch anything; its stylesheets are inlined beforehand.

export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
	try {
		fs.accessSync(chromiumPath(), fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

export class ChromiumMissingError extends Error {
	constructor() {
		super(`PDF reports need Chromium at ${chromiumPath()} (set CHROMIUM_PATH). Open the HTML report and print it to PDF instead.`);
	}
}

/** build/client (adapter-node), found from wherever this module was bundled; null under `vite dev`. */
function clientDir(): string | null {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 6; i++) {
		if (fs.existsSync(path.join(dir, 'client', '_app', 'version.json'))) return path.join(dir, 'client');
		dir = path.dirname(dir);
	}
	return null;
}

const cssCache = new Map<string, string>();

/**
 * The page as a self-contained document: its own stylesheets (build/client/_app/immutable only)
 * inlined, every script and preload dropped, and a CSP that allows nothing but inline styles and
 * data: images, in case anything slipped through.
 */
export async function selfContained(html: string, pageUrl: URL): Promise<string> {
	const root = clientDir();
	const links = [...html.matchAll(/<link\b[^>]*>/gi)].map((m) => m[0]);
	let out = html;
	for (const tag of links) {
		const href = /\bhref="([^"]+)"/i.exec(tag)?.[1];
		const isStyle = /\brel="stylesheet"/i.test(tag);
		let css = '';
		if (isStyle && href && root) {
			const p = new URL(href.replace(/&amp;/g, '&'), pageUrl).pathname;
			if (p.startsWith('/_app/immutable/') && p.endsWith('.css') && !p.includes('..')) {
				const file = path.join(root, p);
				css = cssCache.get(file) ?? (await readFile(file, 'utf8').catch(() => ''));
				if (css) cssCache.set(file, css);
			}
		}
		out = out.replace(tag, css ? `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>` : '');
	}
	out = out.replace(/<script\b[\s\S]*?<\/script>/gi, '');
	const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`;
	return out.replace(/<head>/i, `<head>${csp}`);
}

export interface PdfResult {
	pdf: Buffer;
	ms: number;
}

/** One PDF from a self-contained HTML document. Throws ChromiumMissingError when there is no browser. */
export async function htmlToPdf(html: string): Promise<PdfResult> {
	if (!chromiumAvailable()) throw new ChromiumMissingError();
	const started = performance.now();
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'],
		timeout: 30_000
	});
	try {
		const context = await browser.newContext({ javaScriptEnabled: false, offline: true, acceptDownloads: false, serviceWorkers: 'block' });
		await context.route('**/*', (route) => route.abort('blockedbyclient'));
		const page = await context.newPage();
		await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
		await page.emulateMedia({ media: 'print' });
		const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' }, tagged: true, outline: true });
		return { pdf, ms: performance.now() - started };
	} finally {
		await browser.close();
	}
}
