import { test, expect, type WebSocket } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectGoals, expectSaved, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

const boardId = (url: string) => new URL(url).pathname.split('/')[2];

test('navigating client-side from one board to another closes the first board’s sockets and edits the second board', async ({ page }) => {
	const origin = server.origin;
	await signUp(page, origin, { name: 'Nina Navigator', email: 'nina@supplier.test' });
	const urlOne = await createWorkspaceAccountAndBoard(page, { workspace: 'Supplier KAM', account: 'ACME', board: 'Board one' });
	await page.getByRole('link', { name: 'ACME' }).click();
	await page.getByLabel('Board name').fill('Board two');
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('heading', { name: 'Board two' })).toBeVisible();
	const urlTwo = page.url();
	const [one, two] = [boardId(urlOne), boardId(urlTwo)];
	expect(one).not.toBe(two);

	// Every socket the page opens from now on, and whether it has closed.
	const sockets: { ws: WebSocket; closed: boolean }[] = [];
	page.on('websocket', (ws) => {
		const entry = { ws, closed: false };
		sockets.push(entry);
		ws.on('close', () => (entry.closed = true));
	});
	const open = (id: string) => sockets.filter((s) => s.ws.url().includes(`/sync/${id}/`) && !s.closed).length;

	await page.goto(urlOne);
	await expectConnected(page);
	await addGoal(page, 'Goal of board one');
	await expectGoals(page, ['Goal of board one']);
	expect(open(one)).toBeGreaterThan(0);

	// A link to board two on board one's page: SvelteKit follows it without reloading the page
	// (the app has no such link yet; the back button's history menu can make the same jump).
	await page.evaluate((href) => {
		const a = document.createElement('a');
		a.href = href;
		a.textContent = 'Open board two';
		document.body.append(a);
	}, urlTwo);
	const loads: string[] = [];
	page.on('load', () => loads.push(page.url()));
	await page.getByRole('link', { name: 'Open board two' }).click();
	await expect(page).toHaveURL(urlTwo);
	await expect(page.getByRole('heading', { name: 'Board two' })).toBeVisible();
	await expectConnected(page);
	expect(loads, 'the navigation was client-side').toEqual([]);

	// Board one's sockets are closed; board two has its own.
	await expect.poll(() => open(one)).toBe(0);
	expect(open(two)).toBeGreaterThan(0);

	// What is typed now lands on board two, and only there.
	await expectGoals(page, []);
	await addGoal(page, 'Goal of board two');
	await expectGoals(page, ['Goal of board two']);
	await expectSaved(page);
	await page.reload();
	await expectConnected(page);
	await expectGoals(page, ['Goal of board two']);
	await page.goto(urlOne);
	await expectConnected(page);
	await expectGoals(page, ['Goal of board one']);
});
