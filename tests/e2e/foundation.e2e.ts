import { test, expect, type Browser } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World } from '../integration/helpers/seed.ts';
import { addBoardRow, session } from '../integration/helpers/cast.ts';
import { addGoal, createWorkspaceAccountAndBoard, expectConnected, expectGoals, expectSaved, goalInputs, pageWithSession, signUp } from './flows.ts';

const server = new ServerProcess();
let world: World;
test.beforeAll(async () => {
	await server.start();
	world = new World(server.dbPath);
});
test.afterAll(() => {
	world?.close();
	return server.dispose();
});

async function newPage(browser: Browser) {
	const context = await browser.newContext();
	return context.newPage();
}

/**
 * The seeded facilitator on a new board of their own, written to the database: signing up and
 * setting up a workspace through the forms is the first test's business, not the later ones'.
 */
async function facilitatorOnNewBoard(browser: Browser) {
	// The template the board form picks unless told otherwise, as when this was done through the UI.
	const facilitator = { userId: world.userId('facilitator') };
	const boardId = addBoardRow(world.db, world.accountId, facilitator.userId, 'Board', 'joint-planning');
	const page = await pageWithSession(browser, server.origin, session(world.db, facilitator));
	const boardUrl = `${server.origin}/boards/${boardId}`;
	await page.goto(boardUrl);
	return { page, boardUrl };
}

test('two colleagues co-edit goals live, and nothing is lost on reload or server restart; a client guest joins by link', async ({ browser }) => {
	const origin = server.origin;

	// Alice sets up the team, a customer account and a board.
	const alice = await newPage(browser);
	await signUp(alice, origin, { name: 'Alice Account', email: 'alice@supplier.test' });
	const boardUrl = await createWorkspaceAccountAndBoard(alice, { workspace: 'Supplier Key Accounts', account: 'ACME Industries', board: 'FY27 joint plan' });

	// She invites Bob to the workspace.
	await alice.goto(`${origin}/workspace`);
	await alice.getByRole('button', { name: 'Create invite link' }).click();
	const workspaceInvite = await alice.getByTestId('invite-url').inputValue();
	expect(workspaceInvite).toMatch(/\/join\/[a-z0-9]+$/);

	// Bob opens the link, signs up and joins.
	const bob = await newPage(browser);
	await bob.goto(workspaceInvite);
	await bob.getByRole('link', { name: 'Create an account to join' }).click();
	await bob.getByLabel('Your name').fill('Bob Builder');
	await bob.getByLabel('Work email').fill('bob@supplier.test');
	await bob.getByLabel('Password').fill('correct horse battery');
	await bob.getByRole('button', { name: 'Create account' }).click();
	await bob.getByRole('button', { name: 'Join Supplier Key Accounts' }).click();
	await expect(bob.getByRole('link', { name: 'FY27 joint plan' })).toBeVisible();

	// Both on the board.
	await alice.goto(boardUrl);
	await bob.getByRole('link', { name: 'FY27 joint plan' }).click();
	await expectConnected(alice);
	await expectConnected(bob);
	await expect(alice.getByTestId('presence').locator('li')).toHaveCount(2);

	// Alice adds a goal; Bob sees it.
	await addGoal(alice, 'Grow EU revenue by 20%');
	await expectGoals(bob, ['Grow EU revenue by 20%']);

	// Both type into the same goal at once: both edits survive.
	const aliceGoal = goalInputs(alice).first();
	const bobGoal = goalInputs(bob).first();
	await aliceGoal.click();
	await aliceGoal.press('Home');
	await aliceGoal.pressSequentially('FY27: ');
	await bobGoal.click();
	await bobGoal.press('End');
	await bobGoal.pressSequentially(' in two years');
	const merged = 'FY27: Grow EU revenue by 20% in two years';
	await expectGoals(alice, [merged]);
	await expectGoals(bob, [merged]);

	// Attribution shows who added it.
	await expect(bob.getByTestId('goal-item').first()).toContainText('Alice Account');

	// Reload: still there.
	await bob.reload();
	await expectConnected(bob);
	await expectGoals(bob, [merged]);

	// Server restart: clients reconnect, the goal is still there, and new edits flow again.
	await server.restart();
	await expectConnected(alice);
	await expectConnected(bob);
	await addGoal(bob, 'Halve order lead time');
	await expectGoals(alice, [merged, 'Halve order lead time']);
	await expectSaved(alice);
	await alice.reload();
	await expectConnected(alice);
	await expectGoals(alice, [merged, 'Halve order lead time']);

	// Reorder with the keyboard (Alt+Down) is seen by Bob.
	await goalInputs(alice).first().click();
	await goalInputs(alice).first().press('Alt+ArrowDown');
	await expectGoals(bob, ['Halve order lead time', merged]);

	// Alice creates a client-side invite link; Clara joins without an account and sees the goals.
	await expectSaved(alice);
	await alice.goto(`${boardUrl}/people`);
	await alice.getByLabel('Side').selectOption('client');
	await alice.getByLabel('Role', { exact: true }).selectOption('participant');
	await alice.getByLabel('Label (optional)').fill('ACME executives');
	await alice.getByRole('button', { name: 'Create invite link' }).click();
	const boardInvite = await alice.getByTestId('invite-url').inputValue();
	expect(boardInvite).toMatch(/\/invite\/[a-z0-9]+$/);

	const clara = await newPage(browser);
	await clara.goto(boardInvite);
	await clara.getByLabel('Your name').fill('Clara Chief');
	await clara.getByLabel('Title (optional)').fill('COO');
	await clara.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(clara);
	await expectGoals(clara, ['Halve order lead time', merged]);
	await expect(clara.getByText('client side · participant')).toBeVisible();

	// The facilitator sees Clara on the client side, online.
	await alice.reload();
	const claraRow = alice.getByTestId('guest-row').filter({ hasText: 'Clara Chief' });
	await expect(claraRow).toContainText('client');
	await expect(claraRow).toContainText('online');
});

