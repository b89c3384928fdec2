import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import { pdfText, pdfPagesDraw } from '../integration/helpers/pdfText.ts';
import { setRelationNotes } from '../../src/lib/board/doc/internal.ts';
import { CLIENTS, GOALS, contextFor, seedWorkshopBoard, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';

// Reports and comparisons in Chromium: a planning session with a checkpoint, changes after it and
// the comparison showing the shifts (and its report); a client-safe PDF downloaded from the Reports
// page, its text free of the internal note and every page drawable; axe on the new pages.

const server = new ServerProcess();
let w: WorkshopBoard;
const MARKER = 'ZQX-E2E-INTERNAL-91c4';
const SHOTS = '/tmp/reports-shots';

test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
	editDoc(w.world.db, w.board.boardId, 'internal', (d) => setRelationNotes(d, CLIENTS[0].id, `Confidential: ${MARKER}`));
	fs.mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

async function expectNoSeriousAxe(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a planning session, a checkpoint, changes, compare shows the shifts', async ({ browser }) => {
	test.setTimeout(120_000);
	const sam = await (await contextFor(browser, w, 'facilitator')).newPage();
	const clara = await (await contextFor(browser, w, 'clientGuest')).newPage();
	const boardPath = `${w.origin}/boards/${w.board.boardId}`;

	// The session: both on the matrix. Before changing anything the facilitator takes a checkpoint.
	await sam.goto(`${boardPath}/history`);
	await sam.getByLabel('Checkpoint name').fill('Before the session');
	await sam.getByRole('button', { name: 'Create checkpoint' }).click();
	await expect(sam.getByTestId('checkpoint-row').filter({ hasText: 'Before the session' })).toBeVisible();

	// Changes: the client side lowers the COO's first priority (3 → 1); the facilitator adds a goal.
	await clara.goto(`${boardPath}?view=matrix`);
	await expectConnected(clara);
	const row = clara.getByTestId('matrix').locator('tbody tr').filter({ hasText: CLIENTS[0].name });
	await row.getByRole('gridcell').first().click();
	await clara.keyboard.press('1');
	await expect(row.getByRole('gridcell').first()).toContainText('1');
	await sam.goto(`${boardPath}?view=goals`);
	await expectConnected(sam);
	await sam.getByLabel('New goal').fill('Open a service hub in Lyon');
	await sam.getByRole('button', { name: 'Add goal' }).click();
	await expect(sam.getByTestId('connection-status')).toContainText(/Saved|Connected/);

	// Compare the checkpoint with now: the added goal and the COO's shift.
	await sam.goto(`${boardPath}/history`);
	await sam.getByTestId('checkpoint-row').filter({ hasText: 'Before the session' }).getByRole('link', { name: 'Compare with now' }).click();
	const cmp = sam.getByTestId('comparison');
	await expect(cmp).toContainText('Added: Open a service hub in Lyon');
	await expect(cmp.getByTestId('shift')).toHaveText([`${GOALS[0].text}: 3 → 1`]);

	// The comparison as a report: its Markdown carries the same shift, and nothing internal in the client-safe version.
	await cmp.getByTestId('compare-report').click();
	await expect(sam.getByRole('heading', { name: /^Reports/ })).toBeVisible();
	await expect(sam.getByTestId('report-compare-note')).toBeVisible();
	const md = await (await sam.request.get(await sam.getByTestId('report-md').getAttribute('href').then((h) => new URL(h!, sam.url()).href))).text();
	expect(md).toContain(`- ${CLIENTS[0].name}, ${GOALS[0].text}: 3 high → 1 low`);
	expect(md).toContain('- Added: Open a service hub in Lyon');
	expect(md).not.toContain(MARKER);
	await expectNoSeriousAxe(sam);
	await sam.context().close();
	await clara.context().close();
});

test('a client-safe PDF downloaded and checked: no internal note in its text, every page draws', async ({ browser }) => {
	test.setTimeout(120_000);
	for (const who of ['clientGuest', 'facilitator'] as const) {
		const page = await (await contextFor(browser, w, who)).newPage();
		await page.goto(`${w.origin}/boards/${w.board.boardId}`);
		await expectConnected(page);
		if (who === 'facilitator') {
			for (const [width, height] of [[1440, 900], [1180, 820], [1024, 768]]) {
				await page.setViewportSize({ width, height });
				await page.screenshot({ path: `${SHOTS}/board-header-${width}.png` });
			}
			await page.setViewportSize({ width: 1440, height: 900 });
		}
		// History and Reports sit in the header's "More" menu (one header row at 1024 px).
		await page.locator('summary', { hasText: 'More' }).click();
		await page.getByRole('link', { name: 'Reports' }).click();
		await expect(page.getByRole('heading', { name: /^Reports/ })).toBeVisible();
		// The client side is offered the client-safe version only; the supplier side both (client-safe first).
		await expect(page.getByRole('radio', { name: /Internal/ })).toHaveCount(who === 'clientGuest' ? 0 : 1);
		await expect(page.getByRole('radio', { name: /Client-safe/ })).toBeChecked();
		await expectNoSeriousAxe(page);

		const download = page.waitForEvent('download');
		await page.getByTestId('report-pdf').click();
		// Progress while it renders, then the file.
		await expect(page.getByTestId('report-progress')).toContainText(/Asking|Waiting|Rendering|ready/);
		const file = await download;
		expect(file.suggestedFilename()).toMatch(/client-safe\.pdf$/);
		const bytes = fs.readFileSync((await file.path())!);
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const { pages, text, flat } = await pdfText(bytes);
		expect(pages).toBeGreaterThan(0);
		expect(text).toContain(GOALS[0].text.slice(0, 20));
		expect(text).toContain(CLIENTS[0].name);
		expect(flat).not.toContain(MARKER);
		expect(flat).not.toContain('Confidential');
		expect(await pdfPagesDraw(bytes)).toBe(pages);
		await expect(page.getByTestId('report-progress')).toContainText('The PDF is ready');

		if (who === 'facilitator') {
			for (const [width, height] of [[1440, 900], [1180, 820], [1024, 768]]) {
				await page.setViewportSize({ width, height });
				await page.screenshot({ path: `${SHOTS}/reports-page-${width}.png`, fullPage: true });
			}
			// The HTML report, as printed (the PDF's source): axe and a look at it.
			await page.setViewportSize({ width: 1440, height: 900 });
			await page.addInitScript(() => {
				(window as unknown as { __csp: string[] }).__csp = [];
				document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(e.effectiveDirective));
			});
			await page.getByRole('radio', { name: /Internal/ }).check();
			const res = (await page.goto(new URL((await page.getByTestId('report-html').getAttribute('href'))!, page.url()).href))!;
			await expect(page.getByTestId('report-version')).toContainText('Internal');
			// No script may run there; only the bars' style attributes are allowed, and they draw.
			const csp = res.headers()['content-security-policy'];
			expect(csp).toContain("style-src-attr 'unsafe-inline'");
			expect(csp).toMatch(/script-src 'self'(;| 'nonce)/);
			expect(await page.locator('script').count()).toBe(0);
			const bar = page.getByTestId('scorecard-convergence').locator('.hbar .s').first();
			expect(await bar.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(10);
			expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
			await expect(page.getByTestId('report-internal')).toContainText('Where to help');
			await expectNoSeriousAxe(page);
			await page.emulateMedia({ media: 'print' });
			await page.screenshot({ path: `${SHOTS}/report-internal-print-1440.png`, fullPage: true });
		}
		await page.context().close();
	}
});
