import { test, expect, type Browser, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { expectConnected } from './flows.ts';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { openClient, waitFor } from '../integration/helpers/clients.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { canvasMap } from '../../src/lib/board/canvas/binding.ts';

// The canvas view (tldraw): two people draw and move shapes and see each other's cursors; what
// they drew survives a reload and a server restart; an observer changes nothing; a client guest
// never receives the supplier-only page. Nothing is fetched from anywhere but Tandem's server.
const server = new ServerProcess();
let world: World;
const foreign: string[] = [];
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
});
test.afterAll(async () => {
	world?.close();
	await server.dispose();
});
test.afterEach(({}, info) => {
	if (info.status !== info.expectedStatus) console.log('SERVER LOG', server.log.slice(-4000));
	expect(foreign).toEqual([]);
});

type Who = keyof SeededBoard['tokens'];

async function openCanvas(browser: Browser, b: SeededBoard, who: Who, frames?: Buffer[], viewport = { width: 1440, height: 900 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	await context.addCookies([{ name: SESSION_COOKIE, value: b.tokens[who], url: server.origin }]);
	const page = await context.newPage();
	page.on('request', (r) => {
		const url = r.url();
		if (!url.startsWith(server.origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
	});
	page.on('pageerror', (e) => console.log(`[${who}] pageerror`, e.message));
	if (frames) page.on('websocket', (ws) => ws.on('framereceived', (f) => typeof f.payload !== 'string' && frames.push(f.payload)));
	await page.goto(`${server.origin}/boards/${b.boardId}?view=canvas`);
	await ready(page);
	return page;
}

async function ready(page: Page) {
	await expectConnected(page);
	await expect(page.getByTestId('canvas-view')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
	await expect(page.locator('.tl-canvas')).toBeVisible();
}

async function canvasBox(page: Page) {
	return (await page.locator('.tl-canvas').boundingBox())!;
}

/** Draws a rectangle with the keyboard shortcut and a mouse drag, in the canvas's own coordinates. */
async function drawRect(page: Page, from: [number, number], to: [number, number]) {
	const box = await canvasBox(page);
	await page.mouse.click(box.x + box.width / 2, box.y + 60);
	await page.keyboard.press('r');
	await page.mouse.move(box.x + from[0], box.y + from[1]);
	await page.mouse.down();
	await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 4 });
	await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
	await page.mouse.up();
	await page.keyboard.press('Escape');
}

/** Drags whatever is at `from` by `by`, with the select tool. */
async function dragBy(page: Page, from: [number, number], by: [number, number]) {
	const box = await canvasBox(page);
	await page.keyboard.press('v');
	await page.mouse.move(box.x + from[0], box.y + from[1]);
	await page.mouse.down();
	await page.mouse.move(box.x + from[0] + by[0] / 2, box.y + from[1] + by[1] / 2, { steps: 5 });
	await page.mouse.move(box.x + from[0] + by[0], box.y + from[1] + by[1], { steps: 5 });
	await page.mouse.up();
	await page.keyboard.press('Escape');
}

const shapes = (page: Page) => page.locator('.tl-shape');
/** A shape's page position, from the transform tldraw paints it with. */
const positions = (page: Page) =>
	shapes(page).evaluateAll((els) =>
		els
			.map((el) => {
				const m = new DOMMatrix(getComputedStyle(el).transform);
				return [Math.round(m.e), Math.round(m.f)];
			})
			.sort((a, b) => a[0] - b[0] || a[1] - b[1])
	);

test('two people draw and move shapes and see each other, cursors and names included; undo is per person', async ({ browser }) => {
	const b = world.addBoard();
	const a = await openCanvas(browser, b, 'facilitator');
	const p = await openCanvas(browser, b, 'participant');
	await drawRect(a, [300, 200], [420, 300]);
	await expect(shapes(a)).toHaveCount(1);
	await expect(shapes(p)).toHaveCount(1);
	await drawRect(p, [600, 300], [700, 380]);
	await expect(shapes(a)).toHaveCount(2);
	const before = await positions(a);
	expect(await positions(p)).toEqual(before);

	// p moves a's rectangle: a sees it move.
	await dragBy(p, [300, 250], [100, 150]); // by its edge (it has no fill)
	await expect.poll(() => positions(a)).not.toEqual(before);
	await expect.poll(() => positions(a)).toEqual(await positions(p));

	// Cursors with the names the server gave.
	const pBox = await canvasBox(p);
	await p.mouse.move(pBox.x + 500, pBox.y + 500, { steps: 3 });
	await expect(a.locator('.tl-collaborators__item .tl-nametag')).toHaveText('participant');
	const aBox = await canvasBox(a);
	await a.mouse.move(aBox.x + 520, aBox.y + 520, { steps: 3 });
	await expect(p.locator('.tl-collaborators__item .tl-nametag')).toHaveText('facilitator');

	// Ctrl+Z undoes only one's own changes: a's latest (a third rectangle) goes on both screens; p's
	// move of a's first rectangle is p's to undo, and p's Ctrl+Z puts it back where a drew it.
	const moved = await positions(a);
	await drawRect(a, [900, 500], [1000, 600]);
	await expect(shapes(p)).toHaveCount(3);
	await a.keyboard.press('Control+z');
	await expect(shapes(a)).toHaveCount(2);
	await expect(shapes(p)).toHaveCount(2);
	expect(await positions(p)).toEqual(moved);
	await p.mouse.click(pBox.x + 1100, pBox.y + 650);
	await p.keyboard.press('Control+z');
	await expect.poll(() => positions(a)).toEqual(before);
	await expect.poll(() => positions(p)).toEqual(before);
	await a.keyboard.press('Control+Shift+z');
	await expect(shapes(p)).toHaveCount(3);
});

test('a reload and a server restart keep everything', async ({ browser }) => {
	const b = world.addBoard();
	const a = await openCanvas(browser, b, 'participant');
	await drawRect(a, [300, 200], [420, 300]);
	await drawRect(a, [500, 200], [620, 300]);
	await dragBy(a, [500, 250], [50, 100]);
	const drawn = await positions(a);
	expect(drawn).toHaveLength(2);
	await a.reload();
	await ready(a);
	await expect.poll(() => positions(a)).toEqual(drawn);
	await server.restart();
	await a.reload();
	await ready(a);
	await expect.poll(() => positions(a)).toEqual(drawn);
	const other = await openCanvas(browser, b, 'facilitator');
	await expect.poll(() => positions(other)).toEqual(drawn);
});

test('an observer sees the canvas live but cannot change anything', async ({ browser }) => {
	const b = world.addBoard();
	const a = await openCanvas(browser, b, 'participant');
	await drawRect(a, [300, 200], [420, 300]);
	const o = await openCanvas(browser, b, 'observer');
	await expect(shapes(o)).toHaveCount(1);
	const before = await positions(o);
	await drawRect(o, [600, 300], [700, 380]);
	await dragBy(o, [300, 250], [100, 100]);
	await o.keyboard.press('Control+a');
	await o.keyboard.press('Delete');
	await expect(shapes(o)).toHaveCount(1);
	expect(await positions(o)).toEqual(before);
	await drawRect(a, [800, 300], [900, 380]);
	await expect(shapes(o)).toHaveCount(2);
	expect(await positions(a)).toEqual(await positions(o));
});

test('a client guest never receives the supplier-only page', async ({ browser }) => {
	const b = world.addBoard();
	const s = await openCanvas(browser, b, 'participant');
	// The supplier side has the page; a shape drawn there, named so its bytes can be looked for.
	await s.getByRole('button', { name: /Page 1/ }).click();
	await s.getByRole('menuitem', { name: 'Supplier only' }).or(s.getByText('Supplier only', { exact: true })).first().click();
	await drawRect(s, [300, 200], [420, 300]);
	await s.keyboard.press('Enter'); // not needed for geo; text goes in with a text shape below
	const box = await canvasBox(s);
	await s.keyboard.press('t');
	await s.mouse.click(box.x + 700, box.y + 400);
	await s.keyboard.type('ZEBRA-SECRET-42');
	await s.keyboard.press('Escape');
	await expect(s.locator('.tl-shape')).toHaveCount(2);
	const frames: Buffer[] = [];
	const c = await openCanvas(browser, b, 'clientGuest', frames);
	await drawRect(c, [300, 500], [420, 600]);
	await expect(shapes(c)).toHaveCount(1);
	await expect(c.getByRole('button', { name: /Page 1/ })).toBeVisible();
	// The supplier's shared-page drawing still reaches the guest: the socket is live.
	await s.getByRole('button', { name: /Supplier only/ }).click();
	await s.getByText('Page 1', { exact: true }).first().click();
	await expect(shapes(s)).toHaveCount(1);
	await drawRect(s, [700, 200], [800, 300]);
	await expect(shapes(c)).toHaveCount(2);
	const bytes = Buffer.concat(frames);
	expect(bytes.length).toBeGreaterThan(1000);
	expect(bytes.includes('page:supplier')).toBe(false);
	expect(bytes.includes('ZEBRA-SECRET')).toBe(false);
	expect(bytes.includes('Supplier only')).toBe(false);
	expect(bytes.includes('Page 1')).toBe(true);
});


test('one Ctrl+Z on the canvas undoes one step; Ctrl+Shift+Z and Ctrl+Y redo one', async ({ browser }) => {
	const b = world.addBoard();
	const a = await openCanvas(browser, b, 'participant');
	await drawRect(a, [300, 200], [420, 300]);
	await drawRect(a, [600, 300], [700, 380]);
	await expect(shapes(a)).toHaveCount(2);
	const both = await positions(a);
	await a.keyboard.press('Control+z');
	await expect(shapes(a)).toHaveCount(1);
	// The board's own shortcut must not undo a second step after tldraw's (both would run).
	await a.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
	await expect(shapes(a)).toHaveCount(1);
	await a.keyboard.press('Control+Shift+z');
	await expect(shapes(a)).toHaveCount(2);
	await expect.poll(() => positions(a)).toEqual(both);
	await a.keyboard.press('Control+z');
	await expect(shapes(a)).toHaveCount(1);
	await a.keyboard.press('Control+y');
	await expect(shapes(a)).toHaveCount(2);
	await a.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
	await expect(shapes(a)).toHaveCount(2);
});

test('a canvas lock makes a participant read-only, and the server refuses a write sent anyway', async ({ browser }) => {
	const b = world.addBoard();
	const f = await openCanvas(browser, b, 'facilitator');
	const p = await openCanvas(browser, b, 'participant');
	await drawRect(f, [300, 200], [420, 300]);
	await expect(shapes(p)).toHaveCount(1);
	await f.getByRole('button', { name: 'Lock the canvas' }).click();
	await expect(p.getByTestId('lock-banner')).toBeVisible();
	const before = await positions(p);
	await drawRect(p, [600, 300], [700, 380]);
	await dragBy(p, [300, 250], [100, 100]);
	await expect(shapes(p)).toHaveCount(1);
	expect(await positions(p)).toEqual(before);
	await expect(shapes(f)).toHaveCount(1);
	// The facilitator still draws while locked.
	await drawRect(f, [800, 300], [900, 380]);
	await expect(shapes(p)).toHaveCount(2);

	// A write the browser would never send: the participant's own session, straight over y-websocket.
	const raw = openClient(server, docName(b.boardId, 'shared'), b.tokens.participant);
	try {
		await raw.synced();
		const map = canvasMap(raw.doc);
		const rect = [...map.values()].find((r) => (r as { typeName?: string }).typeName === 'shape') as Record<string, unknown>;
		expect(rect).toBeTruthy();
		map.set(rect.id as string, { ...rect, x: (rect.x as number) + 333 });
		await waitFor(() => raw.closes.length > 0, 'the server closed the socket');
		expect(raw.closes[0]!.code).toBe(CLOSE.refused);
	} finally {
		raw.destroy();
	}
	await f.reload();
	await ready(f);
	await expect.poll(() => positions(f)).toEqual(await positions(p));
	expect((await positions(f)).some(([x]) => x > 1000)).toBe(false);
});

// axe at one size: the canvas's layout at 1180 and 1024 wide is not what axe checks. Screenshots at
// the three sizes for review only when asked for: SCREENSHOTS_DIR=/tmp/shots npx playwright test canvas
test('the canvas view has no serious or critical axe violation (facilitator, client guest)', async ({ browser }) => {
	const b = world.addBoard();
	const shotsDir = process.env.SCREENSHOTS_DIR;
	if (shotsDir) mkdirSync(shotsDir, { recursive: true });
	const sizes = shotsDir ? [{ width: 1440, height: 900 }, { width: 1180, height: 820 }, { width: 1024, height: 768 }] : [{ width: 1440, height: 900 }];
	for (const who of ['facilitator', 'clientGuest'] as const) {
		for (const viewport of sizes) {
			const page = await openCanvas(browser, b, who, undefined, viewport);
			if (viewport.width === 1440) {
				await drawRect(page, [200 + (who === 'facilitator' ? 0 : 300), 200], [320 + (who === 'facilitator' ? 0 : 300), 300]);
				const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
				const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				const rest = results.violations.filter((v) => !blocking.includes(v));
				if (rest.length) console.log(`axe on the canvas, moderate/minor for ${who}:`, rest.map((v) => `${v.id} (${v.nodes.length})`).join(', '));
				expect(blocking.map((v) => `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`).join('\n')).toBe('');
			}
			if (shotsDir) await page.screenshot({ path: `${shotsDir}/canvas-${who}-${viewport.width}x${viewport.height}.png` });
			await page.context().close();
		}
	}
});
