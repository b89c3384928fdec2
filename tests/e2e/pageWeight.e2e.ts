import { test, expect } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World } from '../integration/helpers/seed.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { recordJs, sum } from '../bench/pageWeight.ts';
import { expectConnected } from './flows.ts';

// Issue #10's budget: the board page's JavaScript without the canvas is at most 100 KB brotli, on a
// cold load of any view (bytes, so the check does not depend on the machine's load). Bench
// scenario 8 reports the same figure.
const BUDGET = 100_000;
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

for (const view of ['goals', 'decisions', 'lists']) {
	test(`board page JS on a cold load of the ${view} view is within 100 KB brotli`, async ({ browser }) => {
		const b = world.addBoard();
		for (const who of ['facilitator', 'participant'] as const) {
			const context = await browser.newContext();
			await context.addCookies([{ name: SESSION_COOKIE, value: b.tokens[who], url: server.origin }]);
			const page = await context.newPage();
			const js = recordJs(page);
			await page.goto(`${server.origin}/boards/${b.boardId}?view=${view}`);
			await expectConnected(page);
			await expect(page.getByTestId('view-loading')).toHaveCount(0);
			await page.waitForLoadState('networkidle');
			const files = await js.take();
			expect(sum(files), `${who}: ${files.map((f) => `${f.path} ${f.brotli}`).join(', ')}`).toBeLessThanOrEqual(BUDGET);
			await context.close();
		}
	});
}