test('an observer link gives a read-only board', async ({ browser }) => {
	const origin = server.origin;
	const { page: fac, boardUrl } = await facilitatorOnNewBoard(browser);
	await expectConnected(fac);
	await addGoal(fac, 'Enter the APAC market');
	await expectSaved(fac);
	await fac.goto(`${boardUrl}/people`);
	await fac.getByLabel('Side').selectOption('client');
	await fac.getByLabel('Role', { exact: true }).selectOption('observer');
	await fac.getByRole('button', { name: 'Create invite link' }).click();
	const link = await fac.getByTestId('invite-url').inputValue();

	const obs = await newPage(browser);
	await obs.goto(link);
	await obs.getByLabel('Your name').fill('Oscar Observer');
	await obs.getByRole('button', { name: 'Join the board' }).click();
	await expectConnected(obs);
	await expectGoals(obs, ['Enter the APAC market']);
	await expect(obs.getByText('You are an observer on this board')).toBeVisible();
	await expect(obs.getByLabel('New goal')).toHaveCount(0);
	await expect(goalInputs(obs).first()).toHaveAttribute('readonly', '');
});

test('edits made while the server is unreachable are counted, kept and merged on reconnect', async ({ browser }) => {
	const origin = server.origin;
	const { page: alice, boardUrl } = await facilitatorOnNewBoard(browser);
	await expectConnected(alice);
	await addGoal(alice, 'Keep the plant running');

	await server.stop();
	await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-state', /reconnecting|offline/);
	await addGoal(alice, 'Added while offline');
	await goalInputs(alice).first().fill('Keep the plant running 24/7');
	await expect(alice.getByTestId('connection-status')).toContainText(/\d+ changes? not yet saved/);
	await expectGoals(alice, ['Keep the plant running 24/7', 'Added while offline']);

	await server.start();
	await expectConnected(alice);
	await expect(alice.getByTestId('connection-status')).toContainText('Saved');
	await expect(alice.getByTestId('connection-status')).not.toContainText('not yet saved');

	// A fresh browser (same account, empty IndexedDB) gets what was typed offline from the server.
	const { cookies } = await alice.context().storageState();
	const other = await (await browser.newContext({ storageState: { cookies, origins: [] } })).newPage();
	await other.goto(boardUrl);
	await expectConnected(other);
	await expectGoals(other, ['Keep the plant running 24/7', 'Added while offline']);
});
