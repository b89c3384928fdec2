import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { createWorkspaceAccountAndBoard, expectConnected, expectSaved, signUp } from './flows.ts';

// The interface offers a client-side person only what the server lets them change: supplier-side
// rows are read-only, the threshold is not theirs to set, and their own rows stay editable.

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

async function openTab(page: Page, name: string) {
	await page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name }).click();
}

test('a client guest edits client rows but sees supplier rows and the threshold read-only', async ({ browser }) => {
	const sam = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
	await signUp(sam, server.origin, { name: 'Sam Supplier', email: 'sam@sides.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(sam, { workspace: 'Supplier KAM', account: 'ACME', board: 'Sides' });
	await expectConnected(sam);
	await openTab(sam, 'Stakeholders');
	await sam.getByLabel('New client stakeholder name').fill('Clara Chief');
	await sam.getByRole('button', { name: 'Add client stakeholder' }).click();
	await sam.getByLabel('New supplier stakeholder name').fill('Sam Supplier');
	await sam.getByRole('button', { name: 'Add team member' }).click();
	await expect(sam.getByLabel('Name of supplier stakeholder 1')).toHaveValue('Sam Supplier');

	await expectSaved(sam);
	await sam.goto(`${boardUrl}/people`);
	await sam.getByLabel('Side').selectOption('client');
	await sam.getByRole('button', { name: 'Create invite link' }).click();
	const link = await sam.getByTestId('invite-url').inputValue();

	const clara = await (await browser.newContext({ viewport: { width: 1180, height: 820 } })).newPage();
	await clara.goto(link);
	await clara.getByLabel('Your name').fill('Clara Chief');
	await clara.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(clara);
	await openTab(clara, 'Stakeholders');

	const supplierTable = clara.getByTestId('supplier-stakeholders');
	await expect(supplierTable.getByRole('cell', { name: 'Sam Supplier' })).toBeVisible();
	await expect(supplierTable.getByRole('textbox')).toHaveCount(0);
	await expect(supplierTable.getByRole('button', { name: /Delete/ })).toHaveCount(0);
	await expect(clara.getByRole('button', { name: 'Add team member' })).toHaveCount(0);
	// Her own side's rows stay hers to edit, and she cannot move them to the supplier side.
	const side = clara.getByLabel('Side of Clara Chief');
	await expect(side.locator('option')).toHaveText(['Client']);
	await clara.screenshot({ path: 'test-results/sides-client-stakeholders.png', fullPage: true });
	await clara.getByLabel('Title of Clara Chief').fill('COO');
	await clara.getByLabel('Title of Clara Chief').blur();
	await sam.goto(`${boardUrl}?view=stakeholders`);
	await expect(sam.getByLabel('Title of Clara Chief')).toHaveValue('COO');

	await openTab(clara, 'Scorecard');
	await expect(clara.getByText("Set by the board's facilitators.", { exact: false })).toBeVisible();
	await expect(clara.getByRole('spinbutton', { name: 'Convergence threshold' })).toHaveCount(0);
	await openTab(sam, 'Scorecard');
	await expect(sam.getByRole('spinbutton', { name: 'Convergence threshold' })).toBeVisible();
	await clara.screenshot({ path: 'test-results/sides-client-scorecard.png' });
	await expect(clara.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
});
