import { test, expect, type Browser, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { expectConnected } from './flows.ts';

// The canvas view (tldraw): two people draw and move shapes and see each other; what they drew
// survives a reload and a server restart; an observer changes nothing; a client guest never
// receives the supplier-only page.
const server = new ServerProcess();
let world: World;
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
});
test.afterAll(async () => {
	world?.close();
	await server.dispose();
});

type Who = keyof SeededBoard['tokens'];

async function openCanvas(browser: Browser, b: SeededBoard, who: Who): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: SESSION_COOKIE, value: b.tokens[who], url: server.origin }]);
	const page = await context.newPage();
	page.on('pageerror', (e) => console.log(`[${who}] pageerror`, e.message, e.stack));
	page.on('requestfailed', (r) => console.log(`[${who}] requestfailed`, r.url().slice(0, 200), r.failure()?.errorText));
	page.on('console', (m) => m.type() === 'error' && console.log(`[${who}] console`, m.text().slice(0, 300)));
	await page.goto(`${server.origin}/boards/${b.boardId}?view=canvas`);
	await expectConnected(page);
	await expect(page.getByTestId('canvas-view')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
	await expect(page.locator('.tl-canvas')).toBeVisible();
	return page;
}

/** Draws a rectangle with the keyboard shortcut and a mouse drag, in the canvas's own coordinates. */
async function drawRect(page: Page, from: [number, number], to: [number, number]) {
	const box = (await page.locator('.tl-canvas').boundingBox())!;
	await page.mouse.click(box.x + box.width / 2, box.y + 40);
	await page.keyboard.press('r');
	await page.mouse.move(box.x + from[0], box.y + from[1]);
	await page.mouse.down();
	await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 4 });
	await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
	await page.mouse.up();
	await page.keyboard.press('Escape');
}

const shapes = (page: Page) => page.locator('.tl-shape');

test('two people draw on the canvas and see each other', async ({ browser }) => {
	const b = world.addBoard();
	const a = await openCanvas(browser, b, 'facilitator');
	const p = await openCanvas(browser, b, 'participant');
	await drawRect(a, [300, 200], [420, 300]);
	await expect(shapes(a)).toHaveCount(1);
	await expect(shapes(p)).toHaveCount(1);
	await drawRect(p, [600, 300], [700, 380]);
	await expect(shapes(a)).toHaveCount(2);
});
