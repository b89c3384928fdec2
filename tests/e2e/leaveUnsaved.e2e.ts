import { test, expect, type Browser, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { addGoal, expectConnected, expectGoals, pageWithSession } from './flows.ts';

// Leaving a board with changes the server has not confirmed: a save in flight is waited for, an
// offline one is asked about (leaveGuard.svelte.ts), closing the tab gets the browser's prompt.
const server = new ServerProcess();
let world: World;
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
});
test.afterAll(async () => {
	world?.close();
	await server.dispose();
});

const boardUrl = (b: SeededBoard) => `${server.origin}/boards/${b.boardId}?view=goals`;

/**
 * The service worker controls the page: the leave dialog's chunk, fetched with the first unsaved
 * change, then comes from its cache when that change is made offline (as for a person who opened
 * Tandem before).
 */
async function controlled(page: Page) {
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 }).toBe(true);
}

async function openBoard(browser: Browser, b: SeededBoard, token: string): Promise<Page> {
	const page = await pageWithSession(browser, server.origin, token);
	await page.goto(boardUrl(b));
	await expectConnected(page);
	await expect(page.getByLabel('New goal')).toBeVisible();
	await controlled(page);
	return page;
}

/** Records whether the leave dialog opens at all from now on (it may open and close between two looks). */
async function watchDialog(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { __leaveAsked: boolean };
		w.__leaveAsked = false;
		// The dialog is mounted with the first unsaved change (its own chunk): watch the whole page.
		new MutationObserver(() => (w.__leaveAsked ||= document.querySelector('[data-testid="leave-unsaved"][open]') !== null)).observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['open']
		});
	});
}
const dialogWasOpened = (page: Page) => page.evaluate(() => (window as unknown as { __leaveAsked: boolean }).__leaveAsked);

/** The count the header shows ("Offline · 2 changes not yet saved"). */
async function headerCount(page: Page): Promise<number> {
	const status = page.getByTestId('connection-status');
	await expect(status).toContainText(/\d+ changes? not yet saved/);
	return Number((await status.innerText()).match(/(\d+) changes? not yet saved/)![1]);
}

