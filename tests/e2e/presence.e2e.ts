import { test, expect } from '@playwright/test';
import * as decoding from 'lib0/decoding';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World } from '../integration/helpers/seed.ts';
import { openClient, waitFor } from '../integration/helpers/clients.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { colorFor } from '../../src/lib/board/presence/palette.ts';
import { addGoal, expectConnected } from './flows.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

// A client guest's browser (here a y-websocket client in Node) announces itself as the supplier
// facilitator, with a colour that smuggles a background URL into style attributes.
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

const EVIL = 'red;background:url(http://evil.test/x)';

/** The awareness states in the awareness messages a page received, by client id. */
function awarenessIn(frames: Buffer[]): Map<number, Record<string, any>> {
	const out = new Map<number, Record<string, any>>();
	for (const f of frames) {
		const d = decoding.createDecoder(new Uint8Array(f));
		if (decoding.readVarUint(d) !== 1) continue;
		const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
		const n = decoding.readVarUint(inner);
		for (let i = 0; i < n; i++) {
			const client = decoding.readVarUint(inner);
			decoding.readVarUint(inner);
			const state = JSON.parse(decoding.readVarString(inner));
			if (state) out.set(client, state);
		}
	}
	return out;
}

test('a forged identity and a crafted colour never reach the page; it shows who the server says', async ({ browser }) => {
	const b = world.addBoard();
	const facilitatorId = world.userId('facilitator');
	const context = await browser.newContext();
	await context.addCookies([{ name: SESSION_COOKIE, value: b.tokens.facilitator, url: server.origin }]);
	const evilRequests: string[] = [];
	await context.route(/evil\.test/, (route) => {
		evilRequests.push(route.request().url());
		return route.abort();
	});
	const page = await context.newPage();
	const frames: Buffer[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', (f) => typeof f.payload !== 'string' && frames.push(f.payload)));
	await page.goto(`${server.origin}/boards/${b.boardId}?view=goals`);
	await expectConnected(page);
	await addGoal(page, 'Open a plant in Mexico');

	const forger = openClient(server, docName(b.boardId, 'shared'), b.tokens.clientGuest);
	try {
		await forger.synced();
		const goals = forger.doc.getMap('goals');
		await waitFor(() => goals.size > 0, 'the goal');
		const goalId = [...goals.keys()][0];
		forger.provider.awareness.setLocalState({
			user: { id: facilitatorId, name: 'facilitator (facilitator)', side: 'supplier', role: 'facilitator', color: EVIL },
			focus: goalId
		});

		// The page shows the guest as the guest, next to the real facilitator (me).
		const presence = page.getByTestId('presence').locator('li');
		await expect(presence).toHaveCount(2);
		await expect(presence.nth(1)).toHaveAttribute('title', 'Client exec (client side)');
		await expect(page.getByTestId('goal-item').locator('.peer-name')).toHaveText('Client exec');

		// What the browser received carries the server's identity and palette colour.
		const received = awarenessIn(frames).get(forger.doc.clientID);
		expect(received?.user).toEqual({ id: b.clientGuestId, name: 'Client exec', side: 'client', role: 'participant', color: colorFor(b.clientGuestId) });
		expect(Buffer.concat(frames).includes('evil.test')).toBe(false);

		const styles = await page.locator('[style]').evaluateAll((els) => els.map((e) => e.getAttribute('style') ?? ''));
		expect(styles.some((s) => s.includes(colorFor(b.clientGuestId)))).toBe(true);
		expect(styles.filter((s) => /url\(|evil/.test(s))).toEqual([]);
		expect(evilRequests).toEqual([]);
	} finally {
		forger.destroy();
	}
});
