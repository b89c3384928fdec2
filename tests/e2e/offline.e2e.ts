import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import * as Y from 'yjs';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { openClient, waitFor } from '../integration/helpers/clients.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { noteText } from '../fixtures/notes.ts';
import { loadDoc } from '../../src/lib/server/docStore.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { addGoal, expectConnected, expectGoals, goalInputs } from './flows.ts';
import { addGoal as addGoalToDoc } from '../../src/lib/board/doc/goals.ts';

// Part 5 of #15: a reload sends only what the server lacks, and a board opens, is edited and
// syncs after a reload without a network.
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

async function signedIn(context: BrowserContext, token: string): Promise<Page> {
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.origin }]);
	return context.newPage();
}

/** `count` goals of `chars` characters each, written by a Node client and stored by the server. */
async function seedGoals(b: SeededBoard, count: number, chars: number) {
	const room = docName(b.boardId, 'shared');
	const c = openClient(server, room, b.tokens.facilitator);
	await c.synced();
	for (let i = 0; i < count; i++) noteText(c.doc, `g-seed-${i}`).insert(0, `seed ${i} `.padEnd(chars, 'x'));
	await waitFor(() => {
		const stored = new Y.Doc();
		const state = loadDoc(world.db, room);
		if (state) Y.applyUpdate(stored, state);
		return stored.getMap('goals').size === count;
	}, 'seeded goals stored', 20_000);
	c.destroy();
}

test('a reload sends only what the server lacks, not the whole local copy', async ({ browser }) => {
	const b = world.addBoard();
	await seedGoals(b, 100, 3_000); // about 300 kB
	const context = await browser.newContext();
	const page = await signedIn(context, b.tokens.facilitator);
	await page.goto(`${server.origin}/boards/${b.boardId}?view=goals`);
	await expectConnected(page);
	await expect(goalInputs(page)).toHaveCount(100);
	// The copy in IndexedDB now equals the server's. Count what the reload sends.
	const sent: number[] = [];
	page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(typeof f.payload === 'string' ? f.payload.length : f.payload.byteLength)));
	await page.reload();
	await expectConnected(page);
	await expect(goalInputs(page)).toHaveCount(100);
	await expect(page.getByTestId('connection-status')).toContainText('Saved');
	expect(sent.length).toBeGreaterThan(0);
	expect(sent.reduce((a, n) => a + n, 0)).toBeLessThan(10_000);
	await context.close();
});

test('reload while offline: the board opens from the local copy, takes edits, and syncs them when back online', async ({ browser }) => {
	const b = world.addBoard();
	const url = `${server.origin}/boards/${b.boardId}?view=goals`;
	const context = await browser.newContext({ serviceWorkers: 'allow' });
	const page = await signedIn(context, b.tokens.facilitator);
	await page.goto(url);
	await expectConnected(page);
	await addGoal(page, 'Written online');
	await expect(page.getByTestId('connection-status')).toContainText('Saved');
	// The first load ran before the service worker: once it controls the page, a load fills its cache.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	await expectConnected(page);

	await context.setOffline(true);
	await page.reload();
	const status = page.getByTestId('connection-status');
	await expect(status).toHaveAttribute('data-state', 'offline');
	await expect(goalInputs(page)).toHaveCount(1);
	await expect(goalInputs(page).first()).toHaveValue('Written online');
	await addGoal(page, 'Written offline');
	await expect(goalInputs(page)).toHaveCount(2);
	await expect(status).toContainText(/Offline\s*· \d+ changes? not yet saved/);

	const other = await browser.newContext();
	const otherPage = await signedIn(other, b.tokens.participant);
	await otherPage.goto(url);
	await expectConnected(otherPage);
	await expect(goalInputs(otherPage)).toHaveCount(1);

	await context.setOffline(false);
	await expectConnected(page);
	await expect(status).toContainText('Saved');
	await expect(goalInputs(otherPage)).toHaveCount(2);
	await expect(goalInputs(otherPage).nth(1)).toHaveValue('Written offline');
	await other.close();
	await context.close();
});

/** A page whose service worker has cached the board page, so a reload without a network opens it. */
async function pageThatLoadsOffline(context: BrowserContext, token: string, url: string): Promise<Page> {
	const page = await signedIn(context, token);
	await page.goto(url);
	await expectConnected(page);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	await expectConnected(page);
	return page;
}

