import fs from 'node:fs';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectGoals, expectSaved, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

// Screenshots for review, only when asked for: SCREENSHOTS_DIR=/tmp/shots npx playwright test lifecycle
const shotsDir = process.env.SCREENSHOTS_DIR;
async function shoot(page: Page, name: string) {
	if (!shotsDir) return;
	fs.mkdirSync(shotsDir, { recursive: true });
	for (const [w, h] of [
		[1440, 900],
		[1024, 768]
	]) {
		await page.setViewportSize({ width: w, height: h });
		await page.screenshot({ path: path.join(shotsDir, `${name}-${w}x${h}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 720 });
}

const WHO = { name: 'Lena Life', email: 'lena@supplier.test' };

async function signIn(page: Page) {
	await page.goto(`${server.origin}/signin`);
	await page.getByLabel('Email').fill(WHO.email);
	await page.getByLabel('Password').fill('correct horse battery');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Customer accounts' })).toBeVisible();
}

async function newBoard(page: Page, accountUrl: string, name: string, template?: RegExp) {
	await page.goto(accountUrl);
	await page.getByLabel('Board name').fill(name);
	if (template) await page.getByLabel(template).check();
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
	await expectConnected(page);
	return page.url();
}

const boardRow = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('rename, archive (read-only live), restore and delete a board; a review starts from the board one picks', async ({ browser }) => {
	const a = await (await browser.newContext()).newPage();
	await signUp(a, server.origin, WHO);
	const q1Url = await createWorkspaceAccountAndBoard(a, { workspace: 'Lena team', account: 'Globex', board: 'Q1 plan' });
	await expectConnected(a);
	await addGoal(a, 'Reach 99% uptime');
	await expectGoals(a, ['Reach 99% uptime']);
	await a.getByRole('link', { name: 'Globex' }).click();
	await expect(a.getByRole('heading', { name: 'Globex' })).toBeVisible();
	const accountUrl = a.url();

	// Rename from the account's board list.
	await boardRow(a, 'Q1 plan').getByRole('button', { name: 'Rename “Q1 plan”' }).click();
	await a.getByLabel('New name for “Q1 plan”').fill('Q1 joint plan');
	await a.getByRole('button', { name: 'Save' }).click();
	await expect(boardRow(a, 'Q1 joint plan')).toBeVisible();
	await expect(boardRow(a, 'Q1 joint plan')).toContainText('Joint planning');
	await expect(boardRow(a, 'Q1 joint plan')).toContainText(WHO.name);

	// Someone else has the board open while it is archived: it goes read-only for them at once.
	const b = await (await browser.newContext()).newPage();
	await signIn(b);
	await b.goto(q1Url);
	await expectConnected(b);
	await expect(b.getByLabel('New goal')).toBeVisible();
	await boardRow(a, 'Q1 joint plan').getByRole('button', { name: 'Archive “Q1 joint plan”' }).click();
	await expect(boardRow(a, 'Q1 joint plan')).toHaveCount(0); // hidden from the default list
	await expect(b.getByTestId('archived-banner')).toContainText(`by ${WHO.name} — read-only`);
	await expect(b.getByLabel('New goal')).toHaveCount(0);
	await expect(b.getByTestId('goal-item').locator('textarea').first()).toHaveAttribute('readonly', '');
	await expectConnected(b);

	await a.getByRole('link', { name: 'Show archived' }).click();
	await expect(boardRow(a, 'Q1 joint plan')).toContainText('Archived');
	await shoot(a, 'account-boards');
	await a.goto(q1Url);
	await expect(a.getByTestId('archived-banner')).toBeVisible();
	await expect(a.getByLabel('New goal')).toHaveCount(0);
	await shoot(a, 'archived-banner');

	// Restore from the banner: both go back to editing.
	await a.getByTestId('archived-banner').getByRole('button', { name: 'Restore' }).click();
	await expect(a.getByTestId('archived-banner')).toHaveCount(0);
	await expect(b.getByTestId('archived-banner')).toHaveCount(0);
	await expect(b.getByLabel('New goal')).toBeVisible();
	await expectConnected(b);

	// A newer board with content and an empty scratch board: the review defaults to the newer
	// board with content, and we pick the older one instead.
	await newBoard(a, accountUrl, 'Q2 plan');
	await addGoal(a, 'Open the Lyon plant');
	await expectGoals(a, ['Open the Lyon plant']);
	await expectSaved(a);
	const scratchUrl = await newBoard(a, accountUrl, 'Scratch', /Blank/);
	await a.goto(accountUrl);
	await a.getByLabel('Board name').fill('Q3 review');
	await a.getByLabel(/Quarterly business review/).check();
	const source = a.getByLabel('Carry over from');
	await expect(source.locator('option:checked')).toHaveText(/^Q2 plan/);
	await expect(source.locator('option')).toHaveText([/^Scratch .* — empty$/, /^Q2 plan/, /^Q1 joint plan/]);
	await source.selectOption({ label: (await source.locator('option', { hasText: 'Q1 joint plan' }).textContent())! });
	await a.getByRole('button', { name: 'Create board' }).click();
	await expect(a.getByRole('heading', { name: 'Q3 review' })).toBeVisible();
	await expectConnected(a);
	await expectGoals(a, ['Reach 99% uptime']);
	await expect(a.getByTestId('board-note')).toContainText('Carried over from “Q1 joint plan”');
	const link = a.getByTestId('carried-from');
	await expect(link).toHaveText('Open “Q1 joint plan”');
	await expect(link).toHaveAttribute('href', new URL(q1Url).pathname);

	// Delete, with confirmation, while someone has the board open.
	await b.goto(scratchUrl);
	await expectConnected(b);
	await a.goto(accountUrl);
	await boardRow(a, 'Scratch').getByRole('button', { name: 'Delete “Scratch”' }).click();
	const dialog = a.getByRole('dialog', { name: 'Delete “Scratch”?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(boardRow(a, 'Scratch')).toBeVisible();
	await boardRow(a, 'Scratch').getByRole('button', { name: 'Delete “Scratch”' }).click();
	await dialog.getByRole('button', { name: 'Delete board' }).click();
	await expect(boardRow(a, 'Scratch')).toHaveCount(0);
	await expect(b.getByRole('alert')).toContainText('This board was deleted.');
	await a.getByRole('link', { name: 'Show archived' }).click();
	await expect(boardRow(a, 'Scratch')).toHaveCount(0);
});
