import { test, expect } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

test('the header search finds a CSF typed on a board and opens that board on its tab', async ({ browser }) => {
	const page = await (await browser.newContext()).newPage();
	await signUp(page, server.origin, { name: 'Sue Search', email: 'sue@supplier.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(page, { workspace: 'Sue team', account: 'Initech', board: 'Findable plan' });
	await expectConnected(page);
	await addGoal(page, 'Grow the service business');
	await page.getByLabel('New critical success factor for goal 1').fill('Narwhal service contracts');
	await page.getByRole('button', { name: 'Add CSF' }).click();
	await expect(page.getByTestId('connection-status')).toContainText('Saved');

	await page.getByRole('search').getByLabel('Search boards').fill('narwhal');
	await page.getByRole('search').getByLabel('Search boards').press('Enter');
	await expect(page).toHaveURL(/\/search\?q=narwhal/);
	const hit = page.getByRole('link', { name: /CSF\s*Narwhal service contracts/ });
	await expect(hit.locator('mark')).toHaveText('Narwhal');
	await hit.click();
	await expect(page).toHaveURL(new RegExp(`${new URL(boardUrl, server.origin).pathname}\\?view=goals`));
	await expectConnected(page);
	await expect
		.poll(() => page.locator('main textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)), { timeout: 10_000 })
		.toContain('Narwhal service contracts');
});
