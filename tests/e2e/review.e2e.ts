import { test, expect } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectGoals, expectSaved, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

test("a quarterly business review starts from the account's previous board: goals, matrix and open actions", async ({ browser }) => {
	const page = await (await browser.newContext()).newPage();
	await signUp(page, server.origin, { name: 'Rhea Review', email: 'rhea@supplier.test' });
	const firstUrl = await createWorkspaceAccountAndBoard(page, { workspace: 'Rhea team', account: 'Umbrella', board: 'Q1 plan' });
	await expectConnected(page);
	await addGoal(page, 'Reach 99% uptime');

	const tab = (name: string) => page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name });
	await tab('Stakeholders').click();
	await page.getByLabel('New client stakeholder name').fill('Una Ops');
	await page.getByLabel('New client stakeholder level').selectOption('executive');
	await page.getByRole('button', { name: 'Add client stakeholder' }).click();
	await tab('Positioning matrix').click();
	await page.getByTestId('matrix').locator('tbody').getByRole('gridcell').first().click();
	await page.keyboard.press('3');

	await tab('Initiatives').click();
	await page.getByLabel('New initiative', { exact: true }).fill('Predictive maintenance pilot');
	await page.getByRole('button', { name: 'Add initiative' }).click();
	for (const text of ['Install sensors on line 2', 'Kick-off meeting']) {
		await page.getByLabel('New action for initiative 1').fill(text);
		await page.getByRole('button', { name: 'Add action' }).click();
	}
	await page.getByLabel('Status of “Kick-off meeting”').selectOption('done');
	await expect(page.getByLabel('Status of “Kick-off meeting”')).toHaveValue('done');

	// Three months later: a review board on the same account.
	await expectSaved(page);
	await page.goto(firstUrl);
	await page.getByRole('link', { name: 'Umbrella' }).click();
	await page.getByLabel('Board name').fill('Q2 review');
	await page.getByLabel(/Quarterly business review/).check();
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('heading', { name: 'Q2 review' })).toBeVisible();
	await expectConnected(page);
	await expect(page.getByTestId('board-note')).toContainText('Q1 plan');

	await expectGoals(page, ['Reach 99% uptime']);
	await tab('Positioning matrix').click();
	await expect(page.getByTestId('matrix').locator('tbody').getByRole('gridcell').first()).toContainText('3');
	await tab('Actions').click();
	await expect(page.getByTestId('actions-row')).toHaveCount(1);
	await expect(page.getByTestId('actions-row')).toContainText('Install sensors on line 2');
});
