import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { createWorkspaceAccountAndBoard, expectConnected, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

type Violation = { directive: string; blocked: string; sample: string; target: string };
declare global {
	interface Window {
		__violations?: Violation[];
	}
}

/** Records every CSP violation of every document the page loads, and CSP messages in the console. */
async function watch(page: Page) {
	const consoleCsp: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text());
	});
	await page.addInitScript(() => {
		window.__violations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			window.__violations!.push({
				directive: e.effectiveDirective,
				blocked: e.blockedURI,
				sample: e.sample,
				target: e.target instanceof Element ? e.target.id || e.target.outerHTML.slice(0, 120) : String(e.target)
			})
		);
	});
	return consoleCsp;
}

/**
 * The page's violations so far. Causes one deliberate violation (a style attribute set by script)
 * and waits for it: that proves the listener works and the policy is enforced, and since reports
 * arrive in order, every earlier violation of this document has arrived by then.
 */
let controls = 0;
async function violationsOf(page: Page): Promise<Violation[]> {
	const id = `csp-control-${++controls}`;
	await page.evaluate((id) => {
		const el = document.createElement('span');
		el.id = id;
		document.body.append(el);
		el.setAttribute('style', 'outline: 1px solid red');
	}, id);
	await expect.poll(() => page.evaluate((id) => window.__violations!.some((v) => v.target === id), id)).toBe(true);
	const all = await page.evaluate(() => window.__violations!);
	return all.filter((v) => !v.target.startsWith('csp-control-'));
}

function expectHeaders(headers: Record<string, string>) {
	const csp = headers['content-security-policy'] ?? '';
	expect(csp).toMatch(/script-src 'self' 'nonce-/);
	expect(csp).not.toContain('unsafe-inline');
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toContain("connect-src 'self'");
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['x-frame-options']).toBe('DENY');
}

test('every page loads under the strict Content-Security-Policy without a single violation', async ({ browser }) => {
	const page = await (await browser.newContext()).newPage();
	const consoleCsp = await watch(page);
	const seen: Record<string, Violation[]> = {};
	async function visit(name: string, path: string, ready: () => Promise<void>) {
		const res = await page.goto(server.origin + path);
		expectHeaders(res!.headers());
		await ready();
		seen[name] = await violationsOf(page);
	}

	await visit('signin', '/signin', () => expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible());
	await visit('signup', '/signup', () => expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible());
	await visit('not found', '/no/such/page', () => expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible());

	await signUp(page, server.origin, { name: 'Cora Csp', email: 'cora@supplier.test' });
	seen.setup = await violationsOf(page);
	const boardUrl = new URL(await createWorkspaceAccountAndBoard(page, { workspace: 'Cora team', account: 'Initech', board: 'Strict plan', template: 'Blank' }));
	await expectConnected(page); // the sync socket is allowed by connect-src 'self'
	seen['board (after client-side navigation)'] = await violationsOf(page);
	// Every view of the board, as its navigation offers them.
	const nav = page.getByRole('navigation', { name: 'Board views' });
	const views = await nav.getByRole('link').evaluateAll((links) => links.map((a) => ({ label: a.textContent!.trim(), href: a.getAttribute('href')! })));
	expect(views.length).toBe(13); // a blank board offers every view (decisions, parking lot, engagement, summary and canvas included)

	await visit('home', '/', () => expect(page.getByRole('heading', { name: 'Customer accounts' })).toBeVisible());
	const accountHref = await page.getByRole('link', { name: 'Initech' }).getAttribute('href');
	await visit('account', accountHref!, () => expect(page.getByRole('heading', { name: 'Initech' })).toBeVisible());
	await visit('workspace', '/workspace', () => expect(page.getByRole('button', { name: 'Create invite link' })).toBeVisible());
	await visit('people', `${boardUrl.pathname}/people`, () => expect(page.getByRole('button', { name: 'Create invite link' })).toBeVisible());
	await visit('history', `${boardUrl.pathname}/history`, () => expect(page.getByRole('heading', { name: 'Checkpoints' })).toBeVisible());
	await visit('reports', `${boardUrl.pathname}/report`, () => expect(page.getByRole('heading', { name: /^Reports/ })).toBeVisible());
	for (const view of views) {
		await visit(`board: ${view.label}`, `${boardUrl.pathname}${view.href}`, async () => {
			await expectConnected(page);
			await expect(nav.getByRole('link', { name: view.label })).toHaveAttribute('aria-current', 'page');
			if (view.label === 'Canvas') {
				// tldraw loaded with its fonts, icons and translations (from us), and a shape drawn.
				await expect(page.getByTestId('canvas-view')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
				const box = (await page.locator('.tl-canvas').boundingBox())!;
				await page.mouse.click(box.x + box.width / 2, box.y + 40);
				await page.keyboard.press('r');
				await page.mouse.move(box.x + 300, box.y + 200);
				await page.mouse.down();
				await page.mouse.move(box.x + 420, box.y + 300, { steps: 5 });
				await page.mouse.up();
				await expect(page.locator('.tl-shape')).toHaveCount(1);
			}
		});
	}

	expect(Object.keys(seen)).toHaveLength(11 + views.length);
	expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, []])));
	// The console saw our deliberate control violations and nothing else.
	expect(consoleCsp.filter((m) => !m.includes('style-src-attr'))).toEqual([]);
	expect(consoleCsp).toHaveLength(controls);
});
