import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { contextFor, seedWorkshopBoard, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';

// The board at the sizes it is used at: a projector (1024×768, in presentation mode too), an iPad in
// landscape (1180×820) and a laptop (1440×900). Screenshots go to test-results/ (look at them); the
// assertions catch what a person would see: text cut off, overflowing or squeezed to a few letters a
// line, chart text under 14 px.

const server = new ServerProcess();
let w: WorkshopBoard;
test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

const SIZES = [
	{ width: 1024, height: 768 },
	{ width: 1180, height: 820 },
	{ width: 1440, height: 900 }
];
const VIEWS = ['goals', 'stakeholders', 'matrix', 'scorecard', 'where-to-help', 'initiatives'];

/** Every text-bearing element of the board that is cut off or overflows its box (form controls by their value or selected option). */
function clipped(page: Page) {
	return page.evaluate(() => {
		const out: string[] = [];
		const canvas = document.createElement('canvas').getContext('2d')!;
		const scrollable = (el: Element) => {
			for (let e: Element | null = el.parentElement; e && e !== document.body; e = e.parentElement) {
				const o = getComputedStyle(e).overflowX;
				if (o === 'auto' || o === 'scroll') return true;
			}
			return false;
		};
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} "${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 40)}"`;
		for (const el of document.querySelectorAll('main *')) {
			const h = el as HTMLElement;
			if (!h.offsetParent || h.closest('.sr-only')) continue;
			if (el instanceof HTMLSelectElement) {
				const text = el.selectedOptions[0]?.textContent ?? '';
				const cs = getComputedStyle(el);
				canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
				const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 12;
				if (canvas.measureText(text).width > room + 1) out.push(`${name(el)}: option "${text}" does not fit`);
				continue;
			}
			if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) continue; // their content scrolls by design
			const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
			if (!hasText || el instanceof SVGElement) continue;
			if (h.scrollWidth > h.clientWidth + 1 && !scrollable(el) && getComputedStyle(el).display !== 'inline') out.push(`${name(el)}: ${h.scrollWidth} > ${h.clientWidth} wide`);
			const cs = getComputedStyle(el);
			if (cs.overflowY !== 'visible' && h.scrollHeight > h.clientHeight + 1) out.push(`${name(el)}: cut at the bottom`);
			// Squeezed: a text of several words in a box a few letters wide (a letter a line).
			const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join(' ');
			if (own.length >= 16 && own.includes(' ') && h.getBoundingClientRect().width < 3 * parseFloat(cs.fontSize)) out.push(`${name(el)}: squeezed to ${Math.round(h.getBoundingClientRect().width)} px`);
		}
		return out;
	});
}

/** Chart text smaller than 14 px (the where-to-help SVG measured as drawn, the matrix headers and bars). */
function smallChartText(page: Page) {
	return page.evaluate(() => {
		const out: string[] = [];
		for (const svg of document.querySelectorAll<SVGSVGElement>('[data-testid="help-chart"]')) {
			const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
			for (const t of svg.querySelectorAll('text')) {
				const px = parseFloat(getComputedStyle(t).fontSize) * scale;
				if (px < 13.95) out.push(`help chart "${t.textContent}": ${px.toFixed(1)} px`);
			}
		}
		for (const el of document.querySelectorAll<HTMLElement>('[data-testid="matrix"] thead th, [data-testid="matrix"] thead .bar-num, [data-testid="scorecard-convergence"] td')) {
			const px = parseFloat(getComputedStyle(el).fontSize);
			if (px < 13.95 && el.textContent!.trim()) out.push(`${el.tagName} "${el.textContent!.trim().slice(0, 30)}": ${px} px`);
		}
		return out;
	});
}

/**
 * The board header's items (title, badges, buttons, links, menus) that do not share one row with
 * the rest, or stick out of the window: "Present" on a second row is what the Reports button did.
 */
function headerRows(page: Page) {
	return page.evaluate(() => {
		const head = document.querySelector<HTMLElement>('.board-head')!;
		const items = [...head.children, ...head.querySelectorAll('.chrome.row > *')].filter((e) => !e.classList.contains('chrome') && (e as HTMLElement).offsetParent !== null && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0);
		const boxes = items.map((e) => ({ name: `${e.tagName.toLowerCase()} "${(e.textContent || '').trim().slice(0, 30)}"`, r: e.getBoundingClientRect() }));
		const top = Math.max(...boxes.map((b) => b.r.top));
		const bottom = Math.min(...boxes.map((b) => b.r.bottom));
		const out: string[] = [];
		// One row: every item overlaps every other vertically.
		if (top >= bottom) out.push(`more than one row: ${boxes.map((b) => `${b.name} at y ${Math.round(b.r.top)}–${Math.round(b.r.bottom)}`).join('; ')}`);
		for (const b of boxes) if (b.r.right > window.innerWidth + 1 || b.r.left < -1) out.push(`${b.name} outside the window (${Math.round(b.r.left)}–${Math.round(b.r.right)})`);
		if (head.scrollWidth > head.clientWidth + 1) out.push(`header overflows: ${head.scrollWidth} > ${head.clientWidth}`);
		// Nothing cut off: no label wider than its box.
		for (const el of head.querySelectorAll<HTMLElement>('*')) {
			if (el.offsetParent === null || el.closest('.sr-only') || el.closest('details:not([open]) > :not(summary)')) continue;
			if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push(`${el.tagName.toLowerCase()} "${(el.textContent || '').trim().slice(0, 30)}" cut off: ${el.scrollWidth} > ${el.clientWidth}`);
		}
		return { items: boxes.length, problems: out };
	});
}

for (const size of SIZES) {
	test(`the board header is one row at ${size.width}×${size.height}, nothing cut off`, async ({ browser }) => {
		const context = await contextFor(browser, w, 'facilitator', size);
		const page = await context.newPage();
		await page.goto(`${server.origin}/boards/${w.board.boardId}?view=goals`);
		await expectConnected(page);
		await page.locator('.board-head').screenshot({ path: `test-results/layout-header-${size.width}x${size.height}.png` });
		const { items, problems } = await headerRows(page);
		// Title, side badge, connection, presence, undo, redo, facilitate, the board's pages, present.
		expect(items).toBeGreaterThanOrEqual(9);
		expect(problems).toEqual([]);
		// History and Reports are in the "More" menu: it opens from the keyboard, Escape closes it
		// and gives the focus back.
		const more = page.locator('summary', { hasText: 'More' });
		await expect(more).toHaveAccessibleName('More board pages');
		await more.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('link', { name: 'Reports' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'History' })).toBeVisible();
		await page.screenshot({ path: `test-results/layout-header-${size.width}x${size.height}-more.png`, clip: { x: 0, y: 0, width: size.width, height: 260 } });
		await page.keyboard.press('Escape');
		await expect(page.getByRole('link', { name: 'Reports' })).toBeHidden();
		await expect(more).toBeFocused();
		await context.close();
	});
}

for (const size of SIZES) {
	for (const presenting of size.width === 1024 ? [false, true] : [false]) {
		test(`board views hold at ${size.width}×${size.height}${presenting ? ' in presentation mode' : ''}: nothing cut off, chart text ≥ 14 px`, async ({ browser }) => {
			const context = await contextFor(browser, w, 'facilitator', size);
			const page = await context.newPage();
			await page.goto(`${server.origin}/boards/${w.board.boardId}?view=goals`);
			await expectConnected(page);
			if (presenting) await page.getByRole('button', { name: 'Present' }).click();
			const problems: Record<string, string[]> = {};
			for (const view of VIEWS) {
				await page.goto(`${server.origin}/boards/${w.board.boardId}?view=${view}`);
				await expectConnected(page);
				if (view === 'where-to-help') await expect(page.getByTestId('help-point').first()).toBeVisible();
				if (view === 'matrix') await expect(page.getByTestId('matrix')).toBeVisible();
				await page.screenshot({ path: `test-results/layout-${view}-${size.width}x${size.height}${presenting ? '-present' : ''}.png`, fullPage: true });
				const found = [...(await clipped(page)), ...(await smallChartText(page))];
				if (found.length) problems[view] = found;
			}
			expect(problems).toEqual({});
			await context.close();
		});
	}
}

test('the skip link reaches the board in one step, and presentation mode is remembered and toggled by Alt+Shift+P', async ({ browser }) => {
	const empty = w.world.addBoard();
	const board = { ...w, board: empty };
	const context = await contextFor(browser, board, 'facilitator', { width: 1024, height: 768 });
	const page = await context.newPage();
	await page.goto(`${server.origin}/boards/${empty.boardId}?view=goals`);
	await expectConnected(page);
	await page.keyboard.press('Tab');
	await expect(page.locator(':focus')).toHaveText('Skip to the board');
	await page.keyboard.press('Enter');
	// Inside the board: a facilitator first meets the view's lock control, then the view itself.
	await page.keyboard.press('Tab');
	await expect(page.locator('#main :focus')).toHaveText(/Lock goals/);
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('New goal')).toBeFocused();
	await expect(page.getByRole('banner')).toHaveCount(1);

	await page.getByRole('button', { name: 'Present' }).click();
	await expect(page.locator('html')).toHaveClass(/presenting/);
	await expect(page.getByRole('banner')).toBeHidden();
	await expect(page.getByRole('navigation', { name: 'Board views' })).toBeHidden();
	await expect(page.locator('.board-agenda-slot')).toHaveCount(1);
	await page.reload();
	await expectConnected(page);
	await expect(page.locator('html')).toHaveClass(/presenting/);
	await page.keyboard.press('Alt+Shift+ArrowRight');
	await expect(page).toHaveURL(/view=stakeholders/);
	await page.keyboard.press('Alt+Shift+KeyP');
	await expect(page.locator('html')).not.toHaveClass(/presenting/);
	await expect(page.getByRole('navigation', { name: 'Board views' })).toBeVisible();
	await context.close();
});

test('one numbering across views, and "0 not a priority" is not drawn like unset', async ({ browser }) => {
	const context = await contextFor(browser, w, 'facilitator');
	const page = await context.newPage();
	const open = async (view: string) => {
		await page.goto(`${server.origin}/boards/${w.board.boardId}?view=${view}`);
		await expectConnected(page);
	};
	// g1 is the first goal; its first CSF is G1.1 wherever it shows.
	await open('goals');
	await expect(page.getByTestId('goal-item').first().locator('.ref')).toHaveText('G1');
	await expect(page.getByTestId('csf-item').first().locator('.ref')).toHaveText('G1.1');
	await open('where-to-help');
	const firstRow = page.locator('table[aria-label="Where to help, as a table"] tbody tr').first();
	await expect(firstRow.locator('td').first()).toHaveText('G1');
	await expect(firstRow).toContainText('Cut time to market');
	await expect(page.getByTestId('help-point').first()).toHaveAttribute('aria-label', /^1 — G1 Goal: Cut time to market/);
	await open('scorecard');
	const g1Row = page.getByTestId('scorecard-convergence').locator('tbody tr').filter({ hasText: 'Cut time to market' });
	await expect(g1Row.locator('td').first()).toHaveText('G1');
	await open('initiatives');
	await expect(page.getByText('G1 Goal: Cut time to market', { exact: false }).first()).toBeVisible();

	await open('matrix');
	await expect(page.getByTestId('matrix').locator('thead th.group').first()).toContainText('G1 Cut time to market for new product lines by 30%');
	const cells = page.getByTestId('matrix').locator('tbody tr').first().getByRole('gridcell');
	const look = (i: number) => cells.nth(i).evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, image: getComputedStyle(el).backgroundImage, text: el.textContent }));
	const zero = await look(2); // Anastasia: 0 for G1.2
	const unset = await look(7); // nobody scored the last target
	expect(zero.text).toContain('⊘');
	expect(unset.text?.trim()).toBe('');
	expect(zero.image === unset.image && zero.bg === unset.bg).toBe(false);
	expect(zero.image).not.toBe('none');
	await expect(page.getByTestId('legend-p0')).toContainText('⊘');
	await context.close();
});