test('offline: leaving asks, with the count; "Stay" keeps the edit; back online it is saved, leaving no longer asks, and the other person sees it', async ({ browser }) => {
	const b = world.addBoard();
	const page = await openBoard(browser, b, b.tokens.facilitator);
	const other = await openBoard(browser, b, b.tokens.participant);

	await page.context().setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await addGoal(page, 'Written offline');
	await expectGoals(page, ['Written offline']);
	const count = await headerCount(page);

	const team = page.getByRole('link', { name: 'Team' });
	await team.click();
	const dialog = page.getByRole('dialog', { name: `${count} change${count === 1 ? '' : 's'} not yet saved` });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('You are offline.');
	await expect(dialog).toContainText('kept in this browser and sent the next time this board is opened here online');
	await expect(dialog.getByRole('button', { name: 'Stay on the board' })).toBeFocused();
	const axe = await new AxeBuilder({ page }).include('[data-testid="leave-unsaved"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);
	if (process.env.LEAVE_SHOTS) {
		for (const [width, height] of [[1440, 900], [1180, 820], [1024, 768]]) {
			await page.setViewportSize({ width, height });
			await page.screenshot({ path: `${process.env.LEAVE_SHOTS}/leave-unsaved-${width}x${height}.png` });
		}
	}

	await dialog.getByRole('button', { name: 'Stay on the board' }).click();
	await expect(dialog).toBeHidden();
	await expect(team).toBeFocused();
	expect(page.url()).toBe(boardUrl(b));
	await expectGoals(page, ['Written offline']);
	// Escape is "stay" too.
	await team.click();
	await expect(dialog).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	expect(page.url()).toBe(boardUrl(b));

	await page.context().setOffline(false);
	await expectConnected(page);
	await expect(page.getByTestId('connection-status')).toContainText('Saved');
	await watchDialog(page);
	await team.click();
	await expect(page).toHaveURL(`${server.origin}/workspace`);
	expect(await dialogWasOpened(page)).toBe(false);
	await expectGoals(other, ['Written offline']);
	await page.context().close();
	await other.context().close();
});

test('connected: leaving right after an edit waits for the save and goes without asking; with everything saved it goes at once', async ({ browser }) => {
	const b = world.addBoard();
	const page = await openBoard(browser, b, b.tokens.facilitator);
	await watchDialog(page);
	await addGoal(page, 'Saved on the way out');
	await page.getByRole('link', { name: 'Team' }).click();
	await expect(page).toHaveURL(`${server.origin}/workspace`);
	expect(await dialogWasOpened(page)).toBe(false);

	const again = await openBoard(browser, b, b.tokens.participant);
	await expectGoals(again, ['Saved on the way out']);
	await expect(again.getByTestId('connection-status')).toContainText('Saved');
	await watchDialog(again);
	await again.getByRole('link', { name: 'Tandem home' }).click();
	await expect(again).toHaveURL(`${server.origin}/`);
	expect(await dialogWasOpened(again)).toBe(false);
	await page.context().close();
	await again.context().close();
});

test('offline, the back button asks; saved while asking, the dialog says so; "Leave" goes back', async ({ browser }) => {
	const b = world.addBoard();
	const page = await pageWithSession(browser, server.origin, b.tokens.facilitator);
	await page.goto(`${server.origin}/accounts/${world.accountId}`);
	await page.locator(`a[href="/boards/${b.boardId}"]`).click();
	await expectConnected(page);
	await page.getByRole('link', { name: 'Goals & CSFs' }).click();
	await expect(page.getByLabel('New goal')).toBeVisible();
	await controlled(page);
	await page.context().setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await addGoal(page, 'Written before going back');
	await expectGoals(page, ['Written before going back']);

	await page.goBack();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('not yet saved');
	await expect(page).toHaveURL(new RegExp(`/boards/${b.boardId}`));
	await page.context().setOffline(false);
	await expect(page.getByRole('dialog', { name: 'All changes are saved' })).toBeVisible({ timeout: 30_000 });
	await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
	await expect(page).toHaveURL(`${server.origin}/accounts/${world.accountId}`);
	await page.context().close();
});

test('signing out offline asks first and says the changes wait for the next sign-in here; "Stay" keeps me signed in', async ({ browser }) => {
	const b = world.addBoard();
	const page = await openBoard(browser, b, b.tokens.facilitator);
	await page.context().setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await addGoal(page, 'Kept here');
	await expectGoals(page, ['Kept here']);

	await page.getByRole('button', { name: 'Sign out' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('sent the next time you sign in here and open this board online');
	await dialog.getByRole('button', { name: 'Stay on the board' }).click();
	await expect(dialog).toBeHidden();
	await page.context().setOffline(false);
	await expectConnected(page);
	await expect(page.getByTestId('connection-status')).toContainText('Saved');
	// Still signed in: the board's page loads.
	await page.reload();
	await expectConnected(page);
	await expectGoals(page, ['Kept here']);
	await page.context().close();
});

test('a guest leaving offline is told the truth: a guest who leaves comes back as a new guest, so these changes would never be sent', async ({ browser }) => {
	const b = world.addBoard();
	const page = await openBoard(browser, b, b.tokens.clientGuest);
	await page.context().setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await addGoal(page, 'From the client');
	await expectGoals(page, ['From the client']);
	await page.getByRole('button', { name: 'Leave' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('a guest who leaves comes back as a new guest: they would never be sent');
	await dialog.getByRole('button', { name: 'Stay on the board' }).click();
	await expect(dialog).toBeHidden();
	await expectGoals(page, ['From the client']);
	await page.context().close();
});

test('a save the server does not confirm within a few seconds asks; "Leave anyway" performs the navigation', async ({ browser }) => {
	const b = world.addBoard();
	const page = await pageWithSession(browser, server.origin, b.tokens.facilitator);
	// The sync sockets pass through a relay that can go silent both ways: the socket stays open.
	let relaying = true;
	await page.routeWebSocket(/\/sync/, (ws) => {
		const upstream = ws.connectToServer();
		ws.onMessage((m) => relaying && upstream.send(m));
		upstream.onMessage((m) => relaying && ws.send(m));
	});
	await page.goto(boardUrl(b));
	await expectConnected(page);
	await expect(page.getByLabel('New goal')).toBeVisible();
	relaying = false;
	await addGoal(page, 'Stuck in this browser');
	await expectGoals(page, ['Stuck in this browser']);
	await expect(page.getByTestId('connection-status')).toContainText(/Saving…|not yet saved/);

	const clicked = Date.now();
	await page.getByRole('link', { name: 'Tandem home' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('The server has not confirmed them yet.');
	expect(Date.now() - clicked).toBeGreaterThanOrEqual(2_900);
	expect(page.url()).toBe(boardUrl(b));
	await dialog.getByRole('button', { name: 'Leave anyway' }).click();
	await expect(page).toHaveURL(`${server.origin}/`);
	await page.context().close();
});

test('closing the tab with an unsaved change gets the browser\'s prompt; with everything saved, none', async ({ browser }) => {
	const b = world.addBoard();
	const page = await openBoard(browser, b, b.tokens.facilitator);
	await page.context().setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await addGoal(page, 'Not yet sent');
	await expectGoals(page, ['Not yet sent']);
	const prompt = page.waitForEvent('dialog');
	await page.close({ runBeforeUnload: true });
	const asked = await prompt;
	expect(asked.type()).toBe('beforeunload');
	await asked.dismiss();
	expect(page.isClosed()).toBe(false);

	await page.context().setOffline(false);
	await expectConnected(page);
	await expect(page.getByTestId('connection-status')).toContainText('Saved');
	let promptedAgain = false;
	page.on('dialog', (d) => {
		promptedAgain = true;
		void d.accept();
	});
	const closed = page.waitForEvent('close');
	await page.close({ runBeforeUnload: true });
	await closed;
	expect(promptedAgain).toBe(false);
	await page.context().close();
});
