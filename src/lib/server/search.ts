import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './db/index.ts';
import { accounts, boardMembers, boards, workspaceMembers } from './db/schema.ts';
import { loadDoc } from './docStore.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { docName, type DocName } from '../board/model/docNames.ts';
import { canReadDoc } from '../board/model/roles.ts';
import { searchEntries } from '../board/doc/searchText.ts';

/*
 * Search across the boards a person can open (FTS5, migration 0003_search_index.sql).
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
function readableBoards(db: Db, who: Principal): { id: string; name: string; internal: boolean }[] {
	let ids: string[];
	if (who.kind === 'guest') ids = [who.boardId];
	else {
		const ws = db.select({ id: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, who.userId)).get();
		const own = ws
			? db
					.select({ id: boards.id })
					.from(boards)
					.innerJoin(accounts, eq(accounts.id, boards.accountId))
					.where(eq(accounts.workspaceId, ws.id))
					.all()
			: [];
		const joined = db.select({ id: boardMembers.boardId }).from(boardMembers).where(eq(boardMembers.userId, who.userId)).all();
		ids = [...new Set([...own, ...joined].map((r) => r.id))];
	}
	return ids.flatMap((id) => {
		const access = resolveBoardAccess(db, who, id);
		if (!access) return [];
		const name = db.select({ name: boards.name }).from(boards).where(eq(boards.id, id)).get()?.name ?? '';
		return [{ id, name, internal: canReadDoc(access, 'internal') }];
	});
}

/** The stored version of a document: the highest log seq folded or appended, in either log table (-1 if never stored). */
function storedVersion(db: Db, name: string): number {
	const row = db.$client
		.prepare(
			`SELECT max(coalesce((SELECT up_to_seq FROM doc_snapshots WHERE doc_name = ?), -1), coalesce((SELECT max(seq) FROM doc_updates WHERE doc_name = ?), -1), coalesce((SELECT max(seq) FROM doc_log WHERE doc_name = ?), -1)) AS v`
		)
		.get(name, name, name) as { v: number };
	return row.v;
}

/** Brings the index of one document up to its stored state, if it changed since last indexed. */
export function refreshDoc(db: Db, boardId: string, kind: DocName): void {
	const name = docName(boardId, kind);
	const version = storedVersion(db, name);
	const client = db.$client;
	const indexed = client.prepare('SELECT version FROM search_state WHERE doc_name = ?').get(name) as { version: number } | undefined;
	if (indexed?.version === version) return;
	const doc = new Y.Doc();
	try {
		const state = loadDoc(db, name);
		if (state) Y.applyUpdate(doc, state);
		const entries = searchEntries(doc, kind);
		const insert = client.prepare('INSERT INTO search_index (body, board_id, doc, kind, item_id, view) VALUES (?, ?, ?, ?, ?, ?)');
		client.transaction(() => {
			client.prepare('DELETE FROM search_index WHERE board_id = ? AND doc = ?').run(boardId, kind);
			for (const e of entries) insert.run(e.text, boardId, kind, e.kind, e.itemId, e.view);
			client
				.prepare('INSERT INTO search_state (doc_name, board_id, version) VALUES (?, ?, ?) ON CONFLICT(doc_name) DO UPDATE SET version = excluded.version')
				.run(name, boardId, version);
		})();
	} finally {
		doc.destroy();
	}
}

/**
 * Removes a board from the index (board deletion; inside its transaction). An FTS5 delete only
 * adds tombstones: the board's words stay in the index's segments until they are merged. 'optimize'
 * merges them now, so a deleted board's words are gone from the database, not just unsearchable.
 */
export function dropBoardIndex(db: Db, boardId: string): void {
	// The query builder's `run`: a Drizzle transaction object has no $client.
	db.run(sql`DELETE FROM search_index WHERE board_id = ${boardId}`);
	db.run(sql`DELETE FROM search_state WHERE board_id = ${boardId}`);
	db.run(sql`INSERT INTO search_index (search_index) VALUES ('optimize')`);
}

/** The words of a query as an FTS5 expression: each a quoted prefix, all required. Null if none. */
export function toMatch(q: string): string | null {
	const words = q.slice(0, 200).match(/[\p{L}\p{N}]+/gu) ?? [];
	return words.length ? words.slice(0, 8).map((w) => `"${w}"*`).join(' ') : null;
}

/** Splits a snippet with OPEN/CLOSE markers into plain and highlighted segments. */
export function segmentsOf(snippet: string): SearchHit['segments'] {
	const out: SearchHit['segments'] = [];
	for (const [i, part] of snippet.split(new RegExp(`[${OPEN}${CLOSE}]`)).entries()) if (part) out.push({ text: part, mark: i % 2 === 1 });
	return out;
}

export function searchBoards(db: Db, who: Principal, q: string): SearchHit[] {
	const match = toMatch(q);
	if (!match) return [];
	const readable = readableBoards(db, who);
	if (readable.length === 0) return [];
	for (const b of readable) {
		refreshDoc(db, b.id, 'shared');
		if (b.internal) refreshDoc(db, b.id, 'internal');
	}
	const shared = readable.map((b) => b.id);
	const internal = readable.filter((b) => b.internal).map((b) => b.id);
	const marks = (ids: string[]) => ids.map(() => '?').join(', ') || 'NULL';
	const rows = db.$client
		.prepare(
			`SELECT board_id AS boardId, kind, item_id AS itemId, view, snippet(search_index, 0, '${OPEN}', '${CLOSE}', '…', 16) AS snippet
			 FROM search_index WHERE search_index MATCH ?
			 AND ((doc = 'shared' AND board_id IN (${marks(shared)})) OR (doc = 'internal' AND board_id IN (${marks(internal)})))
			 ORDER BY rank LIMIT ${MAX_RESULTS}`
		)
		.all(match, ...shared, ...internal) as { boardId: string; kind: string; itemId: string; view: string; snippet: string }[];
	const names = new Map(readable.map((b) => [b.id, b.name]));
	return rows.map((r) => ({ boardId: r.boardId, boardName: names.get(r.boardId) ?? '', kind: r.kind, itemId: r.itemId, view: r.view, segments: segmentsOf(r.snippet) }));
}
