import { test, expect, type Browser, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { addGoal, expectConnected, expectGoals } from './flows.ts';

// The canvas's polish (issue #10): no media tools and files refused with a message; tldraw's licence
// badge fully visible; the canvas fills the window's height; "Show on canvas" from the Goals and Initiatives views;
// an SVG export of plan cards draws the cards.
const server = new ServerProcess();
let world: World;
const SHOTS = '/tmp/canvasDrag-shots';
const SIZES = [[1440, 900], [1180, 820], [1024, 768]] as const;
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
	fs.mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => {
	world?.close();
	await server.dispose();
});

async function open(browser: Browser, b: SeededBoard, who: keyof SeededBoard['tokens'], view: string, viewport: { width: number; height: number } = { width: 1440, height: 900 }): Promise<Page> {
	const context = await browser.newContext({ viewport, acceptDownloads: true });
	await context.addCookies([{ name: SESSION_COOKIE, value: b.tokens[who], url: server.origin }]);
	const page = await context.newPage();
	page.on('pageerror', (e) => console.log(`[${who}] pageerror`, e.message));
	await page.goto(`${server.origin}/boards/${b.boardId}?view=${view}`);
	await expectConnected(page);
	if (view === 'canvas') await canvasReady(page);
	return page;
}

async function canvasReady(page: Page) {
	await expect(page.getByTestId('canvas-view')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
	await expect(page.locator('.tl-canvas')).toBeVisible();
}

const axe = async (page: Page) => {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
};

test('no media tools; a dropped or pasted file is refused with a message and adds nothing', async ({ browser }) => {
	const b = world.addBoard();
	const page = await open(browser, b, 'participant', 'canvas');
	await expect(page.getByTestId('tools.note')).toBeVisible();
	await expect(page.getByTestId('tools.asset')).toHaveCount(0);
	await page.keyboard.press('Control+u'); // tldraw's "upload media" shortcut
	const shapes = page.locator('.tl-shape');
	const before = await shapes.count();
	// A PNG dropped onto the canvas, as the browser delivers a file drag.
	await page.locator('.tl-canvas').evaluate((el) => {
		const dt = new DataTransfer();
		dt.items.add(new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], 'photo.png', { type: 'image/png' }));
		const r = el.getBoundingClientRect();
		const at = { clientX: r.x + 300, clientY: r.y + 300, bubbles: true, cancelable: true, dataTransfer: dt };
		el.dispatchEvent(new DragEvent('dragover', at));
		el.dispatchEvent(new DragEvent('drop', at));
	});
	const refused = page.getByTestId('canvas-refused');
	await expect(refused).toBeVisible();
	await expect(refused).toContainText('Files and images cannot be added to a canvas');
	await expect(refused).toHaveAttribute('role', 'alert');
	expect(await shapes.count()).toBe(before);
	expect(await axe(page)).toEqual([]);
	await page.screenshot({ path: `${SHOTS}/refused-1440x900.png` });
	await refused.getByRole('button', { name: 'Dismiss' }).click();
	await expect(refused).toHaveCount(0);
	await page.context().close();
});

test('the canvas fills the window height and tldraw’s licence badge is fully visible, at three sizes', async ({ browser }) => {
	test.setTimeout(180_000);
	const b = world.addBoard();
	for (const [width, height] of SIZES) {
		const page = await open(browser, b, 'facilitator', 'canvas', { width, height });
		await page.screenshot({ path: `${SHOTS}/canvas-${width}x${height}.png` });
		const view = (await page.getByTestId('canvas-view').boundingBox())!;
		// From below the header, tabs and agenda bar down to the window's bottom edge (a small margin).
		expect.soft(view.y + view.height, `${width}×${height}: bottom`).toBeGreaterThan(height - 32);
		expect.soft(view.y + view.height, `${width}×${height}: bottom`).toBeLessThanOrEqual(height);
		const badge = page.getByTestId('tl-watermark-unlicensed');
		await expect(badge).toBeVisible();
		const box = (await badge.boundingBox())!;
		expect.soft(box.x + box.width, 'badge inside the window').toBeLessThanOrEqual(width);
		expect.soft(box.y + box.height, 'badge inside the window').toBeLessThanOrEqual(height);
		// Nothing of Tandem's (nor of tldraw's own UI) lies over any part of it.
		const covered = await badge.evaluate((el) => {
			const r = el.getBoundingClientRect();
			const out: string[] = [];
			for (const fx of [0.02, 0.25, 0.5, 0.75, 0.98])
				for (const fy of [0.05, 0.5, 0.95]) {
					const top = document.elementFromPoint(r.x + fx * r.width, r.y + fy * r.height);
					if (!top || !el.contains(top)) out.push(`${fx},${fy}: ${top?.outerHTML.slice(0, 80) ?? 'nothing'}`);
				}
			return out;
		});
		expect.soft(covered, `${width}×${height}`).toEqual([]);
		// Its text is all inside it (no page style makes it one clipped line).
		const overflow = await badge.locator('button').evaluate((el) => ({ w: el.scrollWidth - el.clientWidth, h: el.scrollHeight - el.clientHeight, text: el.textContent }));
		expect.soft(overflow, `${width}×${height}: the badge's text fits`).toEqual({ w: 0, h: 0, text: 'Get a license for production' });
		await page.context().close();
	}
});

