import { eq, max } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { AppDb, Db } from './db/index.ts';
import { docLog, docUpdates } from './db/schema.ts';
import { docName } from '../board/model/docNames.ts';
import {
	appendUpdates,
	compact,
	compactStored,
	deleteDocs,
	loadDoc,
	logRows,
	quarantinedRows,
	readDocInto,
	seedDoc,
	type LoadReport,
	type LogRow
} from './docStore.ts';

// The one contract both document stores keep: SQLite (./docStore.ts, the default, synchronous
// underneath) and PostgreSQL (./docStorePg.ts, DATABASE_URL). The sync server (server/sync/room.ts)
// and the routes' modules (search, export, templates, checkpoints, board creation and deletion)
// talk only to this, through the one store of the process's database (db/query.ts docsOf).
// tests/integration/docStoreContract.test.ts runs the same cases on both.

export interface QuarantineRow {
	docName: string;
	source: string;
	reason: string;
	createdAt: number;
}

/** What a catch-up reads: the updates stored after a seq, and the seq they bring the reader to. */
export interface StoredSince {
	updates: Uint8Array[];
	/** Every stored update up to this seq is in `updates` or was already before `from`. */
	lastSeq: number;
}

export interface DocStore {
	readonly backend: 'sqlite' | 'postgres';
	/** Loads the stored document into `doc`; null when nothing was ever stored. Bad parts are quarantined. */
	readInto(name: string, doc: Y.Doc, origin: unknown): Promise<LoadReport | null>;
	/** The stored state as one update, or null. */
	load(name: string): Promise<Uint8Array | null>;
	/**
	 * The first state of a new document; refuses (throws) if anything is stored under that name.
	 * `within`: the caller's open transaction on this store's database (board creation), so the
	 * document commits or rolls back with the board row.
	 */
	seed(name: string, update: Uint8Array, within?: AppDb): Promise<void>;
	/**
	 * What the stored document is at: grows with every stored update, unchanged by a compaction;
	 * -1 when nothing is stored (the search index compares it with what it last read).
	 */
	version(name: string): Promise<number>;
	/**
	 * The group commit: every row in ONE transaction, all or none (throws / rejects). Returns each
	 * row's seq where the backend numbers them per document (PostgreSQL), for the relay between
	 * nodes. SQLite answers synchronously, so the commit queue can flush it during shutdown.
	 */
	append(rows: readonly LogRow[]): void | readonly number[] | Promise<readonly number[]>;
	/** What was stored after `from` (a catch-up after a missed relay message). */
	since(name: string, from: number): Promise<StoredSince>;
	/** The latest seq of each of these documents (0 for none). */
	heads(names: readonly string[]): Promise<Map<string, number>>;
	/**
	 * Folds the stored log into the snapshot, at most one process at a time per document. Returns the
	 * snapshot's size, 0 when there was nothing to fold or another process is folding it right now,
	 * null when it failed (the log stays as it was).
	 */
	compact(name: string): Promise<number | null>;
	/** Synchronous compaction with the live copy merged in (SQLite only: shutdown without a worker). */
	compactLive?(name: string, current: Y.Doc): void;
	/** Removes both documents of a board and what was set aside from them (`within`: as for seed). */
	deleteBoard(boardId: string, within?: AppDb): Promise<void>;
	quarantined(names: readonly string[]): Promise<QuarantineRow[]>;
	/** Waits for compactions in flight (shutdown, before the connection closes). */
	drain(): Promise<void>;
}

/** The SQLite store behind the contract: the functions of ./docStore.ts on one database. */
export function sqliteDocStore(db: Db): DocStore {
	return {
		backend: 'sqlite',
		readInto: async (name, doc, origin) => readDocInto(db, name, doc, origin),
		load: async (name) => loadDoc(db, name),
		// `within` is this same connection (one SQLite database holds everything): its statements
		// already run inside the caller's BEGIN IMMEDIATE.
		seed: async (name, update) => seedDoc(db, name, update),
		version: async (name) => storedVersion(db, name),
		append: (rows) => appendUpdates(db, rows),
		async since(name, from) {
			// One sequence for all documents here (the hot log doc_log and the folded doc_updates share
			// it); a snapshot is not re-read (the relay between nodes runs on PostgreSQL only).
			const rows = logRows(db, name).filter((r) => r.seq > from);
			return { updates: rows.map((r) => r.data), lastSeq: rows.length ? rows[rows.length - 1].seq : from };
		},
		async heads(names) {
			const out = new Map<string, number>();
			for (const n of names) {
				const folded = db.select({ seq: max(docUpdates.seq) }).from(docUpdates).where(eq(docUpdates.docName, n)).get()?.seq ?? 0;
				const hot = db.select({ seq: max(docLog.seq) }).from(docLog).where(eq(docLog.docName, n)).get()?.seq ?? 0;
				out.set(n, Math.max(folded, hot));
			}
			return out;
		},
		async compact(name) {
			return compactStored(db, name) ?? 0;
		},
		compactLive: (name, current) => void compact(db, name, current),
		deleteBoard: async (boardId) => deleteDocs(db, boardId),
		quarantined: async (names) => quarantinedRows(db, [...names]),
		drain: async () => {}
	};
}

/** The highest log seq folded or appended, in either log table, or the snapshot's (-1 if never stored). */
function storedVersion(db: Db, name: string): number {
	const row = db.$client
		.prepare(
			`SELECT max(coalesce((SELECT up_to_seq FROM doc_snapshots WHERE doc_name = ?), -1), coalesce((SELECT max(seq) FROM doc_updates WHERE doc_name = ?), -1), coalesce((SELECT max(seq) FROM doc_log WHERE doc_name = ?), -1)) AS v`
		)
		.get(name, name, name) as { v: number };
	return row.v;
}

export const boardDocNames = (boardId: string): string[] => [docName(boardId, 'shared'), docName(boardId, 'internal')];
