import { test, expect, type Browser, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGuest } from '../integration/helpers/cast.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { CLIENTS, GOALS, seedWorkshopBoard, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';

// Issue #8 end to end: one full short session in four browsers — the facilitator, a supplier
// participant and two client guests. An agenda of four steps; the timer runs and is extended;
// private writing, then the reveal; a dot vote with its results split by side; a decision recorded;
// the matrix locked; bring everyone here; and the session summary with planned vs actual. axe runs
// at the main steps.

const server = new ServerProcess();
let w: WorkshopBoard;
let secondGuest: string;
test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
	secondGuest = addGuest(w.world.db, w.board.boardId, 'client', 'participant', 'Cleo Client').token;
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

async function open(browser: Browser, token: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const url = new URL(w.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: token, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
	const page = await context.newPage();
	await page.goto(`${w.origin}/boards/${w.board.boardId}?view=initiatives`);
	await expectConnected(page);
	return page;
}

const views = (page: Page) => page.getByRole('navigation', { name: 'Board views' });
const tab = (page: Page, label: string) => views(page).getByRole('link', { name: label, exact: true });
async function expectView(page: Page, label: string) {
	await expect(views(page).getByRole('link', { name: new RegExp(`^${label}`) })).toHaveAttribute('aria-current', 'page');
}
/** No serious or critical axe violation on the whole page (`skip`: rules checked by hand instead). */
async function expectAccessible(page: Page, step: string, skip: string[] = []) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).disableRules(skip).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${step}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
async function seconds(page: Page): Promise<number> {
	const m = /(\d+):(\d\d)/.exec((await page.getByTestId('timer').textContent()) ?? '');
	if (!m) throw new Error('no mm:ss on the timer');
	return Number(m[1]) * 60 + Number(m[2]);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');

test('a full short session: agenda, timer, private writing, vote by side, decision, lock, bring everyone here, summary', async ({ browser }) => {
	// About 50 s on a quiet machine; four browsers on a shared 2-core machine under load take longer.
	test.setTimeout(180_000);
	const fay = await open(browser, w.board.tokens.facilitator);
	const sam = await open(browser, w.board.tokens.participant);
	const clara = await open(browser, w.board.tokens.clientGuest);
	const cleo = await open(browser, secondGuest);
	const all = [fay, sam, clara, cleo];
	const clients = [clara, cleo];

	// ---- the agenda: four steps ----
	await fay.getByRole('button', { name: 'Agenda', exact: true }).click();
	const panel = fay.getByTestId('agenda-panel');
	for (const [title, view, mode] of [
		['Goals in your own words', 'Goals & CSFs', 'Private writing'],
		['What matters most', 'Goals & CSFs', 'Vote'],
		['Priorities per executive', 'Positioning matrix', 'Decide'],
		['Next steps', 'Actions', 'Discuss']
	]) {
		await panel.getByLabel('New step title').fill(title);
		await panel.getByLabel('New step view').selectOption({ label: view });
		await panel.getByLabel('New step mode').selectOption({ label: mode });
		await panel.getByLabel('New step minutes').fill('5');
		await panel.getByRole('button', { name: 'Add step' }).click();
	}
	await expect(panel.getByTestId('agenda-step')).toHaveCount(4);
	await expect(panel.getByTestId('planned-total')).toHaveText('20 min');
	await expectAccessible(fay, 'agenda');

	// ---- step 1 starts: everyone moves, the timer runs, +1 min extends it on every screen ----
	await fay.getByRole('button', { name: 'Start the agenda' }).click();
	for (const p of all) {
		await expectView(p, 'Goals & CSFs');
		await expect(p.getByTestId('step-mode')).toHaveText('Private writing');
		// Under 5:00 and running (a loaded machine takes a while to check four pages).
		await expect(p.getByTestId('timer')).toHaveText(/^0?4:[0-5]\d|^0?5:00/);
	}
	const before = await seconds(fay);
	await fay.getByRole('button', { name: 'Add 1 minute' }).click();
	// A minute more on every screen (less the seconds that passed meanwhile).
	for (const p of all) await expect.poll(() => seconds(p)).toBeGreaterThan(before + 40);
	const left = await Promise.all(all.map(seconds));
	expect(Math.max(...left) - Math.min(...left)).toBeLessThanOrEqual(2);
	// It runs: the time left goes down.
	await expect.poll(() => seconds(clara), { timeout: 5_000 }).toBeLessThan(left[2]);

	// ---- private writing, then the reveal into the goals ----
	const notes = (p: Page) => p.getByTestId('private-notes');
	for (const [p, text] of [
		[clara, 'Halve the lead time of spare parts'],
		[cleo, 'One forecast for both companies'],
		[sam, 'A joint quality dashboard']
	] as const) {
		await notes(p).getByLabel('Your note').fill(text);
		await notes(p).getByRole('button', { name: 'Add note' }).click();
		await expect(p.getByTestId('my-notes')).toContainText(text);
	}
	await expect(clara.getByTestId('my-notes')).not.toContainText('forecast');
	await expect(clara.getByRole('main')).not.toContainText('One forecast for both companies');
	await expectAccessible(clara, 'private writing');
	await notes(fay).getByRole('button', { name: 'How many are waiting?' }).click();
	await expect(fay.getByTestId('notes-pending')).toHaveText('2 from the client side, 1 from the supplier side');
	await notes(fay).getByLabel('Into').selectOption({ label: 'Goals' });
	await notes(fay).getByRole('button', { name: 'Reveal all notes' }).click();
	// The seeded board has four goals: the notes come in after them, in the order they were written.
	for (const p of all) {
		await expect(p.getByLabel('Goal 5', { exact: true })).toHaveValue('Halve the lead time of spare parts');
		await expect(p.getByLabel('Goal 6', { exact: true })).toHaveValue('One forecast for both companies');
		await expect(p.getByLabel('Goal 7', { exact: true })).toHaveValue('A joint quality dashboard');
	}

	// ---- step 2: a dot vote, results split by side ----
	await fay.getByRole('button', { name: 'Next step' }).click();
	for (const p of all) await expect(p.getByTestId('step-mode')).toHaveText('Vote');
	const [g1, g2] = [GOALS[0].text, GOALS[1].text];
	const vote = fay.getByTestId('vote-panel');
	await vote.getByRole('button', { name: 'New dot vote' }).click();
	await vote.getByLabel('Title').fill('What matters most?');
	await vote.getByRole('checkbox', { name: g1 }).check();
	await vote.getByRole('checkbox', { name: g2 }).check();
	await vote.getByLabel('Dots per person').fill('2');
	await vote.getByLabel('Max per item').fill('2');
	await vote.getByRole('button', { name: 'Open the vote' }).click();
	for (const p of clients) {
		await expect(p.getByTestId('dots-left')).toContainText('2 of 2');
		await p.getByRole('button', { name: `Add a dot to ${g1}` }).click();
		await p.getByRole('button', { name: `Add a dot to ${g1}` }).click();
		await expect(p.getByTestId('dots-left')).toContainText('0 of 2');
	}
	await sam.getByRole('button', { name: `Add a dot to ${g2}` }).click();
	await sam.getByRole('button', { name: `Add a dot to ${g2}` }).click();
	await expect(sam.getByTestId('dots-left')).toContainText('0 of 2');
	await expectAccessible(cleo, 'voting');
	await fay.getByRole('button', { name: 'Reveal results' }).click();
	for (const p of all) {
		const table = p.getByTestId('vote-results');
		// Client, supplier, total.
		await expect(table.getByRole('row', { name: new RegExp(escape(g1)) })).toHaveText(new RegExp(`${escape(g1)}\\s*4\\s*0\\s*4`));
		await expect(table.getByRole('row', { name: new RegExp(escape(g2)) })).toHaveText(new RegExp(`${escape(g2)}\\s*0\\s*2\\s*2`));
		await expect(p.getByTestId('vote-divergence')).toContainText(`The client side ranks “${g1}” first, the supplier side ranks it second.`);
	}
	await expectAccessible(clara, 'vote results');

	// ---- a decision, recorded by a client guest with who decided ----
	await tab(clara, 'Decisions').click();
	await clara.getByLabel('What was decided').fill('Pilot the shared forecast with the Lyon plant');
	await clara.getByRole('group', { name: 'Who decided' }).getByLabel(new RegExp(CLIENTS[0].name)).check();
	await clara.getByRole('button', { name: 'Record decision' }).click();
	await tab(fay, 'Decisions').click();
	await expect(fay.getByTestId('decision')).toHaveCount(1);
	await expect(fay.getByTestId('decision').getByTestId('deciders')).toContainText(`${CLIENTS[0].name} · Client`);

	// ---- step 3: the matrix, locked by the facilitator ----
	await fay.getByRole('button', { name: 'Next step' }).click();
	for (const p of all) await expectView(p, 'Positioning matrix');
	await fay.getByRole('button', { name: 'Lock the positioning matrix' }).click();
	for (const p of [sam, ...clients]) {
		await expect(p.getByTestId('lock-banner')).toContainText(/Locked by facilitator at \d{1,2}:\d{2}.* — only facilitators can change this/);
		await expect(p.getByTestId('matrix').getByRole('gridcell').first()).toBeDisabled();
	}
	// A locked view sits in a disabled fieldset, and axe counts nothing inside one as focusable; the
	// browser does: the matrix's scrolling box takes the focus while locked and scrolls by keyboard.
	const wrap = cleo.getByRole('region', { name: 'Positioning matrix, locked (scrolls)' });
	await wrap.focus();
	await expect(wrap).toBeFocused();
	await cleo.keyboard.press('ArrowDown');
	await cleo.keyboard.press('ArrowRight');
	await expect.poll(() => wrap.evaluate((el) => `${el.scrollLeft + el.scrollTop} ${el.scrollWidth - el.clientWidth} ${el.scrollHeight - el.clientHeight}`)).toMatch(/^[1-9]/);
	await expectAccessible(cleo, 'locked matrix', ['scrollable-region-focusable']);

	// ---- bring everyone here: those who wandered off come back ----
	await tab(sam, 'Initiatives').click();
	await tab(cleo, 'Stakeholders').click();
	await expectView(sam, 'Initiatives');
	await fay.getByRole('button', { name: 'Bring everyone here' }).click();
	for (const p of [sam, clara, cleo]) await expectView(p, 'Positioning matrix');
	await fay.getByRole('button', { name: 'Unlock the positioning matrix' }).click();
	await expect(clara.getByTestId('lock-banner')).toHaveCount(0);

	// ---- step 4, the end, and the summary: planned vs actual ----
	await fay.getByRole('button', { name: 'Next step' }).click();
	for (const p of all) await expectView(p, 'Actions');
	await fay.getByRole('button', { name: 'End agenda' }).click();
	await expect(fay.getByTestId('current-step')).toHaveCount(0);
	await tab(fay, 'Summary').click();
	const live = fay.getByTestId('summary-live');
	const steps = live.getByTestId('summary-step');
	await expect(steps).toHaveCount(4);
	for (const [i, title] of ['Goals in your own words', 'What matters most', 'Priorities per executive', 'Next steps'].entries()) {
		await expect(steps.nth(i)).toContainText(title);
		// Planned 5 min; actual well under it: finished early.
		await expect(steps.nth(i)).toHaveText(/5 min\s*\d+(\.\d)? min\s*−\d/);
	}
	await expect(live.getByTestId('summary-total')).toHaveText(/20 min\s*\d+(\.\d)? min\s*−\d/);
	await expect(live.getByTestId('summary-decision')).toContainText('Pilot the shared forecast with the Lyon plant');
	const votes = live.getByTestId('summary-votes');
	await expect(votes).toContainText('What matters most?');
	await expect(votes.getByRole('row', { name: new RegExp(escape(g1)) })).toHaveText(new RegExp(`${escape(g1)}\\s*4\\s*0`));
	await expect(votes.getByRole('row', { name: new RegExp(escape(g2)) })).toHaveText(new RegExp(`${escape(g2)}\\s*0\\s*2`));
	// Ending the agenda saved one; the client side reads it.
	await expect(fay.getByTestId('saved-summary')).toHaveCount(1);
	await tab(cleo, 'Summary').click();
	await expect(cleo.getByTestId('saved-summary')).toHaveCount(1);
	await expect(cleo.getByTestId('saved-summary').getByTestId('summary-decision')).toContainText('Pilot the shared forecast');
	await expectAccessible(fay, 'summary');
	await expectAccessible(cleo, 'saved summary');
});
