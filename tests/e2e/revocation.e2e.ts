import { test, expect } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectGoals, signUp } from './flows.ts';

// The periodic access sweep is pushed out of reach, so what closes the guest's socket here is the
// app telling the sync server at once (the live hub), as it does in production.
const server = new ServerProcess({ SYNC_ACCESS_RECHECK_MS: '600000' });
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

test("revoking a guest's link closes their connection at once and keeps them out", async ({ browser }) => {
	const fac = await (await browser.newContext()).newPage();
	await signUp(fac, server.origin, { name: 'Fay Facilitator', email: 'fay@supplier.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(fac, { workspace: 'Fay team', account: 'Hooli', board: 'Advisory' });
	await expectConnected(fac);
	await addGoal(fac, 'Open a plant in Mexico');
	// Stored by the server before the page is left: otherwise the goal can stay in this browser only.
	await expectGoals(fac, ['Open a plant in Mexico']);
	await expect(fac.getByTestId('connection-status')).toContainText('Saved');
	await fac.goto(`${boardUrl}/people`);
	await fac.getByLabel('Side').selectOption('client');
	await fac.getByLabel('Label (optional)').fill('Hooli execs');
	await fac.getByRole('button', { name: 'Create invite link' }).click();
	const link = await fac.getByTestId('invite-url').inputValue();

	const guest = await (await browser.newContext()).newPage();
	await guest.goto(link);
	await guest.getByLabel('Your name').fill('Gus Guest');
	await guest.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(guest);
	await expectGoals(guest, ['Open a plant in Mexico']);

	await fac.reload();
	await fac.getByTestId('invite-row').filter({ hasText: 'Hooli execs' }).getByRole('button', { name: 'Revoke' }).click();
	await expect(fac.getByRole('status')).toContainText('Link revoked');

	await expect(guest.getByTestId('connection-status')).toHaveAttribute('data-state', 'no-access', { timeout: 5_000 });
	await expect(guest.getByRole('alert')).toContainText(/access/i);
	await guest.reload();
	await expect(guest.getByRole('heading', { name: /Sign in/ })).toBeVisible();
	await fac.goto(link);
	await expect(fac.getByRole('alert')).toContainText('revoked');
});
