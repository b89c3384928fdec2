import { test, expect, type Browser, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { addGoal, expectConnected, expectGoals, goalInputs } from './flows.ts';

// The canvas tied to the plan (issue #10 part 5): a sticky note turned into a goal appears in the
// Goals view of another person, and its card on the canvas follows edits (and the deletion) made
// there; goals placed from the side list are live cards too.
const server = new ServerProcess();
let world: World;
const SHOTS = '/tmp/canvasplan-shots';
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
	fs.mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => {
	world?.close();
	await server.dispose();
});

type Who = keyof SeededBoard['tokens'];

async function open(browser: Browser, b: SeededBoard, who: Who, view: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	await context.addCookies([{ name: SESSION_COOKIE, value: b.tokens[who], url: server.origin }]);
	const page = await context.newPage();
	page.on('pageerror', (e) => console.log(`[${who}] pageerror`, e.message));
	await page.goto(`${server.origin}/boards/${b.boardId}?view=${view}`);
	await expectConnected(page);
	if (view === 'canvas') {
		await expect(page.getByTestId('canvas-view')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
		await expect(page.locator('.tl-canvas')).toBeVisible();
	}
	return page;
}

/** Puts a sticky note with this text on the canvas (note tool, click, type) and leaves it selected. */
async function addNote(page: Page, text: string, at: [number, number]) {
	const box = (await page.locator('.tl-canvas').boundingBox())!;
	await page.mouse.click(box.x + box.width / 2, box.y + 40);
	await page.keyboard.press('n');
	await page.mouse.click(box.x + at[0], box.y + at[1]);
	await expect(page.locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]')).toBeFocused();
	await page.keyboard.type(text);
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('canvas-plan-panel')).toContainText('1 note selected.');
}

const card = (page: Page) => page.getByTestId('plan-card');

test('a sticky note turned into a goal appears in the Goals view and its card updates when the goal is edited there', async ({ browser }) => {
	const b = world.addBoard();
	const a = await open(browser, b, 'facilitator', 'canvas');
	const p = await open(browser, b, 'participant', 'goals');
	await addNote(a, 'Cut lead time', [300, 250]);

	// The selection's context menu: "Turn into plan item…", then the target.
	const note = a.locator('.tl-shape[data-shape-type="note"]');
	await note.click({ button: 'right' });
	await a.getByRole('menuitem', { name: /Turn into plan item/ }).click();
	const form = a.getByTestId('convert-form');
	await expect(form.getByRole('radio', { name: 'Goal', exact: true })).toBeChecked();
	await a.screenshot({ path: `${SHOTS}/convert-form-1440.png` });
	await form.getByRole('button', { name: 'Convert' }).click();

	await expect(note).toHaveCount(0);
	await expect(card(a)).toHaveAttribute('data-state', 'live');
	await expect(card(a)).toContainText('Cut lead time');
	await expectGoals(p, ['Cut lead time']);

	// Editing the goal in the Goals view (the other person) changes the card on the canvas.
	await goalInputs(p).first().fill('Cut lead time by half');
	await expect(card(a)).toContainText('Cut lead time by half');
	await a.screenshot({ path: `${SHOTS}/converted-1440.png` });

	// Deleting it there leaves the card as "deleted", not broken.
	await p.getByRole('button', { name: 'Delete goal 1' }).click();
	await expect(card(a)).toHaveAttribute('data-state', 'deleted');
	await expect(card(a)).toContainText('This goal was deleted.');
	await a.screenshot({ path: `${SHOTS}/deleted-1440.png` });
	await a.context().close();
	await p.context().close();
});

test('the conversion is one undo step, and Alt+P turns a note into a parking-lot item', async ({ browser }) => {
	const b = world.addBoard();
	const a = await open(browser, b, 'participant', 'canvas');
	const p = await open(browser, b, 'facilitator', 'goals');
	await addNote(a, 'Pricing talk', [300, 250]);
	await a.keyboard.press('Alt+p');
	const form = a.getByTestId('convert-form');
	await expect(form.getByRole('radio', { name: 'Goal', exact: true })).toBeFocused();
	await form.getByRole('button', { name: 'Convert' }).click();
	await expectGoals(p, ['Pricing talk']);
	// One undo: the goal goes and the note is back.
	await a.getByRole('button', { name: 'Undo', exact: true }).click();
	await expectGoals(p, []);
	await expect(a.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(1);
	await expect(card(a)).toHaveCount(0);

	await a.locator('.tl-shape[data-shape-type="note"]').click();
	await a.keyboard.press('Alt+p');
	await form.getByRole('radio', { name: 'Parking-lot item' }).check();
	await form.getByRole('button', { name: 'Convert' }).click();
	await expect(card(a)).toHaveAttribute('data-kind', 'parked');
	await expect(card(a)).toContainText('Pricing talk');
	await p.goto(`${server.origin}/boards/${b.boardId}?view=parking-lot`);
	await expect(p.getByTestId('parked-item').locator('textarea')).toHaveValue('Pricing talk');
	await a.context().close();
	await p.context().close();
});

test('goals placed from the side list (drag, or the keyboard) are live cards; the panel passes axe', async ({ browser }) => {
	const b = world.addBoard();
	const p = await open(browser, b, 'participant', 'goals');
	await addGoal(p, 'Grow together');
	await expectGoals(p, ['Grow together']);
	const a = await open(browser, b, 'facilitator', 'canvas');
	const panel = a.getByTestId('canvas-plan-panel');
	const entry = panel.getByTestId('plan-entry').filter({ hasText: 'Grow together' });
	await expect(entry).toBeVisible();

	// Drag from the list onto the canvas.
	await entry.dragTo(a.locator('.tl-canvas'), { targetPosition: { x: 250, y: 200 } });
	await expect(card(a)).toHaveCount(1);
	await expect(card(a)).toContainText('Grow together');
	await expect(card(a)).toContainText('No client ratings yet');

	// "Place on canvas" from the keyboard.
	await panel.getByRole('button', { name: 'Place on canvas: Goal “Grow together”' }).focus();
	await a.keyboard.press('Enter');
	await expect(card(a)).toHaveCount(2);
	await expect(panel.getByRole('button', { name: 'On canvas (2): show Goal “Grow together”' })).toBeVisible();

	await goalInputs(p).first().fill('Grow together, faster');
	await expect(card(a).nth(0)).toContainText('Grow together, faster');
	await expect(card(a).nth(1)).toContainText('Grow together, faster');

	const results = await new AxeBuilder({ page: a }).include('[data-testid="canvas-plan-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

	for (const [w, h] of [[1440, 900], [1180, 820], [1024, 768]] as const) {
		await a.setViewportSize({ width: w, height: h });
		await a.screenshot({ path: `${SHOTS}/placed-${w}x${h}.png` });
	}
	await a.context().close();
	await p.context().close();
});
