import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { contextFor, seedWorkshopBoard, CLIENTS, SPONSOR, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected, expectSaved } from './flows.ts';
import { parseCsv } from '../../src/lib/csv/parse.ts';
import { CRM_COLUMNS } from '../../src/lib/board/views/crmExport.ts';

// The engagement plan end to end: the facilitator links a client stakeholder to the client guest,
// records their channels and plans touch points; the guest corrects their own channels (and sees
// nothing of the supplier's plan); the coverage view flags gaps; the CRM export downloads with the
// documented Salesforce columns; the account page flags the overdue touch point.

const server = new ServerProcess();
let w: WorkshopBoard;
test.beforeAll(async () => {
	await server.start();
	w = seedWorkshopBoard(server.dbPath, server.origin);
});
test.afterAll(() => {
	w?.world.close();
	return server.dispose();
});

const SHOTS = '/tmp/engage-shots';
const c1 = CLIENTS[0];

async function blockingAxe(page: Page): Promise<string> {
	const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	return r.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`)
		.join('\n');
}

test('preferences, touch points, the client correcting their channels, coverage gaps, CRM export, overdue flag', async ({ browser }) => {
	const url = `${server.origin}/boards/${w.board.boardId}?view=engagement`;
	const fay = await (await contextFor(browser, w, 'facilitator')).newPage();
	await fay.goto(url);
	await expectConnected(fay);
	const card = fay.getByTestId(`engagement-${c1.id}`);

	// Nobody on our side engages anyone yet: every converging goal is a gap.
	await expect(fay.getByTestId('gap-unengaged-goal').first()).toBeVisible();

	// Link the stakeholder to the client guest, record channels, owner, notes, two touch points.
	await fay.getByTestId(`link-${c1.id}`).selectOption({ label: 'Client exec' });
	await card.getByRole('checkbox', { name: 'Email', exact: true }).check();
	await card.getByRole('checkbox', { name: 'Briefings', exact: true }).check();
	await card.getByRole('group', { name: /Relationship owners/ }).getByRole('checkbox', { name: SPONSOR.name }).check();
	await fay.getByTestId(`notes-${c1.id}`).fill('Prefers short notes — SUPPLIER-ONLY');
	await fay.getByTestId(`notes-${c1.id}`).blur();
	const plan = card.getByRole('form', { name: /Plan a touch point/ });
	await plan.getByLabel('Owner').selectOption({ label: SPONSOR.name });
	await plan.getByLabel('Channel').selectOption({ label: 'Briefings' });
	await plan.getByLabel('Purpose').fill('Roadmap briefing');
	await plan.getByLabel('Cadence').selectOption({ label: 'Quarterly' });
	await plan.getByLabel('Date').fill('2099-03-01');
	await plan.getByLabel('Function').selectOption({ label: 'Marketing' });
	await plan.getByRole('button', { name: 'Plan touch point' }).click();
	await plan.getByLabel('Owner').selectOption({ label: SPONSOR.name });
	await plan.getByLabel('Channel').selectOption({ label: 'Call' });
	await plan.getByLabel('Purpose').fill('Follow-up call');
	await plan.getByLabel('Date').fill('2020-01-15');
	await plan.getByRole('button', { name: 'Plan touch point' }).click();
	await expect(card.getByRole('table', { name: /Touch points/ })).toContainText('Roadmap briefing');
	await expect(card.getByText('overdue')).toBeVisible();
	// The coverage view: the overdue one, and the call planned off the person's channels.
	await expect(fay.getByTestId('gap-overdue')).toContainText(c1.name);
	await expect(fay.getByTestId('gap-off-channel')).toContainText('Call');
	await expect(fay.getByTestId('coverage').getByRole('table')).toContainText('Owner · Call, Briefings');

	// The client guest: their own card only, their channels, nothing of the supplier's plan.
	const clara = await (await contextFor(browser, w, 'clientGuest')).newPage();
	await clara.goto(url);
	await expectConnected(clara);
	const own = clara.getByTestId(`engagement-${c1.id}`);
	await expect(own.getByRole('checkbox', { name: 'Email', exact: true })).toBeChecked();
	await expect(clara.getByTestId(`engagement-${CLIENTS[1].id}`)).toHaveCount(0);
	await own.getByRole('checkbox', { name: 'Email', exact: true }).uncheck();
	await own.getByRole('checkbox', { name: 'Call', exact: true }).check();
	const html = await clara.content();
	for (const secret of ['Roadmap briefing', 'Follow-up call', 'SUPPLIER-ONLY', SPONSOR.name]) expect(html).not.toContain(secret);
	await expect(clara.getByTestId('coverage')).toHaveCount(0);
	expect(await blockingAxe(clara), 'client guest: serious or critical axe violations').toBe('');

	// The facilitator sees the correction; the call is no longer off-channel.
	await expect(card.getByRole('checkbox', { name: 'Call', exact: true })).toBeChecked();
	await expect(card.getByRole('checkbox', { name: 'Email', exact: true })).not.toBeChecked();
	await expect(fay.getByTestId('gap-off-channel')).toHaveCount(0);
	expect(await blockingAxe(fay), 'facilitator: serious or critical axe violations').toBe('');

	// CRM export: the files download with the documented Salesforce columns.
	for (const [file, columns] of [['AccountPlanObjective', CRM_COLUMNS.AccountPlanObjective], ['Task', CRM_COLUMNS.Task], ['Contact', CRM_COLUMNS.Contact]] as const) {
		const [download] = await Promise.all([fay.waitForEvent('download'), fay.getByTestId(`crm-${file}`).click()]);
		expect(download.suggestedFilename()).toBe(`${file}.csv`);
		const parsed = parseCsv(await readFile((await download.path())!, 'utf8'));
		expect(parsed.header).toEqual([...columns]);
		if (file === 'Contact') expect(parsed.rows.map((r) => `${r.cells[0]} ${r.cells[1]}`.trim())).toContain(c1.name);
	}
	await fay.getByLabel(/Include internal fields/).check();
	const [tasks] = await Promise.all([fay.waitForEvent('download'), fay.getByTestId('crm-Task').click()]);
	expect(await readFile((await tasks.path())!, 'utf8')).toContain('Roadmap briefing');

	for (const [width, height] of [[1440, 900], [1180, 820], [1024, 768]]) {
		await fay.setViewportSize({ width, height });
		await fay.screenshot({ path: `${SHOTS}/engagement-supplier-${width}.png`, fullPage: true });
		await clara.setViewportSize({ width, height });
		await clara.screenshot({ path: `${SHOTS}/engagement-client-${width}.png`, fullPage: true });
	}

	// Importing contacts: a preview with the duplicate and the bad row named by line, then the new one added.
	await fay.setViewportSize({ width: 1440, height: 900 });
	await fay.getByTestId('contacts-file').setInputFiles({
		name: 'contacts.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`\uFEFFName;Title;Department;Email\r\n"Nora Quist";"VP; Supply chain";operations;nora@acme.test\r\n\r\n${c1.name};COO;operations;\r\n;CFO;finance;x@acme.test\r\n`)
	});
	await expect(fay.getByTestId('import-counts')).toHaveText('1 to add, 1 already on the board, 1 with errors.');
	await expect(fay.getByRole('table', { name: 'Import preview' })).toContainText('Line 5: no name.');
	await fay.getByRole('button', { name: 'Add 1 contact' }).click();
	await expect(fay.getByRole('heading', { name: /Nora Quist/ })).toBeVisible();

	// The summary view: touch points agreed, for the supplier side only.
	await expectSaved(fay);
	await fay.goto(`${server.origin}/boards/${w.board.boardId}?view=summary`);
	await expect(fay.getByTestId('summary-live').getByTestId('summary-touch-points')).toContainText('Touch points agreed');
	await clara.goto(`${server.origin}/boards/${w.board.boardId}?view=summary`);
	await expect(clara.getByTestId('summary-live')).toBeVisible();
	await expect(clara.getByTestId('summary-touch-points')).toHaveCount(0);

	// The account's boards list flags the overdue touch point.
	await fay.goto(`${server.origin}/accounts/${w.world.accountId}`);
	await expect(fay.getByTestId('overdue-touch-points')).toHaveText('1 overdue touch point');
});
