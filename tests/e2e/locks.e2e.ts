import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectSaved, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

async function openTab(page: Page, name: string) {
	await page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name, exact: false }).click();
}

async function shoot(page: Page, name: string) {
	for (const [w, h] of [
		[1440, 900],
		[1024, 768]
	] as const) {
		await page.setViewportSize({ width: w, height: h });
		await page.screenshot({ path: `test-results/facilitation-${name}-${w}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('a facilitator locks the matrix for a client guest and unlocks it; decisions and parked items travel between them', async ({ browser }) => {
	const origin = server.origin;
	const sam = await (await browser.newContext()).newPage();
	await signUp(sam, origin, { name: 'Sam Supplier', email: 'sam@locks.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(sam, { workspace: 'Supplier KAM', account: 'ACME', board: 'Workshop' });
	await expectConnected(sam);
	await addGoal(sam, 'Grow in Asia');
	await openTab(sam, 'Stakeholders');
	await sam.getByLabel('New client stakeholder name').fill('Clara Chief');
	await sam.getByRole('button', { name: 'Add client stakeholder' }).click();
	await openTab(sam, 'Initiatives');
	await sam.getByRole('textbox', { name: 'New initiative' }).fill('Joint pilot');
	await sam.getByRole('button', { name: 'Add initiative' }).click();

	await expectSaved(sam);
	await sam.goto(`${boardUrl}/people`);
	await sam.getByLabel('Side').selectOption('client');
	await sam.getByRole('button', { name: 'Create invite link' }).click();
	const link = await sam.getByTestId('invite-url').inputValue();
	const clara = await (await browser.newContext()).newPage();
	await clara.goto(link);
	await clara.getByLabel('Your name').fill('Clara Chief');
	await clara.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(clara);

	// Both on the matrix; Sam locks it.
	await sam.goto(`${boardUrl}?view=matrix`);
	await expectConnected(sam);
	await openTab(clara, 'Positioning matrix');
	const cell = (p: Page) => p.getByTestId('matrix').locator('tbody tr').filter({ hasText: 'Clara Chief' }).getByRole('gridcell').first();
	await expect(cell(clara)).toBeVisible();
	await expect(clara.getByTestId('lock-banner')).toHaveCount(0);
	await sam.getByRole('button', { name: 'Lock the positioning matrix' }).click();

	// Clara's matrix goes read-only live, with the banner and the badge on the tab.
	await expect(clara.getByTestId('lock-banner')).toContainText(/Locked by Sam Supplier at \d{1,2}:\d{2}.* — only facilitators can change this/);
	await expect(clara.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name: /Positioning matrix/ }).getByTestId('tab-lock')).toBeVisible();
	await expect(clara.getByRole('button', { name: /Unlock/ })).toHaveCount(0);
	await expect(cell(clara)).toBeDisabled();
	// Keyboard scoring, too, stops at the lock (the cell keeps focus, the key changes nothing).
	await cell(clara).focus();
	await clara.keyboard.press('3');
	await expect(clara.getByText('A facilitator locked the matrix')).toBeVisible();
	await expect(cell(clara)).not.toContainText('3');
	await expect(clara.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	// The facilitator still writes, and sees the unlock button.
	await expect(sam.getByTestId('lock-banner')).toContainText('Locked by Sam Supplier');
	await cell(sam).click();
	await sam.keyboard.press('1');
	await expect(cell(clara)).toContainText('1');
	await shoot(clara, 'locked-matrix-client');
	await shoot(sam, 'locked-matrix-facilitator');

	// Unlocking is instant: Clara writes again.
	await sam.getByRole('button', { name: 'Unlock the positioning matrix' }).click();
	await expect(clara.getByTestId('lock-banner')).toHaveCount(0);
	await cell(clara).click();
	await clara.keyboard.press('3');
	await expect(cell(sam)).toContainText('3');

	// Clara records a decision, naming who decided and the goal it concerns; Sam sees it.
	await openTab(clara, 'Decisions');
	await clara.getByLabel('What was decided').fill('Run the pilot in Q2 in Singapore');
	await clara.getByRole('group', { name: 'Who decided' }).getByLabel(/Clara Chief/).check();
	await clara.getByRole('group', { name: 'Concerns' }).getByLabel('Goal: Grow in Asia').check();
	await clara.getByRole('button', { name: 'Record decision' }).click();
	await openTab(sam, 'Decisions');
	const decision = sam.getByTestId('decision');
	await expect(decision).toHaveCount(1);
	await expect(decision.getByRole('textbox')).toHaveValue('Run the pilot in Q2 in Singapore');
	await expect(decision.getByTestId('deciders')).toHaveText('Clara Chief · Client');
	await expect(decision.getByTestId('concerns')).toHaveText('Goal: Grow in Asia');
	await expect(decision).toContainText('Recorded by Clara Chief');
	await shoot(sam, 'decisions');

	// Sam parks an item; Clara sees it; Sam moves it into an action of the initiative.
	await openTab(sam, 'Parking lot');
	await sam.getByLabel('Park an item').fill('Pricing model for the pilot');
	await sam.getByRole('button', { name: 'Park', exact: true }).click();
	await sam.getByLabel('Park an item').fill('Who owns the data');
	await sam.getByRole('button', { name: 'Park', exact: true }).click();
	await openTab(clara, 'Parking lot');
	await expect(clara.getByTestId('parked-item')).toHaveCount(2);
	await shoot(clara, 'parking-lot');
	const parked = sam.getByTestId('parked-item').filter({ has: sam.getByRole('textbox', { name: /Pricing model/ }) });
	await parked.getByRole('button', { name: 'Move to action' }).click();
	await expect(clara.getByTestId('parked-item')).toHaveCount(1);
	await expect(clara.getByTestId('moved-item')).toContainText('→ action in “Joint pilot”');
	await openTab(clara, 'Actions');
	await expect(clara.getByRole('main')).toContainText('Pricing model for the pilot');
	await openTab(sam, 'Parking lot');
	await shoot(sam, 'parking-lot-moved');

	// The whole board: every view closes for Clara, the parking lot included.
	await sam.getByText('Facilitate').click();
	await sam.getByRole('button', { name: 'Lock the whole board' }).click();
	await openTab(clara, 'Parking lot');
	await expect(clara.getByTestId('lock-banner')).toContainText('the whole board is locked');
	await expect(clara.getByLabel('Park an item')).toBeDisabled();
	await expect(clara.getByRole('button', { name: 'Move to action' })).toHaveCount(0);
	await shoot(clara, 'locked-board-client');
	await sam.getByTestId('lock-banner').getByRole('button', { name: 'Unlock the whole board' }).click();
	await expect(clara.getByLabel('Park an item')).toBeEnabled();

	// Who disagrees with whom: hidden from the client side until the facilitator shows it.
	await openTab(clara, 'Scorecard');
	await expect(clara.getByTestId('alignment-hidden')).toBeVisible();
	await sam.getByText('Facilitate').click();
	await sam.getByLabel(/Who disagrees with whom/).check();
	await expect(clara.getByTestId('alignment-hidden')).toHaveCount(0);
	await expect(clara.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
});
