import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './helpers/server.ts';
import { World, cookieOf } from './helpers/seed.ts';
import { openClient, waitFor, type TestClient } from './helpers/clients.ts';
import { addMemberRow, editDoc, storedDoc } from './helpers/cast.ts';
import { addGoal, goalText, readGoals } from '../../src/lib/board/doc/goals.ts';
import { setRelationNotes } from '../../src/lib/board/doc/internal.ts';
import { addDecision } from '../../src/lib/board/doc/decisions.ts';

// Search over HTTP against the real server: what each person finds, and that it follows live edits.

let server: ServerProcess;
let world: World;
const clients: TestClient[] = [];

beforeAll(async () => {
	server = new ServerProcess();
	await server.start();
	world = new World(server.dbPath);
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	world?.close();
	await server?.dispose();
});

const search = async (token: string, q: string) => {
	const res = await fetch(`${server.origin}/search?q=${encodeURIComponent(q)}`, { redirect: 'manual', headers: { cookie: cookieOf(token) } });
	expect(res.status).toBe(200);
	// Svelte's hydration comments sit between the snippet's segments.
	return (await res.text()).replace(/<!--[^>]*-->/g, '');
};
const who = { id: 'u', name: 'U' };

describe('search', () => {
	it('finds a CSF after it was typed on the live board, highlighted, with a link to its board tab', async () => {
		const b = world.addBoard();
		const c = openClient(server, `${b.boardId}/shared`, b.tokens.participant);
		clients.push(c);
		await c.synced();
		expect(await search(b.tokens.participant, 'quokka')).not.toContain('<mark>');
		addGoal(c.doc, { id: 'g1', text: 'Revenue', author: who });
		addGoal(c.doc, { id: 'k1', kind: 'csf', parentId: 'g1', text: 'Quokka onboarding', author: who });
		await waitFor(() => readGoals(storedDoc(world.db, b.boardId, 'shared')).goals[0]?.csfs.length === 1, 'CSF stored');
		const page = await search(b.tokens.participant, 'quokka');
		expect(page).toContain('<mark>Quokka</mark> onboarding');
		expect(page).toContain(`href="/boards/${b.boardId}?view=goals"`);
		// Typed further: the index follows the stored document (the earlier search indexed the old text).
		goalText(c.doc, 'k1')!.insert('Quokka onboarding'.length, ' wombat');
		await waitFor(() => String(storedDoc(world.db, b.boardId, 'shared').getMap('goals').toJSON().k1?.text).includes('wombat'), 'edit stored');
		expect(await search(b.tokens.participant, 'wombat')).toContain('onboarding <mark>wombat</mark>');
	});

	it('never returns what the searcher may not read: other boards for a guest, internal notes for the client side, removed and outside people', async () => {
		const a = world.addBoard();
		const other = world.addBoard();
		editDoc(world.db, a.boardId, 'shared', (d) => addDecision(d, { id: 'd1', text: 'Capybara decision', author: who }));
		editDoc(world.db, a.boardId, 'internal', (d) => setRelationNotes(d, 's1', 'Capybara sponsor is wary'));
		editDoc(world.db, other.boardId, 'shared', (d) => addDecision(d, { id: 'd2', text: 'Capybara elsewhere', author: who }));

		const supplier = await search(a.tokens.participant, 'capybara');
		expect(supplier).toContain('<mark>Capybara</mark> decision');
		expect(supplier).toContain('<mark>Capybara</mark> sponsor is wary');
		expect(supplier).toContain('<mark>Capybara</mark> elsewhere');

		const guest = await search(a.tokens.clientGuest, 'capybara');
		expect(guest).toContain('<mark>Capybara</mark> decision');
		expect(guest).not.toContain('sponsor is wary');
		expect(guest).not.toContain('elsewhere');

		expect(await search(a.tokens.outsider, 'capybara')).not.toContain('<mark>');

		addMemberRow(world.db, other.boardId, world.userId('participant'), 'removed', 'supplier');
		const removed = await search(a.tokens.participant, 'capybara');
		expect(removed).not.toContain('elsewhere');
		expect(removed).toContain('<mark>Capybara</mark> decision');
	});

	it('user text in a snippet is escaped, never markup', async () => {
		const b = world.addBoard();
		editDoc(world.db, b.boardId, 'shared', (d) => addDecision(d, { id: 'd1', text: 'Ocelot <img src=x onerror=alert(1)>', author: who }));
		const page = await search(b.tokens.participant, 'ocelot');
		expect(page).toContain('<mark>Ocelot</mark> &lt;img');
		expect(page).not.toContain('<img src=x');
	});
});
