import { test, expect, type Page, type Browser } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { createWorkspaceAccountAndBoard, expectConnected, signUp } from './flows.ts';

// A facilitator runs the session: edits a four-step agenda, starts it (everyone who follows moves
// to the step's view, one timer on every screen), extends, advances; a participant stops following;
// the facilitator brings everyone here and holds them; planned vs actual shows in the agenda.

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

const views = (page: Page) => page.getByRole('navigation', { name: 'Board views' });
async function expectView(page: Page, label: string) {
	await expect(views(page).getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
}

async function invite(fay: Page, boardUrl: string, side: 'supplier' | 'client'): Promise<string> {
	await fay.goto(`${boardUrl}/people`);
	await fay.getByLabel('Side').selectOption(side);
	await fay.getByRole('button', { name: 'Create invite link' }).click();
	return fay.getByTestId('invite-url').inputValue();
}

async function join(browser: Browser, link: string, name: string): Promise<Page> {
	const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(page);
	return page;
}

/** The remaining time each page shows, in seconds, read as close together as possible. */
async function timers(pages: Page[]): Promise<number[]> {
	const texts = await Promise.all(pages.map((p) => p.getByTestId('timer').textContent()));
	return texts.map((t) => {
		const m = /(\d+):(\d\d)/.exec(t ?? '');
		if (!m) throw new Error(`no mm:ss in “${t}”`);
		return Number(m[1]) * 60 + Number(m[2]);
	});
}

test('a facilitator runs the workshop: agenda steps move everyone, one timer, follow and hold', async ({ browser }) => {
	const fay = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
	await signUp(fay, server.origin, { name: 'Fay Facilitator', email: 'fay@supplier.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(fay, { workspace: 'Supplier KAM', account: 'ACME', board: 'Workshop', template: 'Blank' });
	const samLink = await invite(fay, boardUrl, 'supplier');
	const claraLink = await invite(fay, boardUrl, 'client');
	const sam = await join(browser, samLink, 'Sam Supplier');
	const clara = await join(browser, claraLink, 'Clara Client');
	await fay.goto(boardUrl);
	await expectConnected(fay);
	const all = [fay, sam, clara];

	// Fay builds a four-step agenda and renames the first step.
	await fay.getByRole('button', { name: 'Agenda', exact: true }).click();
	const panel = fay.getByTestId('agenda-panel');
	for (const [title, view, mode, minutes] of [
		['Goals', 'Goals & CSFs', 'Discuss', '10'],
		['Who is who', 'Stakeholders', 'Private writing', '5'],
		['Priorities', 'Positioning matrix', 'Vote', '15'],
		['Actions', 'Actions', 'Decide', '10']
	]) {
		await panel.getByLabel('New step title').fill(title);
		await panel.getByLabel('New step view').selectOption({ label: view });
		await panel.getByLabel('New step mode').selectOption({ label: mode });
		await panel.getByLabel('New step minutes').fill(minutes);
		await panel.getByRole('button', { name: 'Add step' }).click();
	}
	await panel.getByLabel('Title of step 1').fill('Goals and CSFs');
	await panel.getByLabel('Title of step 1').press('Enter');
	await expect(panel.getByTestId('agenda-step')).toHaveCount(4);
	await expect(panel.getByTestId('planned-total')).toHaveText('40 min');
	// The others see it read-only.
	await clara.getByRole('button', { name: 'Agenda', exact: true }).click();
	await expect(clara.getByTestId('agenda-step').first()).toContainText('Goals and CSFs');
	await expect(clara.getByLabel('Title of step 1')).toHaveCount(0);

	// Everyone looks somewhere else; Fay starts the agenda: everyone moves to step 1's view.
	for (const p of all) await views(p).getByRole('link', { name: 'Initiatives' }).click();
	await fay.getByRole('button', { name: 'Start the agenda' }).click();
	for (const p of all) {
		await expectView(p, 'Goals & CSFs');
		await expect(p.getByTestId('current-step')).toContainText('Goals and CSFs');
		await expect(p.getByTestId('step-mode')).toHaveText('Discuss');
		await expect(p.getByTestId('next-step')).toContainText('Who is who');
		await expect(p.getByTestId('timer')).toHaveText(/^0?9:5\d|^10:00/);
	}
	// The same remaining time on every screen, within a second.
	const t1 = await timers(all);
	expect(Math.max(...t1) - Math.min(...t1)).toBeLessThanOrEqual(1);

	// +1 min: everyone sees more than ten minutes left.
	await fay.getByRole('button', { name: 'Add 1 minute' }).click();
	for (const p of all) await expect(p.getByTestId('timer')).toHaveText(/^10:[45]\d/);
	const t2 = await timers(all);
	expect(Math.max(...t2) - Math.min(...t2)).toBeLessThanOrEqual(1);

	// Next step: everyone moves to the stakeholders.
	await fay.getByRole('button', { name: 'Next step' }).click();
	for (const p of all) {
		await expectView(p, 'Stakeholders');
		await expect(p.getByTestId('step-mode')).toHaveText('Private writing');
	}

	// Sam stops following; step 3 moves Clara and Fay, not Sam.
	await sam.getByRole('button', { name: 'Stop following' }).click();
	await expect(sam.getByLabel('Follow')).toHaveValue('none');
	await fay.getByRole('button', { name: 'Next step' }).click();
	await expectView(clara, 'Positioning matrix');
	await expectView(fay, 'Positioning matrix');
	await expect(sam.getByTestId('current-step')).toContainText('Priorities');
	await expectView(sam, 'Stakeholders');

	// Fay brings everyone here and holds them: Sam is moved back and cannot leave.
	await fay.getByLabel('and hold').check();
	await fay.getByRole('button', { name: 'Bring everyone here' }).click();
	await expectView(sam, 'Positioning matrix');
	await expect(sam.getByTestId('held')).toHaveText('Fay Facilitator is holding everyone here');
	await expect(views(sam).getByRole('link', { name: 'Goals & CSFs' })).toHaveAttribute('aria-disabled', 'true');
	// Clicked anyway (Playwright would wait for an enabled link): it does not leave.
	await views(sam).getByRole('link', { name: 'Goals & CSFs' }).click({ force: true });
	await expectView(sam, 'Positioning matrix');
	// While held, the group goes where Fay goes.
	await views(fay).getByRole('link', { name: 'Scorecard' }).click();
	await expectView(sam, 'Scorecard');
	await expectView(clara, 'Scorecard');
	// Released, Sam moves freely again.
	await fay.getByRole('button', { name: 'Release everyone' }).click();
	await expect(sam.getByTestId('held')).toHaveCount(0);
	await views(sam).getByRole('link', { name: 'Goals & CSFs' }).click();
	await expectView(sam, 'Goals & CSFs');

	// Planned vs actual: steps 1–3 ran (3 is running), 4 not yet.
	const actual = panel.getByTestId('step-actual');
	await expect(actual.nth(0)).toHaveText(/^\d+ s$|^\d+(\.\d)? min$/);
	await expect(actual.nth(1)).toHaveText(/^\d+ s$|^\d+(\.\d)? min$/);
	await expect(actual.nth(2)).toContainText('running');
	await expect(actual.nth(3)).toHaveText('—');
	await expect(panel.getByTestId('actual-total')).toContainText('of 30 planned');
	await expect(clara.getByTestId('step-actual').nth(0)).toHaveText(/^\d+ s$|^\d+(\.\d)? min$/);

	// Screenshots of the agenda bar and panel at two sizes.
	for (const [w, h] of [
		[1440, 900],
		[1024, 768]
	]) {
		await fay.setViewportSize({ width: w, height: h });
		await fay.screenshot({ path: `test-results/agenda-facilitator-${w}x${h}.png` });
		await clara.setViewportSize({ width: w, height: h });
		await clara.screenshot({ path: `test-results/agenda-client-${w}x${h}.png` });
	}
});
