import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { ServerProcess } from '../integration/helpers/server.ts';
import { boards } from '../../src/lib/server/db/schema.ts';
import { contextFor, PEOPLE, seedWorkshopBoard, type Person, type WorkshopBoard } from './workshopBoard.ts';
import { expectConnected } from './flows.ts';

// axe-core on every page and every board view, for each role and side. Any violation fails the
// test, whatever its impact: the last moderate and minor ones (region and skip-link from a skip link
// without a target, empty-table-header on the People page) are fixed, so none can come back
// unnoticed. All findings are attached to the report.

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

interface Finding {
	page: string;
	rule: string;
	impact: string;
	help: string;
	targets: string[];
}

async function audit(page: Page, name: string): Promise<Finding[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	return results.violations.map((v) => ({
		page: name,
		rule: v.id,
		impact: v.impact ?? 'unknown',
		help: v.help,
		targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
	}));
}

const viewsFor = (who: Person) => ['goals', 'stakeholders', 'matrix', 'scorecard', ...(who === 'clientGuest' ? [] : ['where-to-help']), 'initiatives', 'actions', 'engagement', 'lists', 'decisions', 'parking-lot', 'summary'];

for (const who of PEOPLE) {
	test(`no axe violation of any impact on any page or board view: ${who}`, async ({ browser }, info) => {
		// Every page and board view in turn: on a loaded 2-core machine this takes well over the default minute.
		test.setTimeout(240_000);
		const page = await (await contextFor(browser, w, who)).newPage();
		const boardPath = `/boards/${w.board.boardId}`;
		const accountId = w.world.db.select().from(boards).all().find((b) => b.id === w.board.boardId)!.accountId;
		const findings: Finding[] = [];
		const pages: [string, string][] =
			who === 'clientGuest'
				? [
						['people', `${boardPath}/people`],
						['history', `${boardPath}/history`]
					]
				: [
						['home', '/'],
						['account', `/accounts/${accountId}`],
						['workspace', '/workspace'],
						['people', `${boardPath}/people`],
						['history', `${boardPath}/history`]
					];
		for (const [name, path] of pages) {
			const res = await page.goto(server.origin + path);
			if (res!.status() >= 400) continue; // a page this person may not open is not theirs to audit
			await expect(page.locator('h1').first()).toBeVisible();
			findings.push(...(await audit(page, name)));
		}
		for (const view of viewsFor(who)) {
			await page.goto(`${server.origin}${boardPath}?view=${view}`);
			await expectConnected(page);
			await expect(page.getByRole('navigation', { name: 'Board views' }).locator('[aria-current="page"]')).toBeVisible();
			findings.push(...(await audit(page, `board: ${view}`)));
		}
		if (who === 'facilitator') {
			const anon = await (await browser.newContext()).newPage();
			for (const path of ['/signin', '/signup']) {
				await anon.goto(server.origin + path);
				findings.push(...(await audit(anon, path)));
			}
		}
		const lines = (fs: Finding[]) => fs.map((f) => `[${f.impact}] ${f.page}: ${f.rule} — ${f.help} (${f.targets.join(', ')})`).join('\n');
		await info.attach(`axe-${who}.json`, { body: JSON.stringify(findings, null, 2), contentType: 'application/json' });
		expect(lines(findings), 'axe violations of any impact').toBe('');
	});
}
