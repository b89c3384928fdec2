import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectSaved, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

const SECRET = 'SECRET-NOTE-7731 budget holder, wary of us';

async function openTab(page: Page, name: string) {
	await page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name }).click();
}

async function addClient(page: Page, name: string, title: string, level: string, fn: string) {
	await page.getByLabel('New client stakeholder name').fill(name);
	await page.getByLabel('New client stakeholder title').fill(title);
	await page.getByLabel('New client stakeholder level').selectOption(level);
	await page.getByLabel('New client stakeholder function').selectOption(fn);
	await page.getByRole('button', { name: 'Add client stakeholder' }).click();
}

test('a supplier member and a client guest plan together: goals, keyboard scoring, live convergence; internal data never reaches the client', async ({ browser }) => {
	const origin = server.origin;

	// Sam, on the supplier side, prepares the board.
	const sam = await (await browser.newContext()).newPage();
	await signUp(sam, origin, { name: 'Sam Supplier', email: 'sam@supplier.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(sam, { workspace: 'Supplier KAM', account: 'ACME', board: 'Joint plan FY27' });
	await expectConnected(sam);
	await addGoal(sam, 'Cut cost of goods by 8%');
	await sam.getByLabel('New critical success factor for goal 1').fill('Second source for castings');
	await sam.getByRole('button', { name: 'Add CSF' }).click();

	await openTab(sam, 'Stakeholders');
	await addClient(sam, 'Clara Chief', 'COO', 'executive', 'operations');
	await addClient(sam, 'Carl Count', 'VP Finance', 'senior', 'finance');
	await sam.getByLabel('Our relationship with Clara Chief').selectOption('3');
	await sam.getByRole('button', { name: /^Notes/ }).first().click();
	await sam.getByLabel('Private notes on Clara Chief').fill(SECRET);
	await sam.getByLabel('Private notes on Clara Chief').blur();

	// Sam invites Clara as a client-side participant.
	await expectSaved(sam);
	await sam.goto(`${boardUrl}/people`);
	await sam.getByLabel('Side').selectOption('client');
	await sam.getByRole('button', { name: 'Create invite link' }).click();
	const link = await sam.getByTestId('invite-url').inputValue();

	// Clara joins without an account; everything her browser receives over WebSockets is recorded.
	const clara = await (await browser.newContext()).newPage();
	const sockets: string[] = [];
	const received: Buffer[] = [];
	clara.on('websocket', (ws) => {
		sockets.push(ws.url());
		ws.on('framereceived', (f) => received.push(Buffer.isBuffer(f.payload) ? f.payload : Buffer.from(f.payload)));
	});
	await clara.goto(link);
	await clara.getByLabel('Your name').fill('Clara Chief');
	await clara.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(clara);

	// Both look at the matrix.
	await sam.goto(`${boardUrl}?view=matrix`);
	await expectConnected(sam);
	await openTab(clara, 'Positioning matrix');
	const claraRow = clara.getByTestId('matrix').locator('tbody tr').filter({ hasText: 'Clara Chief' });
	await claraRow.getByRole('gridcell').first().click();
	await clara.keyboard.press('3');
	await clara.keyboard.press('ArrowRight');
	await clara.keyboard.press('2');

	// Sam sees Clara's scores arrive live in her row.
	const samRow = sam.getByTestId('matrix').locator('tbody tr').filter({ hasText: 'Clara Chief' });
	await expect(samRow.getByRole('gridcell').nth(0)).toContainText('3');
	await expect(samRow.getByRole('gridcell').nth(1)).toContainText('2');

	// Convergence: Clara (executive, weight 3) holds both; Carl (senior, 2) holds neither: 3/5 = 60% ≥ 50%.
	for (const page of [sam, clara]) {
		await openTab(page, 'Scorecard');
		const conv = page.getByTestId('scorecard-convergence');
		await expect(conv).toContainText('2 of 2 converge');
		await expect(conv.locator('tbody tr').first()).toContainText('60%');
	}

	// Carl's view changes the numbers live for both: Sam scores Carl 3 on the goal → 5/5 = 100%.
	await openTab(sam, 'Positioning matrix');
	const carlRow = sam.getByTestId('matrix').locator('tbody tr').filter({ hasText: 'Carl Count' });
	await carlRow.getByRole('gridcell').first().click();
	await sam.keyboard.press('3');
	await expect(clara.getByTestId('scorecard-convergence').locator('tbody tr').first()).toContainText('100%');

	// The supplier sees its positioning; the client sees none of it.
	await openTab(sam, 'Scorecard');
	await expect(sam.getByTestId('scorecard-positioning')).toBeVisible();
	await expect(clara.getByTestId('scorecard-positioning')).toHaveCount(0);

	// What reached Clara's browser: never the internal document, never its content.
	expect(sockets.length).toBeGreaterThan(0);
	expect(sockets.every((u) => u.endsWith('/shared'))).toBe(true);
	const everything = Buffer.concat(received).toString('latin1');
	expect(everything).toContain('Cut cost of goods by 8%');
	expect(everything).not.toContain('SECRET-NOTE-7731');
	expect(await clara.content()).not.toContain('SECRET-NOTE-7731');
	// And Sam's browser did get it, so the check above is not vacuous.
	await openTab(sam, 'Stakeholders');
	await expect(sam.getByRole('button', { name: /^Notes \(\d+\)/ }).first()).toBeVisible();

	// Where to help: the goal converges (100%) and we can help (3) → "Help now"; it becomes an initiative.
	await openTab(sam, 'Where to help');
	await sam.getByRole('group', { name: 'Our ability to help with Cut cost of goods by 8%' }).getByRole('button', { name: '3' }).click();
	await expect(sam.getByTestId('help-point').first()).toHaveAttribute('aria-label', /Cut cost of goods by 8%\. Help now: shared 100%/);
	await sam.getByRole('button', { name: 'Create initiative for Cut cost of goods by 8%' }).click();
	const initiative = sam.getByTestId('initiative').first();
	await expect(initiative).toContainText('Cut cost of goods by 8%');

	// Workspace members can own actions too (the board session carries them).
	await expect(sam.getByLabel('Owner of the new action').locator('optgroup[label="Team members"] option')).toHaveText(['Sam Supplier']);

	// An owned, dated action.
	await sam.getByLabel('New action for initiative 1').fill('Send castings RFQ to two foundries');
	await sam.getByLabel('Owner of the new action').selectOption({ label: 'Clara Chief — COO' });
	await sam.getByLabel('Due date of the new action').fill('2027-01-15');
	await sam.getByRole('button', { name: 'Add action' }).click();

	// Clara sees it in the board's actions and moves it forward; Sam sees the status change.
	await openTab(clara, 'Actions');
	const row = clara.getByTestId('actions-row').filter({ hasText: 'Send castings RFQ to two foundries' });
	await expect(row.getByLabel('Owner of “Send castings RFQ to two foundries”')).toHaveValue(/^stakeholder:/);
	await expect(row.getByLabel('Due date of “Send castings RFQ to two foundries”')).toHaveValue('2027-01-15');
	await row.getByLabel('Status of “Send castings RFQ to two foundries”').selectOption('in-progress');
	await openTab(sam, 'Actions');
	await expect(sam.getByLabel('Status of “Send castings RFQ to two foundries”')).toHaveValue('in-progress');
});
