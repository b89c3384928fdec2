import { test, expect, type Page } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import { addStep, deleteStep, readAgenda } from '../../src/lib/board/doc/agenda.ts';
import { contextFor, CLIENTS, seedWorkshopBoard, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';

// A short session: two agenda steps started and ended, a decision and a parked item from the client
// guest, an action from the facilitator. The summary shows planned vs actual, the decision, the
// action and the contributions split by side; after "Save summary" the client guest sees it saved.

const server = new ServerProcess();
let w: WorkshopBoard;
test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
	editDoc(w.world.db, w.board.boardId, 'shared', (doc) => {
		for (const s of readAgenda(doc)) deleteStep(doc, s.id);
		addStep(doc, 'st-goals', { title: 'Review the goals', minutes: 5, view: 'goals', mode: 'discuss' });
		addStep(doc, 'st-actions', { title: 'Agree the actions', minutes: 10, view: 'actions', mode: 'decide' });
	});
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

/** A summary row that ended early: "<label> <planned> min <actual> min −<planned − actual> min". */
function endedEarly(label: string, planned: number): RegExp {
	const rows = Array.from({ length: planned }, (_, actual) => `${actual} min\\s*−${planned - actual} min`);
	return new RegExp(`^\\s*${label}\\s*${planned} min\\s*(${rows.join('|')})\\s*$`);
}
const tab = (page: Page, label: string) => page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name: label, exact: true });

test('the summary of a short session, and the saved one on the client side', async ({ browser }) => {
	const boardUrl = `${server.origin}/boards/${w.board.boardId}`;
	const fay = await (await contextFor(browser, w, 'facilitator')).newPage();
	const clara = await (await contextFor(browser, w, 'clientGuest')).newPage();
	for (const p of [fay, clara]) {
		await p.goto(boardUrl);
		await expectConnected(p);
	}

	await fay.getByRole('button', { name: 'Start the agenda' }).click();
	await expect(fay.getByTestId('current-step')).toContainText('Review the goals');

	// The client guest parks an item and records a decision.
	await tab(clara, 'Parking lot').click();
	await clara.getByLabel('Park an item').fill('Pricing for the second plant');
	await clara.getByRole('button', { name: 'Park', exact: true }).click();
	await tab(clara, 'Decisions').click();
	await clara.getByLabel('What was decided').fill('Start the pilot in Q2');
	await clara.getByRole('button', { name: 'Record decision' }).click();
	await expect(clara.getByTestId('decision')).toHaveCount(1);

	// The facilitator moves on and adds an action with an owner.
	await fay.getByRole('button', { name: 'Next step' }).click();
	await expect(fay.getByTestId('current-step')).toContainText('Agree the actions');
	await tab(fay, 'Initiatives').click();
	await fay.getByLabel('New action for initiative 1').fill('Book the pilot site');
	await fay.getByLabel('Owner of the new action').selectOption({ index: 1 });
	await fay.getByRole('button', { name: 'Add action' }).click();
	await fay.getByRole('button', { name: 'End agenda' }).click();
	await expect(fay.getByTestId('current-step')).toHaveCount(0);

	await tab(fay, 'Summary').click();
	const live = fay.getByTestId('summary-live');
	const steps = live.getByTestId('summary-step');
	await expect(steps).toHaveCount(2);
	// Both steps ended early: planned, actual, and the overrun that is their difference (the actual
	// minutes are how long this test took, more than 30 s on a busy machine).
	await expect(steps.nth(0)).toHaveText(endedEarly('Review the goals', 5));
	await expect(steps.nth(1)).toHaveText(endedEarly('Agree the actions', 10));
	await expect(live.getByTestId('summary-total')).toHaveText(endedEarly('Steps that ran', 15));
	await expect(live.getByTestId('summary-decision')).toHaveText(/Start the pilot in Q2/);
	await expect(live.getByTestId('summary-action')).toContainText('Book the pilot site');
	await expect(live.getByTestId('summary-action')).toContainText(CLIENTS[0].name);
	await expect(live.getByTestId('summary-parked-open')).toContainText('Pricing for the second plant');
	await expect(live.getByTestId('summary-votes')).toContainText('No votes in this session');
	// Client: a parked item and a decision; supplier: one action.
	await expect(live.getByTestId('contrib-item')).toHaveText(/Items added\s*2\s*1\s*0/);
	await expect(live.getByTestId('summary-shares')).toHaveText(/Client 67%\s*Supplier 33%/);
	// Ending the agenda saved one already.
	await expect(fay.getByTestId('saved-summary')).toHaveCount(1);
	await expect(fay.getByTestId('saved-summary')).toContainText('agenda ended');

	await fay.getByRole('button', { name: 'Save summary' }).click();
	await expect(fay.getByTestId('saved-summary')).toHaveCount(2);

	// The client guest sees both saved summaries, and cannot save one.
	await tab(clara, 'Summary').click();
	await expect(clara.getByTestId('saved-summary')).toHaveCount(2);
	const newest = clara.getByTestId('saved-summary').first();
	await expect(newest).toContainText('saved by');
	await expect(newest.getByTestId('summary-decision')).toHaveText(/Start the pilot in Q2/);
	await expect(newest.getByTestId('summary-action')).toContainText('Book the pilot site');
	await expect(newest.getByTestId('summary-shares')).toHaveText(/Client 67%\s*Supplier 33%/);
	await expect(clara.getByRole('button', { name: 'Save summary' })).toHaveCount(0);

	for (const [width, height] of [
		[1440, 900],
		[1024, 768]
	]) {
		await fay.setViewportSize({ width, height });
		await fay.screenshot({ path: test.info().outputPath(`summary-${width}.png`), fullPage: true });
	}
});