/** Nothing selected, the canvas panned until the plan card is out of sight. */
async function panCardAway(page: Page): Promise<void> {
	const box = (await page.locator('.tl-canvas').boundingBox())!;
	await page.keyboard.press('Escape');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.wheel(0, 4000);
	await expect(page.getByTestId('plan-card')).not.toBeInViewport();
}

test('“Show on canvas” from the Initiatives view opens the canvas on the initiative’s card', async ({ browser }) => {
	test.setTimeout(180_000);
	const b = world.addBoard();
	const page = await open(browser, b, 'facilitator', 'initiatives');
	await page.getByRole('textbox', { name: 'New initiative' }).fill('Joint pilot');
	await page.getByRole('textbox', { name: 'New initiative' }).press('Enter');
	await expect(page.getByTestId('initiative')).toHaveCount(1);
	await expect(page.getByRole('link', { name: /Show on canvas/ })).toHaveCount(0);
	await page.getByRole('link', { name: 'Canvas' }).click();
	await canvasReady(page);
	await page.getByTestId('canvas-plan-panel').getByRole('button', { name: 'Place on canvas: Initiative “Joint pilot”' }).click();
	await expect(page.getByTestId('plan-card')).toHaveCount(1);
	await panCardAway(page);
	await page.getByRole('link', { name: 'Initiatives', exact: true }).click();
	const show = page.getByRole('link', { name: 'Show on canvas: Initiative “Joint pilot”' });
	await expect(show).toBeVisible();
	expect(await axe(page)).toEqual([]);
	await page.screenshot({ path: `${SHOTS}/initiative-show-on-canvas.png` });
	await show.click();
	await canvasReady(page);
	await expect(page.getByTestId('plan-card')).toBeInViewport();
	await page.context().close();
});

test('“Show on canvas” from the Goals view opens the canvas on the goal’s card; an SVG export draws the card', async ({ browser }) => {
	test.setTimeout(180_000);
	const b = world.addBoard();
	const page = await open(browser, b, 'facilitator', 'goals');
	await addGoal(page, 'Grow together');
	await expectGoals(page, ['Grow together']);
	await expect(page.getByRole('link', { name: /Show on canvas/ })).toHaveCount(0);
	await page.getByRole('link', { name: 'Canvas' }).click();
	await canvasReady(page);
	const panel = page.getByTestId('canvas-plan-panel');
	await panel.getByRole('button', { name: 'Place on canvas: Goal “Grow together”' }).click();
	await expect(page.getByTestId('plan-card')).toHaveCount(1);
	// Look elsewhere (pan the card out of sight, nothing selected), then come back from the Goals view.
	await panCardAway(page);
	await page.getByRole('link', { name: 'Goals & CSFs' }).click();
	const show = page.getByRole('link', { name: 'Show on canvas: Goal “Grow together”' });
	await expect(show).toBeVisible();
	expect(await axe(page)).toEqual([]);
	await show.click();
	await canvasReady(page);
	const card = page.getByTestId('plan-card');
	await expect(card).toBeInViewport();
	await expect(page.locator('.tl-shape[data-shape-type="plan-card"]').first()).toBeVisible();

	// The export takes the selection: right-clicking the card selects it.
	const cardBox = (await card.boundingBox())!;
	await page.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2, { button: 'right' });
	await page.getByRole('menuitem', { name: 'Export as' }).click();
	const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'SVG' }).click()]);
	const text = fs.readFileSync((await svg.path())!, 'utf8');
	// Drawn as SVG (text and shapes), not an HTML snapshot that most SVG viewers cannot show.
	expect(text).toContain('Grow together');
	expect(text).toMatch(/<text[^>]*>[\s\S]*Grow together/);
	expect(text).not.toContain('foreignObject');
	await page.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2, { button: 'right' });
	await page.getByRole('menuitem', { name: 'Export as' }).click();
	const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'PNG' }).click()]);
	const bytes = fs.readFileSync((await png.path())!);
	expect(bytes.subarray(1, 4).toString()).toBe('PNG');
	expect(bytes.byteLength).toBeGreaterThan(1000);
	await page.context().close();
});
