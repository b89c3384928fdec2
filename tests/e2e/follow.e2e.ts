import { test, expect, type Browser, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { seedWorkshopBoard, type Person, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';

// Following a person follows their selection too, not only their view: the item they are on is
// scrolled into view and outlined, and moves with them (instantly under reduced motion).

const server = new ServerProcess();
let w: WorkshopBoard;
test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
	// Enough goals that the last one is far below the fold.
	editDoc(w.world.db, w.board.boardId, 'shared', (doc) => {
		for (let i = 1; i <= 30; i++) addGoal(doc, { id: `gx${i}`, text: `Extra goal number ${i}`, author: { id: 'seed', name: 'Seed' } });
	});
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

async function open(browser: Browser, who: Person, reducedMotion: 'reduce' | 'no-preference'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion });
	const url = new URL(w.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: w.board.tokens[who], domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
	const page = await context.newPage();
	await page.goto(`${w.origin}/boards/${w.board.boardId}?view=goals`);
	await expectConnected(page);
	return page;
}

const views = (page: Page) => page.getByRole('navigation', { name: 'Board views' });
const item = (page: Page, focusId: string) => page.locator(`main [data-focus-id="${focusId}"]`);

test('following a person scrolls to the item they are on and outlines it; it moves with them, to other views too', async ({ browser }) => {
	const leader = await open(browser, 'facilitator', 'no-preference');
	const follower = await open(browser, 'participant', 'reduce');
	const smooth = await open(browser, 'clientGuest', 'no-preference');
	for (const p of [follower, smooth]) {
		await expect(p.getByLabel('Follow').locator('option', { hasText: 'facilitator' })).toHaveCount(1);
		await p.getByLabel('Follow').selectOption({ label: 'facilitator' });
	}
	await expect(item(follower, 'gx30')).not.toBeInViewport();

	// The leader clicks into the last goal: both followers scroll to it and outline it.
	await leader.getByRole('textbox', { name: /Goal 34$/ }).click();
	for (const p of [follower, smooth]) {
		await expect(item(p, 'gx30')).toHaveAttribute('data-followed', '');
		await expect(item(p, 'gx30')).toBeInViewport();
	}
	// Reduced motion: the scroll is instant (no smooth behaviour was asked for).
	expect(await follower.evaluate(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
	await expect(follower.locator('main [data-followed]')).toHaveCount(1);

	// Back to the first goal: the outline moves, the old item loses it.
	await leader.getByRole('textbox', { name: /Goal 1$/ }).click();
	for (const p of [follower, smooth]) {
		await expect(item(p, 'g1')).toHaveAttribute('data-followed', '');
		await expect(item(p, 'g1')).toBeInViewport();
		await expect(item(p, 'gx30')).not.toHaveAttribute('data-followed', '');
	}

	// Another view: the follower goes there and finds the same stakeholder row.
	await views(leader).getByRole('link', { name: 'Stakeholders' }).click();
	await item(leader, 'stakeholder:c4').locator('input, select').first().focus();
	await expect(views(follower).getByRole('link', { name: 'Stakeholders' })).toHaveAttribute('aria-current', 'page');
	await expect(item(follower, 'stakeholder:c4')).toHaveAttribute('data-followed', '');
	await expect(item(follower, 'stakeholder:c4')).toBeInViewport();

	// Not following any more: nothing is outlined on the follower's screen.
	await follower.getByRole('button', { name: 'Stop following' }).click();
	await expect(follower.locator('main [data-followed]')).toHaveCount(0);
});
