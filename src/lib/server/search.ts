import { eq, sql, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import { isPg, type AppDb } from './db/index.ts';
import { docsOf, one, q, transaction } from './db/query.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { docName, type DocName } from '../board/model/docNames.ts';
import { canReadDoc } from '../board/model/roles.ts';
import { searchEntries } from '../board/doc/searchText.ts';

/*
 * Search across the boards a person can open: FTS5 on SQLite (migration 0004_search_index.sql),
 * a tsvector with a GIN index on PostgreSQL (migrations-pg 0000; accents folded like FTS5's
 * remove_diacritics by the tandem_search configuration, 0002). Everything but the index itself
 * (which boards, which documents, when to re-read one) is the same code for both.
 *
 * The index is rebuilt per document from its stored state, lazily: before a search, every
 * document the searcher may read is compared with the stored version the index reflects (the
 * highest log seq, which only grows when an update is stored and stays put when a compaction
 * folds the log), and only the ones that changed are re-read. So a result is never older than
 * what is stored, the sync server's hot path does nothing extra, and a document nobody searches
 * costs nothing. Access is decided per search, on the live rows (resolveBoardAccess): a removed
 * member or guest stops finding a board at once, and the internal document is only searched for
 * people who may read it.
 */

export interface SearchHit {
	boardId: string;
	boardName: string;
	kind: string;
	itemId: string;
	view: string;
	/** The snippet as text and highlighted segments (render as text, never as HTML). */
	segments: { text: string; mark: boolean }[];
}

const OPEN = '\u0001';
const CLOSE = '\u0002';
const MAX_RESULTS = 50;

/** Boards `who` can open, with whether they may read the internal document. */
async function readableBoards(db: AppDb, who: Principal): Promise<{ id: string; name: string; internal: boolean }[]> {
	const { orm, t } = q(db);
	const { accounts, boardMembers, boards, workspaceMembers } = t;
	let ids: string[];
	if (who.kind === 'guest') ids = [who.boardId];
	else {
		const ws = await one(orm.select({ id: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, who.userId)));
		const own = ws
			? await orm
					.select({ id: boards.id })
					.from(boards)
					.innerJoin(accounts, eq(accounts.id, boards.accountId))
					.where(eq(accounts.workspaceId, ws.id))
			: [];
		const joined = await orm.select({ id: boardMembers.boardId }).from(boardMembers).where(eq(boardMembers.userId, who.userId));
		ids = [...new Set([...own, ...joined].map((r) => r.id))];
	}
	const out: { id: string; name: string; internal: boolean }[] = [];
	for (const id of ids) {
		const access = await resolveBoardAccess(db, who, id);
		if (!access) continue;
		const name = (await one(orm.select({ name: boards.name }).from(boards).where(eq(boards.id, id))))?.name ?? '';
		out.push({ id, name, internal: canReadDoc(access, 'internal') });
	}
	return out;
}

/** A statement without results, on either backend. */
async function exec(db: AppDb, query: SQL): Promise<void> {
	if (isPg(db)) await db.orm.execute(query);
	else db.run(query);
}

async function rowsOf<T>(db: AppDb, query: SQL): Promise<T[]> {
	if (isPg(db)) return (await db.orm.execute(query)).rows as T[];
	return db.all(query) as T[];
}

/** Brings the index of one document up to its stored state, if it changed since last indexed. */
export async function refreshDoc(db: AppDb, boardId: string, kind: DocName): Promise<void> {
	const name = docName(boardId, kind);
	const version = await docsOf(db).version(name);
	const indexed = await one(rowsOf<{ version: number | string }>(db, sql`SELECT version FROM search_state WHERE doc_name = ${name}`));
	if (indexed && Number(indexed.version) === version) return;
	const doc = new Y.Doc();
	try {
		const state = await docsOf(db).load(name);
		if (state) Y.applyUpdate(doc, state);
		const entries = searchEntries(doc, kind);
		await transaction(db, async (tx) => {
			await exec(tx, sql`DELETE FROM search_index WHERE board_id = ${boardId} AND doc = ${kind}`);
			// Column order differs (FTS5's first column is the indexed body); the names do not.
			for (const e of entries)
				await exec(tx, sql`INSERT INTO search_index (body, board_id, doc, kind, item_id, view) VALUES (${e.text}, ${boardId}, ${kind}, ${e.kind}, ${e.itemId}, ${e.view})`);
			await exec(
				tx,
				sql`INSERT INTO search_state (doc_name, board_id, version) VALUES (${name}, ${boardId}, ${version}) ON CONFLICT (doc_name) DO UPDATE SET version = excluded.version`
			);
		});
	} finally {
		doc.destroy();
	}
}

/**
 * Removes a board from the index (board deletion; inside its transaction). An FTS5 delete only
 * adds tombstones: the board's words stay in the index's segments until they are merged. 'optimize'
 * merges them now, so a deleted board's words are gone from the database, not just unsearchable.
 * (PostgreSQL deletes the rows; VACUUM reclaims them as for any other table.)
 */
export async function dropBoardIndex(db: AppDb, boardId: string): Promise<void> {
	await exec(db, sql`DELETE FROM search_index WHERE board_id = ${boardId}`);
	await exec(db, sql`DELETE FROM search_state WHERE board_id = ${boardId}`);
	if (!isPg(db)) await exec(db, sql`INSERT INTO search_index (search_index) VALUES ('optimize')`);
}

/** The words of a query (letters and digits only, at most 8), or none. */
function queryWords(q: string): string[] {
	return (q.slice(0, 200).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/** The words of a query as an FTS5 expression: each a quoted prefix, all required. Null if none. */
export function toMatch(q: string): string | null {
	const words = queryWords(q);
	return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** The same as a PostgreSQL tsquery: each word a prefix, all required. Null if none. */
export function toTsQuery(q: string): string | null {
	const words = queryWords(q);
	return words.length ? words.map((w) => `${w.toLowerCase()}:*`).join(' & ') : null;
}

/** Splits a snippet with OPEN/CLOSE markers into plain and highlighted segments. */
export function segmentsOf(snippet: string): SearchHit['segments'] {
	const out: SearchHit['segments'] = [];
	for (const [i, part] of snippet.split(new RegExp(`[${OPEN}${CLOSE}]`)).entries()) if (part) out.push({ text: part, mark: i % 2 === 1 });
	return out;
}

type Row = { boardId: string; kind: string; itemId: string; view: string; snippet: string };

/** Best matches first, among the shared documents of `shared` and the internal ones of `internal`. */
function matches(db: AppDb, q: string, shared: string[], internal: string[]): Promise<Row[]> {
	const list = (ids: string[]) => (ids.length ? sql.join(ids.map((id) => sql`${id}`), sql`, `) : sql`NULL`);
	const scope = sql`((doc = 'shared' AND board_id IN (${list(shared)})) OR (doc = 'internal' AND board_id IN (${list(internal)})))`;
	if (isPg(db)) {
		const query = toTsQuery(q)!;
		const marks = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=16, MinWords=6, ShortWord=0, FragmentDelimiter=…`;
		return rowsOf<Row>(
			db,
			sql`SELECT board_id AS "boardId", kind, item_id AS "itemId", view, ts_headline('tandem_search', body, to_tsquery('tandem_search', ${query}), ${marks}) AS snippet
			 FROM search_index WHERE tsv @@ to_tsquery('tandem_search', ${query}) AND ${scope}
			 ORDER BY ts_rank(tsv, to_tsquery('tandem_search', ${query})) DESC, board_id, item_id LIMIT ${MAX_RESULTS}`
		);
	}
	return rowsOf<Row>(
		db,
		sql`SELECT board_id AS boardId, kind, item_id AS itemId, view, snippet(search_index, 0, ${OPEN}, ${CLOSE}, '…', 16) AS snippet
		 FROM search_index WHERE search_index MATCH ${toMatch(q)} AND ${scope}
		 ORDER BY rank LIMIT ${MAX_RESULTS}`
	);
}

export async function searchBoards(db: AppDb, who: Principal, q: string): Promise<SearchHit[]> {
	if (!toMatch(q)) return [];
	const readable = await readableBoards(db, who);
	if (readable.length === 0) return [];
	for (const b of readable) {
		await refreshDoc(db, b.id, 'shared');
		if (b.internal) await refreshDoc(db, b.id, 'internal');
	}
	const rows = await matches(db, q, readable.map((b) => b.id), readable.filter((b) => b.internal).map((b) => b.id));
	const names = new Map(readable.map((b) => [b.id, b.name]));
	return rows.map((r) => ({ boardId: r.boardId, boardName: names.get(r.boardId) ?? '', kind: r.kind, itemId: r.itemId, view: r.view, segments: segmentsOf(r.snippet) }));
}
