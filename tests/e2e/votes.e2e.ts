import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import { contextFor, GOALS, seedWorkshopBoard, type Person, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';
import { addStep } from '../../src/lib/board/doc/agenda.ts';
import { startStep } from '../../src/lib/board/doc/session.ts';
import * as Y from 'yjs';
import { loadDoc } from '../../src/lib/server/docStore.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { readInitiatives } from '../../src/lib/board/doc/initiatives.ts';
import { addItemList } from '../../src/lib/board/doc/itemLists.ts';

// A dot vote with the results split by side, and private writing revealed into a list, with three
// people in three browsers; the new panels pass axe.

const server = new ServerProcess();
let w: WorkshopBoard;
test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
	// Written before anyone opens the board (the live room would not see later direct writes).
	editDoc(w.world.db, w.board.boardId, 'shared', (doc) => {
		addItemList(doc, { id: 'l-ideas', title: 'Ideas' });
		addStep(doc, 'st-vote', { title: 'Vote on goals', minutes: 10, view: 'goals', mode: 'vote' });
		addStep(doc, 'st-private', { title: 'Write alone', minutes: 5, view: 'lists', mode: 'private' });
		startStep(doc, 'st-vote', Date.now());
	});
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

async function openAs(browser: import('@playwright/test').Browser, who: Person, view: string): Promise<Page> {
	const page = await (await contextFor(browser, w, who)).newPage();
	await page.goto(`${w.origin}/boards/${w.board.boardId}?view=${view}`);
	await expectConnected(page);
	return page;
}

/** axe on the new panels (the running timer's own controls are the agenda's, audited there). */
async function expectNoSeriousAxe(page: Page, testId: string) {
	const results = await new AxeBuilder({ page }).include(`[data-testid="${testId}"]`).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const [g1, g2] = [GOALS[0].text, GOALS[1].text];

test('a dot vote: dots stay private, the reveal shows the totals by side and where the sides differ', async ({ browser }) => {
	const fay = await openAs(browser, 'facilitator', 'goals');
	await fay.getByRole('button', { name: 'New dot vote' }).click();
	await fay.getByLabel('Title').fill('Which goals matter most?');
	await fay.getByRole('checkbox', { name: g1 }).check();
	await fay.getByRole('checkbox', { name: g2 }).check();
	await fay.getByLabel('Dots per person').fill('3');
	await fay.getByLabel('Max per item').fill('2');
	await fay.getByRole('button', { name: 'Open the vote' }).click();
	await expect(fay.getByTestId('vote-panel')).toContainText('Which goals matter most?');

	const sam = await openAs(browser, 'participant', 'goals');
	const clara = await openAs(browser, 'clientGuest', 'goals');
	await expect(clara.getByTestId('dots-left')).toContainText('3 of 3');
	await clara.getByRole('button', { name: `Add a dot to ${g1}` }).click();
	await clara.getByRole('button', { name: `Add a dot to ${g1}` }).click();
	await expect(clara.getByTestId('dots-left')).toContainText('1 of 3');
	// The per-item maximum holds in the interface too (the server refuses it anyway).
	await expect(clara.getByRole('button', { name: `Add a dot to ${g1}` })).toBeDisabled();
	await sam.getByRole('button', { name: `Add a dot to ${g2}` }).click();
	await sam.getByRole('button', { name: `Add a dot to ${g2}` }).click();
	await sam.getByRole('button', { name: `Add a dot to ${g1}` }).click();
	await expect(sam.getByTestId('dots-left')).toContainText('0 of 3');
	await expectNoSeriousAxe(clara, 'vote-panel');
	await expectNoSeriousAxe(fay, 'vote-panel');

	await fay.getByRole('button', { name: 'Who has voted?' }).click();
	await expect(fay.getByTestId('vote-progress')).toContainText('Client exec (client side): 2 used, 1 left');
	await fay.getByRole('button', { name: 'Reveal results' }).click();

	for (const page of [fay, sam, clara]) {
		const table = page.getByTestId('vote-results');
		await expect(table.getByRole('row', { name: new RegExp(g1.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')) })).toContainText('213');
		await expect(table.getByRole('row', { name: new RegExp(g2.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')) })).toContainText('022');
		await expect(page.getByTestId('vote-divergence')).toContainText(`The client side ranks “${g1}” first, the supplier side ranks it second.`);
	}
	await expectNoSeriousAxe(clara, 'vote-panel');
	await fay.getByRole('button', { name: 'Add top items as initiatives' }).click();
	await expect
		.poll(() => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, loadDoc(w.world.db, docName(w.board.boardId, 'shared'))!);
			return readInitiatives(doc).map((i) => i.title);
		})
		.toEqual(expect.arrayContaining([g1, g2]));
	// …and, for the facilitator only, as the session's next agenda steps, in one move.
	await expect(sam.getByRole('button', { name: 'Add top items to the agenda' })).toHaveCount(0);
	await expect(clara.getByRole('button', { name: 'Add top items to the agenda' })).toHaveCount(0);
	await fay.getByRole('button', { name: 'Add top items to the agenda' }).click();
	await fay.getByRole('button', { name: 'Agenda', exact: true }).click();
	const steps = fay.getByTestId('agenda-panel').getByTestId('agenda-step');
	await expect(steps).toHaveCount(4);
	await expect(fay.getByLabel('Title of step 3')).toHaveValue(g1);
	await expect(fay.getByLabel('Title of step 4')).toHaveValue(g2);
	await fay.screenshot({ path: test.info().outputPath('vote-to-agenda.png'), fullPage: true });
});

test('a parked item becomes an agenda step in one move, for the facilitator only', async ({ browser }) => {
	const fay = await openAs(browser, 'facilitator', 'parking-lot');
	const sam = await openAs(browser, 'participant', 'parking-lot');
	// Both follow the agenda, whose running step opened another view: go to the parking lot.
	for (const p of [fay, sam]) await p.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name: 'Parking lot' }).click();
	await fay.getByLabel('Park an item').fill('Pricing for the second plant');
	await fay.getByRole('button', { name: 'Park', exact: true }).click();
	await expect(sam.getByTestId('parked-item')).toHaveCount(1);
	await expect(sam.getByRole('button', { name: 'Move to agenda' })).toHaveCount(0);
	await expectNoSeriousAxe(fay, 'parked-item');
	await fay.getByRole('button', { name: 'Move to agenda' }).click();
	await expect(sam.getByTestId('moved-item')).toContainText('Pricing for the second plant → agenda');
	await sam.getByRole('button', { name: 'Agenda', exact: true }).click();
	await expect(sam.getByTestId('agenda-step').last()).toContainText('Pricing for the second plant');
	// One Ctrl+Z undoes both: the step and the move.
	await fay.keyboard.press('Control+z');
	await expect(sam.getByTestId('parked-item')).toHaveCount(1);
	await expect(sam.getByTestId('agenda-step').filter({ hasText: 'Pricing for the second plant' })).toHaveCount(0);
});

test('private writing: notes stay with their author, then the facilitator reveals them into a list', async ({ browser }) => {
	const fay = await openAs(browser, 'facilitator', 'lists');
	await fay.getByRole('button', { name: 'Next step' }).click();
	await expect(fay.getByTestId('current-step')).toContainText('Write alone');
	const sam = await openAs(browser, 'participant', 'lists');
	const clara = await openAs(browser, 'clientGuest', 'lists');
	const note = clara.getByTestId('private-notes');
	await note.getByLabel('Your note').fill('Clara’s secret idea');
	await note.getByRole('button', { name: 'Add note' }).click();
	await expect(clara.getByTestId('my-notes')).toContainText('Clara’s secret idea');
	await sam.getByTestId('private-notes').getByLabel('Your note').fill('Sam’s idea');
	await sam.getByTestId('private-notes').getByRole('button', { name: 'Add note' }).click();
	await expect(sam.getByTestId('my-notes')).toContainText('Sam’s idea');
	await expect(sam.getByTestId('my-notes')).not.toContainText('Clara');
	await expectNoSeriousAxe(clara, 'private-notes');
	await expectNoSeriousAxe(fay, 'private-notes');

	await fay.getByRole('button', { name: 'How many are waiting?' }).click();
	await expect(fay.getByTestId('notes-pending')).toHaveText('1 from the client side, 1 from the supplier side');
	await fay.getByLabel('Into').selectOption({ label: 'List: Ideas' });
	await fay.getByRole('button', { name: 'Reveal all notes' }).click();
	for (const page of [fay, sam, clara]) {
		await expect(page.getByLabel('Ideas item 1', { exact: true })).toHaveValue('Clara’s secret idea');
		await expect(page.getByLabel('Ideas item 2', { exact: true })).toHaveValue('Sam’s idea');
	}
	await expect(clara.getByTestId('my-notes')).toContainText('No notes yet');
});