// Updates from the server wait up to a second to be written to the local copy (localStore.ts): an
// edit of this browser's own must not wait with them, nor be stored without what came before it.
test('an edit made just after a change from someone else, then the page closed at once, opens offline with both', async ({ browser }) => {
	const b = world.addBoard();
	const url = `${server.origin}/boards/${b.boardId}?view=goals`;
	const context = await browser.newContext({ serviceWorkers: 'allow' });
	const page = await pageThatLoadsOffline(context, b.tokens.facilitator, url);

	const other = openClient(server, docName(b.boardId, 'shared'), b.tokens.participant);
	await other.synced();
	addGoalToDoc(other.doc, { id: 'g-elsewhere', text: 'Written elsewhere', author: { id: 'someone', name: 'Someone' } });
	await expectGoals(page, ['Written elsewhere']);
	await addGoal(page, 'Written here');
	await expectGoals(page, ['Written elsewhere', 'Written here']);
	await page.close();
	other.destroy();

	await context.setOffline(true);
	const again = await context.newPage();
	await again.goto(url);
	await expect(again.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await expectGoals(again, ['Written elsewhere', 'Written here']);
	await context.close();
});

// The browser's own flag is not enough: navigator.onLine stays true on a network that does not
// reach the server (and in a browser whose offline emulation the page did not see). When the
// socket and then an ordinary request both fail, the header says "Offline" and keeps saying it,
// counting what is not yet saved, until the server answers again.
test('a server that cannot be reached while the browser says it is online: "Offline" stays, with the unsaved edits, until it answers', async ({ browser }) => {
	const b = world.addBoard();
	const context = await browser.newContext();
	const page = await signedIn(context, b.tokens.facilitator);
	await page.goto(`${server.origin}/boards/${b.boardId}?view=goals`);
	await expectConnected(page);
	// The view is its own chunk: connected does not mean it has arrived (under load it had not, and
	// the server went away before it did).
	await expect(page.getByLabel('New goal')).toBeVisible();
	const status = page.getByTestId('connection-status');
	await page.evaluate(() => {
		const el = document.querySelector('[data-testid="connection-status"]')!;
		const seen: string[] = [];
		(window as unknown as { __states: string[] }).__states = seen;
		new MutationObserver(() => seen.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
	});

	await server.stop('SIGKILL');
	await expect(status).toHaveAttribute('data-state', 'offline');
	expect(await page.evaluate(() => navigator.onLine)).toBe(true);
	await addGoal(page, 'Written while the server is down');
	await expect(status).toContainText('Offline · 1 change not yet saved');
	// Two more attempts to reach the server (the page opens a socket for each), seconds apart:
	// the header is checked every second, so a state that does not hold would have changed by then.
	const statesBefore = await page.evaluate(() => (window as unknown as { __states: string[] }).__states.length);
	await page.waitForEvent('websocket', { timeout: 30_000 });
	await page.waitForEvent('websocket', { timeout: 30_000 });
	const after = await page.evaluate((n) => (window as unknown as { __states: string[] }).__states.slice(n), statesBefore);
	expect(after).toEqual([]);
	await expect(status).toHaveAttribute('data-state', 'offline');

	await server.start();
	await expectConnected(page);
	await expect(status).toContainText('Saved');
	const stored = new Y.Doc();
	Y.applyUpdate(stored, loadDoc(world.db, docName(b.boardId, 'shared'))!);
	expect([...stored.getMap('goals').keys()]).toHaveLength(1);
	await context.close();
});

// A view is a chunk of its own, fetched when first opened: the server can be gone at that moment
// (here the page's requests for chunks fail; the service worker, which would serve them from its
// cache, is kept out so that they reach the network). The view says so, and loads by itself once
// the connection is back, or at once through "Try again".
test('a view that could not load because the server did not answer loads when the connection returns, or on "Try again"', async ({ browser }) => {
	const b = world.addBoard();
	const context = await browser.newContext({ serviceWorkers: 'block' });
	const page = await signedIn(context, b.tokens.facilitator);
	await page.goto(`${server.origin}/boards/${b.boardId}?view=goals`);
	await expectConnected(page);
	await expect(page.getByLabel('New goal')).toBeVisible();
	const chunks = '**/_app/immutable/**';
	await page.route(chunks, (route) => route.abort('connectionrefused'));

	await page.getByRole('link', { name: 'Positioning matrix' }).click();
	const failed = page.getByTestId('view-failed');
	await expect(failed).toContainText('The Positioning matrix view could not load');
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);
	await page.unroute(chunks);
	await failed.getByRole('button', { name: 'Try again' }).click();
	await expect(page.getByRole('heading', { name: 'Positioning matrix' })).toBeVisible();
	await expect(failed).toHaveCount(0);

	// Without a click: the connection drops and comes back, and the view that failed meanwhile loads.
	await page.route(chunks, (route) => route.abort('connectionrefused'));
	await page.getByRole('link', { name: 'Stakeholders' }).click();
	await expect(failed).toContainText('The Stakeholders view could not load');
	await context.setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await page.unroute(chunks);
	await context.setOffline(false);
	await expectConnected(page);
	await expect(page.getByRole('heading', { name: 'Stakeholders', exact: true })).toBeVisible();
	await expect(failed).toHaveCount(0);
	await context.close();
});
