import { test, expect, type Browser, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World } from '../integration/helpers/seed.ts';
import { addBoardRow, session } from '../integration/helpers/cast.ts';
import { addGoal, expectConnected, expectGoals, goalInputs, pageWithSession, signUp } from './flows.ts';

const server = new ServerProcess();
let world: World;
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
});
test.afterAll(() => {
	world?.close();
	return server.dispose();
});

async function newPage(browser: Browser) {
	const context = await browser.newContext();
	return context.newPage();
}

/**
 * The seeded facilitator on two devices: each page is a session of its own, written to the
 * database (signing up and in through the forms is the first test's and foundation's business).
 */
async function sameFacilitatorTwice(browser: Browser): Promise<{ boardUrl: string; typist: Page; deleter: Page }> {
	// The template the board form picks unless told otherwise, as when this was done through the UI.
	const facilitator = { userId: world.userId('facilitator') };
	const boardId = addBoardRow(world.db, world.accountId, facilitator.userId, 'Race board', 'joint-planning');
	const tokens = [session(world.db, facilitator), session(world.db, facilitator)];
	const [typist, deleter] = await Promise.all(tokens.map((token) => pageWithSession(browser, server.origin, token)));
	return { boardUrl: `${server.origin}/boards/${boardId}`, typist, deleter };
}

test('double-clicking a create button creates one account, board, invite link and workspace link', async ({ browser }) => {
	const page = await newPage(browser);
	await signUp(page, server.origin, { name: 'Dana Double', email: 'dana@supplier.test' });
	await page.getByLabel('Team name').fill('Double Team');
	await page.getByRole('button', { name: 'Create workspace' }).dblclick();
	await expect(page.getByRole('heading', { name: 'Customer accounts' })).toBeVisible();

	await page.getByLabel('Customer name').fill('Twice Corp');
	await page.getByRole('button', { name: 'Add account' }).dblclick();
	await expect(page.getByRole('status')).toHaveText('Account added.');
	await page.reload();
	await expect(page.getByRole('link', { name: 'Twice Corp', exact: true })).toHaveCount(1);

	await page.getByRole('link', { name: 'Twice Corp', exact: true }).click();
	const accountUrl = page.url();
	await page.getByLabel('Board name').fill('Once board');
	await page.getByRole('button', { name: 'Create board' }).dblclick();
	await expect(page.getByRole('heading', { name: 'Once board' })).toBeVisible();
	const boardUrl = page.url();
	await page.goto(accountUrl);
	await expect(page.getByRole('link', { name: 'Once board', exact: true })).toHaveCount(1);

	await page.goto(`${boardUrl}/people`);
	await page.getByRole('button', { name: 'Create invite link' }).dblclick();
	await expect(page.getByTestId('invite-url')).toBeVisible();
	const shown = await page.getByTestId('invite-url').inputValue();
	await page.reload();
	await expect(page.getByTestId('invite-row')).toHaveCount(1);
	expect(shown).toMatch(/\/invite\/[a-z0-9]+$/);

	await page.goto(`${server.origin}/workspace`);
	await page.getByRole('button', { name: 'Create invite link' }).dblclick();
	await expect(page.getByTestId('invite-url')).toBeVisible();
	await page.reload();
	await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(1);
});

test('a goal deleted while someone types in it can be restored with their text, in one undo step', async ({ browser }) => {
	const { boardUrl, typist, deleter } = await sameFacilitatorTwice(browser);
	await typist.goto(boardUrl);
	await expectConnected(typist);
	await addGoal(typist, 'Grow revenue');
	await addGoal(typist, 'Keep customers');

	// The same person in a second browser (another device) deletes the goal.
	await deleter.goto(boardUrl);
	await expectConnected(deleter);
	await expectGoals(deleter, ['Grow revenue', 'Keep customers']);

	const field = goalInputs(typist).first();
	await field.click();
	await field.press('End');
	await field.pressSequentially(' in Europe');
	await deleter.getByRole('button', { name: 'Delete goal 1' }).click();

	const notice = typist.getByRole('alert').filter({ hasText: 'deleted this goal while you were typing' });
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('Grow revenue in Europe');
	await expect(typist.getByRole('button', { name: 'Restore it with your text' })).toBeFocused();
	await typist.getByRole('button', { name: 'Restore it with your text' }).click();
	await expect(notice).toHaveCount(0);

	await expectGoals(typist, ['Grow revenue in Europe', 'Keep customers']);
	await expectGoals(deleter, ['Grow revenue in Europe', 'Keep customers']);

	// One undo step takes the restore back, one redo brings it again.
	await typist.getByRole('button', { name: 'Undo' }).click();
	await expectGoals(deleter, ['Keep customers']);
	await typist.getByRole('button', { name: 'Redo' }).click();
	await expectGoals(deleter, ['Grow revenue in Europe', 'Keep customers']);
});

test('an action deleted while someone types in it can be restored with their text', async ({ browser }) => {
	const { boardUrl, typist, deleter } = await sameFacilitatorTwice(browser);
	await typist.goto(`${boardUrl}?view=initiatives`);
	await expectConnected(typist);
	await typist.getByLabel('New initiative').fill('Joint pilot');
	await typist.getByRole('button', { name: 'Add initiative' }).click();
	await typist.getByPlaceholder('Add an action…').fill('Call the plant');
	await typist.getByRole('button', { name: 'Add action' }).click();

	await deleter.goto(`${boardUrl}?view=initiatives`);
	await expectConnected(deleter);
	await expect(deleter.getByRole('button', { name: 'Delete action “Call the plant”' })).toBeVisible();

	const field = typist.getByLabel('Action: Call the plant');
	await field.click();
	await field.press('End');
	await field.pressSequentially(' manager');
	await deleter.getByRole('button', { name: /^Delete action “Call the plant/ }).click();

	const notice = typist.getByRole('alert').filter({ hasText: 'deleted this action while you were typing' });
	await expect(notice).toContainText('Call the plant manager');
	await typist.getByRole('button', { name: 'Restore it with your text' }).click();
	await expect(notice).toHaveCount(0);
	await expect(deleter.getByLabel('Action: Call the plant manager')).toBeVisible();
});
