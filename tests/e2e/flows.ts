import { expect, type Browser, type Page } from '@playwright/test';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';

// Steps a person takes, shared by the end-to-end specs.

/** A browser of its own, signed in with a session token written straight to the database. */
export async function pageWithSession(browser: Browser, origin: string, token: string): Promise<Page> {
	const context = await browser.newContext();
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url: origin }]);
	return context.newPage();
}

export async function signUp(page: Page, origin: string, who: { name: string; email: string }, path = '/signup') {
	await page.goto(origin + path);
	await page.getByLabel('Your name').fill(who.name);
	await page.getByLabel('Work email').fill(who.email);
	await page.getByLabel('Password').fill('correct horse battery');
	await page.getByRole('button', { name: 'Create account' }).click();
}

export async function createWorkspaceAccountAndBoard(page: Page, names: { workspace: string; account: string; board: string; template?: string }) {
	await expect(page.getByRole('heading', { name: "Set up your team's workspace" })).toBeVisible();
	await page.getByLabel('Team name').fill(names.workspace);
	await page.getByRole('button', { name: 'Create workspace' }).click();
	await expect(page.getByRole('heading', { name: 'Customer accounts' })).toBeVisible();
	await page.getByLabel('Customer name').fill(names.account);
	await page.getByRole('button', { name: 'Add account' }).click();
	await page.getByRole('link', { name: names.account }).click();
	await page.getByLabel('Board name').fill(names.board);
	if (names.template) await page.getByLabel(names.template).check();
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('heading', { name: names.board })).toBeVisible();
	return page.url();
}

/** The page's sockets are up: a first load of a board on a busy machine has taken over 15 s. */
export async function expectConnected(page: Page) {
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
}

/**
 * The server confirmed every change of this page ("Saved"): leaving the board with a full page
 * load (goto, reload) before that gets the browser's "Leave site?" prompt, which Playwright
 * dismisses, and the navigation never happens.
 */
export async function expectSaved(page: Page) {
	await expect(page.getByTestId('connection-status')).toContainText('Saved', { timeout: 30_000 });
}

export async function addGoal(page: Page, text: string) {
	await page.getByLabel('New goal').fill(text);
	await page.getByRole('button', { name: 'Add goal' }).click();
}

export function goalInputs(page: Page) {
	return page.getByTestId('goal-item').locator('textarea');
}

/** Waits until the goal inputs show exactly these values, in order. */
export async function expectGoals(page: Page, values: string[]) {
	await expect
		.poll(() => goalInputs(page).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)), { timeout: 10_000 })
		.toEqual(values);
}
