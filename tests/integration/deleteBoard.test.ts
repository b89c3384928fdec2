import { describe, expect, it } from 'vitest';
import { liveServer } from './helpers/live.ts';
import { cookieOf } from './helpers/seed.ts';
import { dumpDb, editDoc } from './helpers/cast.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { setRelationNotes } from '../../src/lib/board/doc/internal.ts';

// Deleting a board removes it from the search index for good (the FTS5 table, its shadow tables
// holding the text and the tokens, and the index's bookkeeping) and from every other table:
// checkpoints included. Words written only on that board are checked for in every table's bytes.

const live = liveServer();
const SHARED_WORD = 'zqxaardvarkshared';
const INTERNAL_WORD = 'zqxpangolininternal';

const send = (path: string, token: string, form?: Record<string, string>) =>
	fetch(live.server.origin + path, {
		method: form ? 'POST' : 'GET',
		redirect: 'manual',
		headers: { accept: 'text/html', cookie: cookieOf(token), ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: live.server.origin } : {}) },
		body: form ? new URLSearchParams(form) : undefined
	});

/** Every row of every table, FTS5's shadow tables included, as text (blobs as latin1 so their bytes can be searched). */
function everyByte(): string {
	const client = live.world.db.$client;
	const tables = client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
	const out: string[] = [];
	for (const { name } of tables) {
		for (const row of client.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]) {
			for (const v of row) out.push(Buffer.isBuffer(v) ? v.toString('latin1') : String(v));
		}
	}
	return out.join('\n');
}

describe('deleting a board', () => {
	it('leaves nothing of it in the search index nor in any other table', async () => {
		const b = live.world.addBoard();
		const keep = live.world.addBoard();
		editDoc(live.world.db, b.boardId, 'shared', (d) => addGoal(d, { id: 'g1', text: `Grow ${SHARED_WORD} sales`, author: { id: 'u', name: 'U' } }));
		editDoc(live.world.db, b.boardId, 'internal', (d) => setRelationNotes(d, 's1', `Note ${INTERNAL_WORD}`));
		editDoc(live.world.db, keep.boardId, 'shared', (d) => addGoal(d, { id: 'g1', text: 'Keep this board', author: { id: 'u', name: 'U' } }));
		// Indexed (a search indexes what the searcher can open) and checkpointed: the board is everywhere.
		expect(await (await send(`/search?q=${SHARED_WORD}`, b.tokens.participant)).text()).toContain('<mark>');
		expect(await (await send(`/search?q=${INTERNAL_WORD}`, b.tokens.participant)).text()).toContain('<mark>');
		expect((await send(`/boards/${b.boardId}/history?/create`, b.tokens.facilitator, { name: 'Before' })).status).toBe(200);
		expect(everyByte()).toContain(SHARED_WORD);
		const ftsRows = (id: string) => (live.world.db.$client.prepare('SELECT count(*) AS n FROM search_index WHERE board_id = ?').get(id) as { n: number }).n;
		expect(ftsRows(b.boardId)).toBeGreaterThan(0);

		const res = await send(`/boards/${b.boardId}?/delete`, b.tokens.facilitator, { confirm: 'delete' });
		expect(res.status).toBe(303);

		expect(ftsRows(b.boardId)).toBe(0);
		const state = live.world.db.$client.prepare('SELECT count(*) AS n FROM search_state WHERE board_id = ?').get(b.boardId) as { n: number };
		expect(state.n).toBe(0);
		const match = live.world.db.$client.prepare('SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?').get(`${SHARED_WORD} OR ${INTERNAL_WORD}`) as { n: number };
		expect(match.n).toBe(0);
		// Not its id, not its words, in any table (FTS5's token segments included).
		const bytes = everyByte();
		for (const word of [b.boardId, SHARED_WORD, INTERNAL_WORD]) expect(bytes.includes(word), word).toBe(false);
		expect(Object.keys(dumpDb(live.world.db)).length).toBeGreaterThan(5);
		// The other board is still indexed and found.
		expect(await (await send('/search?q=Keep', keep.tokens.participant)).text()).toContain('<mark>Keep</mark>');
	});
});
