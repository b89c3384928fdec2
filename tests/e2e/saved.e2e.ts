import { test, expect } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, signUp } from './flows.ts';

const server = new ServerProcess();
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

test('the header says Saved only after the server stored the change, and leaves Connected within 5 s of a stalled server', async ({ browser }) => {
	const page = await (await browser.newContext()).newPage();
	await signUp(page, server.origin, { name: 'Sam Saved', email: 'sam@supplier.test' });
	await createWorkspaceAccountAndBoard(page, { workspace: 'Sam team', account: 'Globex', board: 'Saved check' });
	await expectConnected(page);
	const status = page.getByTestId('connection-status');
	await addGoal(page, 'Stored for sure');
	await expect(status).toContainText('Saved');
	// As rendered (innerText), not only as in the DOM: the space before "·" once got lost in layout.
	await expect.poll(() => status.evaluate((el) => (el as HTMLElement).innerText.trim())).toBe('Connected · Saved');

	// A stalled server keeps the socket open but sends nothing: no heartbeat for 5 s.
	server.signal('SIGSTOP');
	try {
		const stoppedAt = Date.now();
		await expect(status).not.toHaveAttribute('data-state', 'connected', { timeout: 7_000 });
		expect(Date.now() - stoppedAt).toBeLessThan(7_000);
		await addGoal(page, 'Typed while stalled');
		await expect(status).toContainText(/\d+ changes? not yet saved/);
	} finally {
		server.signal('SIGCONT');
	}
	await expectConnected(page);
	await expect(status).toContainText('Saved');

	// The browser's offline event is reflected at once.
	await page.context().setOffline(true);
	await expect(status).toHaveAttribute('data-state', 'offline');
	await page.context().setOffline(false);
	await expectConnected(page);
});
