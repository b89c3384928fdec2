import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { BOARD_LIMITS } from '../../src/lib/board/model/limits.ts';
import { fillBigBoard, LIMIT_BOARD } from '../fixtures/bigBoard.ts';
import { expectConnected } from './flows.ts';

// A board at the documented limits (300 goals and CSFs, 40 client stakeholders, every matrix cell
// set): adding past a limit says so, and the matrix (only its columns in view are rendered) still
// moves from the first cell to the last by keyboard.

const server = new ServerProcess();
let world: World;
let board: SeededBoard;
const SHOTS = '/tmp/bigboard-shots';

test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
	board = world.addBoard();
	editDoc(world.db, board.boardId, 'shared', (doc) => void fillBigBoard(doc, LIMIT_BOARD));
});
test.afterAll(() => {
	world?.close();
	return server.dispose();
});

async function open(browser: import('@playwright/test').Browser, view: string, viewport = { width: 1440, height: 900 }) {
	const context = await browser.newContext({ viewport });
	const url = new URL(server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: board.tokens.facilitator, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
	const page = await context.newPage();
	await page.goto(`${server.origin}/boards/${board.boardId}?view=${view}`);
	await expectConnected(page);
	return { context, page };
}

/**
 * The goal headings' row is as tall as the tallest whole group's text needs: a group the column
 * window cuts to a column or two must not wrap its text to a dozen lines and push the rows of cells
 * off the screen (at 1024×768 none was left on the first screen).
 */
async function expectHeadingsNoTallerThanWholeGroups(page: import('@playwright/test').Page) {
	const whole = 1 + LIMIT_BOARD.csfsPerGoal;
	const m = await page.getByTestId('matrix').evaluate((grid, whole) => {
		const row = grid.querySelector('thead tr.groups')!;
		const groups = [...row.querySelectorAll<HTMLTableCellElement>('th.group')];
		const textHeight = (th: HTMLElement) => {
			const r = document.createRange();
			r.selectNodeContents(th);
			return r.getBoundingClientRect().height;
		};
		return {
			row: row.getBoundingClientRect().height,
			whole: Math.max(...groups.filter((g) => g.colSpan === whole).map(textHeight)),
			cut: groups.filter((g) => g.colSpan < whole).length
		};
	}, whole);
	expect(m.cut).toBeGreaterThan(0); // the window does cut a group here
	expect(m.row).toBeLessThanOrEqual(m.whole + 16); // the padding, 0.35rem each side
}

test('adding past the limits says which limit and what to do; nothing is added', async ({ browser }) => {
	test.setTimeout(120_000);
	const { context, page } = await open(browser, 'goals');
	await page.getByLabel('New goal').fill('One goal too many');
	await page.getByRole('button', { name: 'Add goal' }).click();
	await expect(page.getByRole('alert')).toHaveText(`This board already has ${BOARD_LIMITS.goals} goals and CSFs, the most one board holds. Remove one before adding another, or start a second board.`);
	await expect(page.getByLabel('New goal')).toHaveValue('One goal too many'); // kept, to add once there is room
	const axe = await new AxeBuilder({ page }).include('.goals form').withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	await page.locator('a[href="?view=stakeholders"]').click();
	await page.getByLabel('New client stakeholder name').fill('Forty-first executive');
	await page.getByRole('button', { name: 'Add client stakeholder' }).click();
	await expect(page.getByRole('alert')).toHaveText(`This board already has ${BOARD_LIMITS.clientStakeholders} client-side stakeholders (the matrix rows), the most one board holds. Remove one before adding another.`);
	await expect(page.getByText('Forty-first executive')).toHaveCount(0);
	// The supplier side still has room.
	await page.getByLabel('New supplier stakeholder name').fill('Second account lead');
	await page.getByRole('button', { name: 'Add team member' }).click();
	await expect(page.getByLabel('Name of supplier stakeholder 11')).toHaveValue('Second account lead');
	await context.close();
});

test('the matrix at the limits renders the columns in view and reaches the last column by keyboard', async ({ browser }) => {
	test.setTimeout(120_000);
	fs.mkdirSync(SHOTS, { recursive: true });
	const { context, page } = await open(browser, 'matrix');
	const grid = page.getByTestId('matrix');
	const first = grid.locator('td[role="gridcell"]').first();
	await expect(first).toBeVisible({ timeout: 30_000 });
	const rendered = await grid.locator('tbody tr').first().locator('td[role="gridcell"]').count();
	expect(rendered).toBeLessThan(LIMIT_BOARD.goals * (1 + LIMIT_BOARD.csfsPerGoal)); // not all 300
	await expect(grid).toHaveAttribute('aria-colcount', String(LIMIT_BOARD.goals * (1 + LIMIT_BOARD.csfsPerGoal) + 1));
	await page.screenshot({ path: `${SHOTS}/matrix-start-1440.png` });
	await expectHeadingsNoTallerThanWholeGroups(page);

	await first.click();
	await page.keyboard.press('End');
	const last = grid.locator('tbody tr').first().locator(`td[data-c="${LIMIT_BOARD.goals * (1 + LIMIT_BOARD.csfsPerGoal) - 1}"]`);
	await expect(last).toBeFocused();
	await expect(last).toHaveAttribute('aria-colindex', String(LIMIT_BOARD.goals * (1 + LIMIT_BOARD.csfsPerGoal) + 1));
	await expect(grid.locator('thead th.target').last()).toContainText('CSF 59.3');
	await page.keyboard.press('2');
	await expect(last).toHaveText(/^2/);
	await page.screenshot({ path: `${SHOTS}/matrix-end-1440.png` });
	await page.keyboard.press('Home');
	await expect(first).toBeFocused();
	await context.close();

	for (const viewport of [{ width: 1180, height: 820 }, { width: 1024, height: 768 }]) {
		const { context: c, page: p } = await open(browser, 'matrix', viewport);
		await expect(p.getByTestId('matrix').locator('td[role="gridcell"]').first()).toBeVisible({ timeout: 30_000 });
		await p.screenshot({ path: `${SHOTS}/matrix-${viewport.width}.png` });
		await expectHeadingsNoTallerThanWholeGroups(p);
		await c.close();
	}
});

test('the cell note field is reused as the cursor moves, and each note is saved to the cell it was typed on', async ({ browser }) => {
	test.setTimeout(120_000);
	const { context, page } = await open(browser, 'matrix');
	const grid = page.getByTestId('matrix');
	const row = grid.locator('tbody tr').nth(1);
	const cell = (c: number) => row.locator(`td[data-c="${c}"]`);
	const note = page.locator('#matrix-note');
	await cell(1).click();
	// fillBigBoard puts a note on the cells where row + column is a multiple of 5: (1, 4) has one, (1, 1) and (1, 2) none.
	await expect(note).toHaveValue('');
	await page.keyboard.press('Enter');
	await expect(note).toBeFocused();
	await page.keyboard.type('Typed on row 1, column 1');
	await page.keyboard.press('Escape');
	await expect(cell(1)).toBeFocused();
	// A field rebuilt on every move cost each key press on a big board (issue #15): the same element is kept.
	await page.evaluate(() => ((window as unknown as { __note: Element | null }).__note = document.getElementById('matrix-note')));
	await page.keyboard.press('ArrowRight');
	await expect(cell(2)).toBeFocused();
	await expect(note).toHaveValue('');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Typed on row 1, column 2');
	await page.keyboard.press('Escape');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect(cell(4)).toBeFocused();
	await expect(note).toHaveValue(/^Said in the interview/);
	expect(await page.evaluate(() => document.getElementById('matrix-note') === (window as unknown as { __note: Element | null }).__note)).toBe(true);
	await page.keyboard.press('ArrowLeft');
	await page.keyboard.press('ArrowLeft');
	await expect(note).toHaveValue('Typed on row 1, column 2');
	await page.keyboard.press('ArrowLeft');
	await expect(note).toHaveValue('Typed on row 1, column 1');
	await expect(cell(1)).toContainText('•'); // the has-a-note mark
	await context.close();
});

test('the matrix at the limits renders the rows in view, keeps the scroll height, and reaches the last row by keyboard', async ({ browser }) => {
	test.setTimeout(120_000);
	const { context, page } = await open(browser, 'matrix');
	const grid = page.getByTestId('matrix');
	const wrap = page.locator('.grid-wrap');
	const rows = grid.locator('tbody tr[data-r]');
	await expect(rows.first()).toBeVisible({ timeout: 30_000 });
	await expect(grid).toHaveAttribute('aria-rowcount', String(LIMIT_BOARD.clients + 3));
	expect(await rows.count()).toBeLessThan(LIMIT_BOARD.clients); // not all 40
	// Spacer rows stand in for the others: the grid scrolls as far as if every row were there.
	const { scrollHeight, headPx, rowPx } = await wrap.evaluate((el) => ({
		scrollHeight: el.scrollHeight,
		headPx: el.querySelector('thead')!.getBoundingClientRect().height,
		rowPx: el.querySelector('tbody tr[data-r]')!.getBoundingClientRect().height
	}));
	expect(Math.abs(scrollHeight - (headPx + LIMIT_BOARD.clients * rowPx))).toBeLessThan(LIMIT_BOARD.clients);

	await rows.first().locator('td[role="gridcell"]').first().click();
	for (let r = 1; r < LIMIT_BOARD.clients; r++) await page.keyboard.press('ArrowDown');
	const last = grid.locator(`tbody tr[data-r="${LIMIT_BOARD.clients - 1}"]`);
	await expect(last.locator('td[data-c="0"]')).toBeFocused();
	await expect(last).toHaveAttribute('aria-rowindex', String(LIMIT_BOARD.clients + 3));
	await expect(last.locator('th')).toContainText(`Client executive ${LIMIT_BOARD.clients - 1}`);
	await expect(last.locator('td[data-c="0"]')).toBeInViewport();
	expect(await rows.count()).toBeLessThan(LIMIT_BOARD.clients); // the top rows left the page as the grid scrolled
	await expect(grid.locator('tbody tr[data-r="0"]')).toHaveCount(0);
	await page.keyboard.press('3');
	await expect(last.locator('td[data-c="0"]')).toHaveText(/^3/);
	// Back up by keyboard, then by scrolling and clicking: each lands on the right stakeholder's row.
	for (let r = 0; r < 5; r++) await page.keyboard.press('ArrowUp');
	await expect(grid.locator(`tbody tr[data-r="${LIMIT_BOARD.clients - 6}"] td[data-c="0"]`)).toBeFocused();
	await wrap.evaluate((el) => (el.scrollTop = 0));
	const top = grid.locator('tbody tr[data-r="1"]');
	await top.locator('td[data-c="2"]').click();
	await expect(page.locator('#cell-h')).toContainText('Client executive 1');
	await expect(top.locator('td[data-c="2"]')).toBeFocused();
	await context.close();
});

test('the matrix at the limits renders more rows when its box grows with the window', async ({ browser }) => {
	test.setTimeout(120_000);
	// The grid's box is min(62vh, 720px) tall: 372 px at 600 px of window, 720 px at 1200.
	const { context, page } = await open(browser, 'matrix', { width: 1440, height: 600 });
	const rows = page.getByTestId('matrix').locator('tbody tr[data-r]');
	await expect(rows.first()).toBeVisible({ timeout: 30_000 });
	await expect.poll(() => rows.count()).toBeGreaterThan(0);
	const before = await rows.count();
	await page.setViewportSize({ width: 1440, height: 1200 });
	// Every row whose top is inside the taller box is rendered, without a scroll to trigger it.
	const inBox = await page.locator('.grid-wrap').evaluate((el) => {
		const head = el.querySelector('thead')!.getBoundingClientRect().height;
		const row = el.querySelector('tbody tr[data-r]')!.getBoundingClientRect().height;
		return Math.ceil((el.clientHeight - head) / row);
	});
	expect(inBox).toBeGreaterThan(before);
	await expect(page.getByTestId('matrix').locator(`tbody tr[data-r="${inBox - 1}"]`)).toHaveCount(1);
	await context.close();
});
