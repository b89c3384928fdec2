import { and, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import type { Db } from './db/index.ts';
import { docLog, docQuarantine, docSnapshots, docUpdates } from './db/schema.ts';
import { docName } from '../board/model/docNames.ts';

// A document is stored as one snapshot (its state up to some log seq) plus the update log after it.
// The log has two tables: doc_log, the hot log every append goes to (all documents in time order,
// no per-document index: a commit writes its last page only, where doc_updates' index dirtied a
// leaf per document touched), and doc_updates, the per-document log it is folded into in bulk
// (once FOLD_ROWS rows are waiting). Loading reads both.
// Every function here sticks to the Drizzle query API so it also works inside a caller's transaction
// (board creation seeds both documents in the same transaction as the board row); the hot path uses
// cached statements on the connection.
// One sequence numbers both tables (a fold keeps the numbers): the next seq is one above the highest
// in either table and doc_seq.floor, which every deletion first raises to the highest seq stored. So
// a number is never reused after a compaction deleted rows: the rows with seq > up_to_seq are
// exactly the log not folded into the snapshot.

export interface StoredDoc {
	/** Snapshot and log merged into one Yjs (v1) update. */
	state: Uint8Array;
	/** Bytes in the log after the snapshot: what a compaction would fold. */
	logBytes: number;
	/** Highest doc_updates.seq included in `state` (0 when none). */
	lastSeq: number;
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** One stored piece of a document: the snapshot, or a log row after it. */
export interface Part {
	source: 'snapshot' | 'log';
	/** The log row's seq, or the snapshot's up_to_seq. */
	seq: number;
	data: Uint8Array;
}

interface StoredParts {
	/** The snapshot (if any) followed by the log rows after it, in order. */
	parts: Part[];
	logBytes: number;
	lastSeq: number;
}

/** The log rows of `docName` after `from`, folded then hot, in seq order. */
function logAfter(db: Db, docName: string, from: number): Array<{ seq: number; data: Buffer }> {
	const folded = db
		.select({ seq: docUpdates.seq, data: docUpdates.data })
		.from(docUpdates)
		.where(and(eq(docUpdates.docName, docName), gt(docUpdates.seq, from)))
		.orderBy(docUpdates.seq)
		.all();
	// A scan of the hot log: it holds at most FOLD_ROWS rows (plus one batch).
	const hot = db
		.select({ seq: docLog.seq, data: docLog.data })
		.from(docLog)
		.where(and(eq(docLog.docName, docName), gt(docLog.seq, from)))
		.orderBy(docLog.seq)
		.all();
	if (hot.length === 0) return folded;
	if (folded.length === 0) return hot;
	// Everything folded is older than everything still hot (a fold moves the whole hot log).
	const rows = folded.concat(hot);
	if (folded[folded.length - 1].seq > hot[0].seq) rows.sort((a, b) => a.seq - b.seq);
	return rows;
}

/** Every log row not yet compacted (of one document, or all), in seq order: tests and tools. */
export function logRows(db: Db, docName?: string): Array<{ seq: number; docName: string; data: Uint8Array }> {
	const folded = db.select({ seq: docUpdates.seq, docName: docUpdates.docName, data: docUpdates.data }).from(docUpdates);
	const hot = db.select({ seq: docLog.seq, docName: docLog.docName, data: docLog.data }).from(docLog);
	const rows = docName
		? [...folded.where(eq(docUpdates.docName, docName)).all(), ...hot.where(eq(docLog.docName, docName)).all()]
		: [...folded.all(), ...hot.all()];
	return rows.sort((a, b) => a.seq - b.seq);
}

const RAISE_FLOOR_SQL =
	'UPDATE doc_seq SET floor = max(floor, coalesce((SELECT max(seq) FROM doc_log), 0), coalesce((SELECT max(seq) FROM doc_updates), 0))';
/** The next seq: above the floor and above every row of both logs. */
const NEXT_SEQ_EXPR = 'max(coalesce((SELECT floor FROM doc_seq), 0), coalesce((SELECT max(seq) FROM doc_log), 0), coalesce((SELECT max(seq) FROM doc_updates), 0)) + 1';
const NEXT_SEQ_SQL = `SELECT ${NEXT_SEQ_EXPR} AS s`;

/**
 * Raises doc_seq.floor to the highest seq stored in either table: called in every transaction that
 * deletes log rows, before it deletes them, so their numbers are never handed out again.
 */
function raiseSeqFloor(db: Db): void {
	db.run(sql.raw(RAISE_FLOOR_SQL));
}

function readParts(db: Db, docName: string): StoredParts | null {
	const snap = db.select().from(docSnapshots).where(eq(docSnapshots.docName, docName)).get();
	const from = snap?.upToSeq ?? 0;
	const rows = logAfter(db, docName, from);
	if (!snap && rows.length === 0) return null;
	const parts: Part[] = snap ? [{ source: 'snapshot', seq: snap.upToSeq, data: snap.data }] : [];
	let logBytes = 0;
	for (const r of rows) {
		parts.push({ source: 'log', seq: r.seq, data: r.data });
		logBytes += r.data.byteLength;
	}
	return { parts, logBytes, lastSeq: rows.length ? rows[rows.length - 1].seq : from };
}

export interface Quarantined {
	source: Part['source'];
	seq: number;
	reason: string;
}

const reasonOf = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);

/** Nothing applied to `doc` yet: no structs, nothing pending. */
const isEmpty = (doc: Y.Doc) => doc.store.clients.size === 0 && doc.store.pendingStructs === null && doc.store.pendingDs === null;

/** A part failed after some of it was applied to the document: that copy must not be used. */
class HalfApplied extends Error {
	readonly part: Part & { reason: string };
	constructor(part: Part & { reason: string }) {
		super(`a stored ${part.source} part (seq ${part.seq}) failed after part of it was applied: ${part.reason}`);
		this.part = part;
	}
}

/**
 * Applies the stored parts to `doc` in one transaction (much faster than merging them into one
 * update first). A part that does not decode or apply is left out and returned: one bad row must
 * not make the whole document unloadable. Decoding first keeps a bad row from half-applying.
 * `trustFirst`: the first part goes into the still empty document without decoding it first (the
 * snapshot of a cold load: megabytes, decoding it doubled the load's time); if it then fails with
 * anything applied, this throws HalfApplied and the caller discards the document.
 */
export function applyParts(doc: Y.Doc, parts: Part[], origin: unknown, trustFirst = false): Array<Part & { reason: string }> {
	const bad: Array<Part & { reason: string }> = [];
	doc.transact(() => {
		for (const part of parts) {
			const trusted = trustFirst && isEmpty(doc);
			try {
				if (!trusted) Y.decodeUpdate(part.data);
				Y.applyUpdate(doc, part.data, origin);
			} catch (err) {
				const failed = { ...part, reason: reasonOf(err) };
				if (trusted && !isEmpty(doc)) throw new HalfApplied(failed);
				bad.push(failed);
			}
		}
	}, origin);
	return bad;
}

/** Moves parts that could not be applied into doc_quarantine, with their reason. */
function quarantine(db: Db, docName: string, bad: Array<Part & { reason: string }>, now = Date.now()): void {
	if (bad.length === 0) return;
	db.transaction((tx) => {
		raiseSeqFloor(tx as unknown as Db);
		for (const b of bad) {
			tx.insert(docQuarantine).values({ docName, source: b.source, seq: b.seq, data: asBuffer(b.data), reason: b.reason, createdAt: now }).run();
			if (b.source === 'log') {
				tx.delete(docUpdates).where(eq(docUpdates.seq, b.seq)).run();
				tx.delete(docLog).where(eq(docLog.seq, b.seq)).run();
			} else tx.delete(docSnapshots).where(eq(docSnapshots.docName, docName)).run();
		}
	});
}

export interface LoadReport {
	/** Bytes in the log after the snapshot: what a compaction would fold. */
	logBytes: number;
	/** Highest doc_updates.seq included (0 when none). */
	lastSeq: number;
	/** Parts set aside during this load. */
	quarantined: Quarantined[];
	/**
	 * The stored bytes when they are the whole document as one part (a compacted board: one
	 * snapshot) and it loaded: a valid encoding of the document's state, so a joiner can be sent
	 * it without encoding the document again (that encoding was a seventh of a cold load).
	 */
	asStored?: Uint8Array;
}

/** LoadReport.asStored: the one stored part, when it is all there is and it loaded. */
export function asStored(parts: readonly Part[], bad: readonly unknown[]): Uint8Array | undefined {
	return parts.length === 1 && bad.length === 0 ? parts[0].data : undefined;
}

/**
 * Loads the stored document into `doc` (empty, fresh). Returns null when nothing was ever stored.
 * Parts that cannot be applied are quarantined and reported; everything else loads. If the
 * snapshot fails after part of it was applied (it is not decoded twice, see applyParts), it is
 * quarantined and this throws: `doc` must be thrown away, and a load into a fresh one has the rest.
 */
export function readDocInto(db: Db, docName: string, doc: Y.Doc, origin: unknown): LoadReport | null {
	const stored = db.transaction((tx) => readParts(tx as unknown as Db, docName));
	if (!stored) return null;
	let bad: Array<Part & { reason: string }>;
	try {
		bad = applyParts(doc, stored.parts, origin, true);
	} catch (err) {
		if (!(err instanceof HalfApplied)) throw err;
		// Set aside, so the next load (into a fresh document) has everything else.
		quarantine(db, docName, [err.part]);
		throw new Error(`${docName}: ${err.message}; it was set aside, load the document again`);
	}
	quarantine(db, docName, bad);
	const badLog = bad.filter((b) => b.source === 'log');
	const logBytes = stored.logBytes - badLog.reduce((n, b) => n + b.data.byteLength, 0);
	return {
		logBytes,
		lastSeq: stored.lastSeq,
		quarantined: bad.map(({ source, seq, reason }) => ({ source, seq, reason })),
		asStored: asStored(stored.parts, bad)
	};
}

/** The stored document with its log size; null if never stored. Unloadable parts are quarantined. */
export function readDoc(db: Db, docName: string, retry = true): StoredDoc | null {
	const doc = new Y.Doc();
	try {
		const report = readDocInto(db, docName, doc, null);
		if (!report) return null;
		return { state: report.asStored ?? Y.encodeStateAsUpdate(doc), logBytes: report.logBytes, lastSeq: report.lastSeq };
	} catch (err) {
		// A snapshot that half-applied was set aside: once more into a fresh document, without it.
		if (retry) return readDoc(db, docName, false);
		throw err;
	} finally {
		doc.destroy();
	}
}

/** The stored state (snapshot + log) as one update, or null if nothing was ever stored. */
export function loadDoc(db: Db, docName: string): Uint8Array | null {
	return readDoc(db, docName)?.state ?? null;
}

/** What was set aside for these documents, newest first. */
export function quarantinedRows(db: Db, docNames: string[]): { docName: string; source: string; reason: string; createdAt: number }[] {
	if (docNames.length === 0) return [];
	return db
		.select({ docName: docQuarantine.docName, source: docQuarantine.source, reason: docQuarantine.reason, createdAt: docQuarantine.createdAt })
		.from(docQuarantine)
		.where(inArray(docQuarantine.docName, docNames))
		.orderBy(desc(docQuarantine.id))
		.all();
}

/** Writes the first state of a new document. Refuses if anything is stored under that name already. */
export function seedDoc(db: Db, docName: string, update: Uint8Array, now = Date.now()): void {
	db.transaction((tx) => {
		const existing =
			tx.select({ n: docSnapshots.docName }).from(docSnapshots).where(eq(docSnapshots.docName, docName)).get() ??
			tx.select({ n: docUpdates.seq }).from(docUpdates).where(eq(docUpdates.docName, docName)).limit(1).get() ??
			tx.select({ n: docLog.seq }).from(docLog).where(eq(docLog.docName, docName)).limit(1).get();
		if (existing) throw new Error(`document ${docName} already exists`);
		tx.insert(docSnapshots).values({ docName, data: asBuffer(update), upToSeq: 0, updatedAt: now }).run();
		// Immediate: a read that later upgrades to a write fails at once (no busy wait) when another
		// connection wrote in between.
	}, { behavior: 'immediate' });
}

/**
 * Rows waiting in the hot log beyond which it is folded into doc_updates. A bigger fold writes each
 * document's index leaf once for more rows (`node tests/bench/walCost.ts`: 82-byte updates over 50
 * documents, 50–200 per commit: 37–42× per update byte folding every 512 rows, 17–23× every 2,048,
 * 11–14× every 8,192); a load scans the hot log, and a fold takes the write lock for longer.
 */
export const FOLD_ROWS = 4096;
/** foldLogIfFull reads the log's size once per this many rows appended (a fold comes at most this late). */
export const FOLD_CHECK_ROWS = 64;

interface HotStatements {
	next: Database.Statement<[], { s: number }>;
	span: Database.Statement<[], { lo: number | null; hi: number | null }>;
	fold: Database.Statement<[]>;
	clear: Database.Statement<[]>;
	raise: Database.Statement<[]>;
	/** A one-row batch in one statement, its seq computed inside the INSERT (see appendUpdates). */
	insertOne: Database.Statement<unknown[]>;
	/** Rows appended by appendUpdates since the log's size was last read (see FOLD_CHECK_ROWS). */
	unchecked: number;
	/** INSERT of n rows, n a power of two up to ROWS_PER_INSERT: nine statements per database at most. */
	insert: Map<number, Database.Statement<unknown[]>>;
	/**
	 * appendUpdates' transaction (BEGIN IMMEDIATE … COMMIT), made once: better-sqlite3's
	 * `transaction()` builds five wrapper functions and their properties on every call, which cost
	 * about as much as the commit itself (tests/bench/commitProbe.ts).
	 */
	append: (rows: readonly LogRow[], now: number) => void;
}

// The hot path: prepared once per connection, instead of building the query per update.
const hotStatements = new WeakMap<object, HotStatements>();

function hot(client: Database.Database): HotStatements {
	let h = hotStatements.get(client);
	if (!h) {
		h = {
			next: client.prepare(NEXT_SEQ_SQL),
			// Two subqueries: each min/max on the rowid is one descent; one query with both would scan.
			span: client.prepare('SELECT (SELECT min(seq) FROM doc_log) AS lo, (SELECT max(seq) FROM doc_log) AS hi'),
			fold: client.prepare('INSERT INTO doc_updates (seq, doc_name, data, created_at) SELECT seq, doc_name, data, created_at FROM doc_log ORDER BY seq'),
			clear: client.prepare('DELETE FROM doc_log'),
			raise: client.prepare(RAISE_FLOOR_SQL),
			insertOne: client.prepare<unknown[]>(`INSERT INTO doc_log (seq, doc_name, data, created_at) VALUES ((${NEXT_SEQ_EXPR}), ?, ?, ?)`),
			unchecked: 0,
			insert: new Map(),
			append: client.transaction((rows: readonly LogRow[], now: number) => appendRows(client, rows, now)).immediate
		};
		hotStatements.set(client, h);
	}
	return h;
}

/** Rows per INSERT statement: 4 bound values each, well under SQLite's variable limit. */
const ROWS_PER_INSERT = 256;

function insertStatement(client: Database.Database, rows: number): Database.Statement<unknown[]> {
	const byCount = hot(client).insert;
	let stmt = byCount.get(rows);
	if (!stmt) {
		stmt = client.prepare<unknown[]>(`INSERT INTO doc_log (seq, doc_name, data, created_at) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`);
		byCount.set(rows, stmt);
	}
	return stmt;
}

/** Inside a write transaction on `client`: folds the hot log once `rows` rows (or more) wait in it. */
function foldIfFull(client: Database.Database, rows = FOLD_ROWS): boolean {
	const { lo, hi } = hot(client).span.get()!;
	// Seqs in the hot log are consecutive but for rows a compaction removed: hi - lo bounds the count.
	if (lo === null || hi === null || hi - lo + 1 < rows) return false;
	foldNow(client);
	return true;
}

function foldNow(client: Database.Database): void {
	const h = hot(client);
	h.fold.run();
	h.raise.run();
	h.clear.run();
	h.unchecked = 0;
}

/** Moves the whole hot log into doc_updates (same seqs) in one transaction: tests and tools. */
export function foldLog(db: Db): void {
	const client = db.$client;
	client.transaction(() => foldNow(client)).immediate();
}

/**
 * Folds the hot log if FOLD_ROWS rows wait in it; true if it did. The group commit calls it after a
 * batch's sends went out (commitQueue.ts), so no update waits for a fold to be sent.
 */
export function foldLogIfFull(db: Db): boolean {
	const client = db.$client;
	const h = hot(client);
	// The log's size is read once per FOLD_CHECK_ROWS appended rows, not after every batch: on a
	// quiet server that read (a read transaction of its own) came before the batch's sockets were written.
	if (h.unchecked < FOLD_CHECK_ROWS) return false;
	h.unchecked = 0;
	// Looked at without the write lock first: almost every batch finds nothing to do.
	const { lo, hi } = h.span.get()!;
	if (lo === null || hi === null || hi - lo + 1 < FOLD_ROWS) return false;
	return client.transaction(() => foldIfFull(client)).immediate();
}

/** Appends one update to the log (synchronously, committed on return). Returns its seq. */
export function appendUpdate(db: Db, docName: string, update: Uint8Array, now = Date.now()): number {
	const client = (db as Partial<Db>).$client;
	if (!client) {
		// Inside a Drizzle transaction object: the query builder, in the caller's transaction.
		const seq = db.get<{ s: number }>(sql.raw(NEXT_SEQ_SQL)).s;
		db.insert(docLog).values({ seq, docName, data: asBuffer(update), createdAt: now }).run();
		return seq;
	}
	return client
		.transaction(() => {
			const seq = hot(client).next.get()!.s;
			insertStatement(client, 1).run(seq, docName, asBuffer(update), now);
			foldIfFull(client);
			return seq;
		})
		.immediate();
}

export interface LogRow {
	docName: string;
	data: Uint8Array;
}

/**
 * Appends many updates (of any documents) to the hot log in ONE transaction, as multi-row INSERTs:
 * committed together on return, or not at all (throws). The group commit of the sync server.
 * A batch of n rows is written as chunks of power-of-two sizes (n = 100: 64 + 32 + 4), so that a
 * busy server, whose batches come in every size, does not prepare a statement per batch. The
 * caller folds (foldLogIfFull); should it not, the hot log is folded here past 4 × FOLD_ROWS.
 */
export function appendUpdates(db: Db, rows: readonly LogRow[], now = Date.now()): void {
	if (rows.length === 0) return;
	const client = db.$client;
	const h = hot(client);
	if (rows.length === 1 && h.unchecked + 1 < 4 * FOLD_ROWS) {
		// The quiet server's every commit: one statement, the seq computed in it (one row only: in a
		// multi-row INSERT each row's subquery would not see the rows before it). A statement outside
		// a transaction is one of its own (autocommit), taking the write lock as it starts like BEGIN
		// IMMEDIATE; inside the caller's transaction it is part of that one.
		h.insertOne.run(rows[0].docName, asBuffer(rows[0].data), now);
		h.unchecked++;
		return;
	}
	h.append(rows, now);
}

/** appendUpdates' body, inside its transaction. */
function appendRows(client: Database.Database, rows: readonly LogRow[], now: number): void {
	const h = hot(client);
	if (rows.length === 1) {
		h.insertOne.run(rows[0].docName, asBuffer(rows[0].data), now);
	} else {
		let seq = h.next.get()!.s;
		for (let i = 0; i < rows.length; ) {
			let size = ROWS_PER_INSERT;
			while (size > rows.length - i) size >>= 1;
			const values: unknown[] = [];
			for (let j = i; j < i + size; j++) values.push(seq++, rows[j].docName, asBuffer(rows[j].data), now);
			insertStatement(client, size).run(...values);
			i += size;
		}
	}
	h.unchecked += rows.length;
	// The safety net for a caller that does not fold: read the size only once it may be due.
	if (h.unchecked >= 4 * FOLD_ROWS) foldIfFull(client, 4 * FOLD_ROWS);
}

/** Throws unless `data` loads into a fresh document with exactly the state of `expected`. */
export function verifySnapshot(data: Uint8Array, expected: Y.Doc): void {
	const check = new Y.Doc();
	try {
		Y.applyUpdate(check, data);
		const a = Y.encodeStateVector(check);
		const b = Y.encodeStateVector(expected);
		if (a.byteLength !== b.byteLength || a.some((x, i) => x !== b[i]) || check.store.pendingStructs !== null) {
			throw new Error('the new snapshot does not load to the same state');
		}
	} finally {
		check.destroy();
	}
}

/**
 * Folds the log into the snapshot in one transaction. The stored state is always read and merged,
 * so rows written by someone else meanwhile are never lost; `current` (the live document, or a
 * state update) is merged in on top. The snapshot is written only once it has been verified to
 * load in a fresh document; otherwise this throws and the log stays as it was.
 * Returns the new snapshot's size in bytes.
 */
export function compact(db: Db, docName: string, current?: Y.Doc | Uint8Array, now = Date.now()): number {
	return db.transaction(
		(tx) => {
			const t = tx as unknown as Db;
			const stored = readParts(t, docName);
			const merged = new Y.Doc();
			try {
				// Parts that cannot be applied are moved aside (in this transaction), never folded or lost.
				if (stored) quarantine(t, docName, applyParts(merged, stored.parts, null), now);
				if (current) Y.applyUpdate(merged, current instanceof Y.Doc ? Y.encodeStateAsUpdate(current) : current);
				const data = asBuffer(Y.encodeStateAsUpdate(merged));
				verifySnapshot(data, merged);
				const upToSeq = stored?.lastSeq ?? 0;
				t.insert(docSnapshots)
					.values({ docName, data, upToSeq, updatedAt: now })
					.onConflictDoUpdate({ target: docSnapshots.docName, set: { data, upToSeq, updatedAt: now } })
					.run();
				deleteLogUpTo(t, docName, upToSeq);
				return data.byteLength;
			} finally {
				merged.destroy();
			}
		},
		{ behavior: 'immediate' }
	);
}

/**
 * compact() for a background thread: reads the stored document in a read transaction, merges and
 * verifies it outside any lock, then writes the snapshot in a short transaction, only if nobody
 * compacted or deleted the document meanwhile (then it returns null and changes nothing). Rows
 * appended after the read stay in the log. The sync server's hot path never waits on the merge.
 * Returns the new snapshot's size, or null when there was nothing to fold or it lost the race.
 */
/**
 * Compaction's fold, the same for every store: the parts merged into one snapshot, verified to
 * load again, and the parts that did not apply (to set aside).
 */
export function mergeParts(parts: Part[]): { data: Buffer; bad: Array<Part & { reason: string }> } {
	const merged = new Y.Doc();
	try {
		const bad = applyParts(merged, parts, null);
		const data = asBuffer(Y.encodeStateAsUpdate(merged));
		verifySnapshot(data, merged);
		return { data, bad };
	} finally {
		merged.destroy();
	}
}

export function compactStored(db: Db, docName: string, now = Date.now()): number | null {
	const stored = db.transaction((tx) => readParts(tx as unknown as Db, docName));
	if (!stored || !stored.parts.some((p) => p.source === 'log')) return null;
	const from = stored.parts[0].source === 'snapshot' ? stored.parts[0].seq : null;
	const { data, bad } = mergeParts(stored.parts);
	const upToSeq = stored.lastSeq;
	return db.transaction(
		(tx) => {
			const t = tx as unknown as Db;
			const snap = t.select({ upToSeq: docSnapshots.upToSeq }).from(docSnapshots).where(eq(docSnapshots.docName, docName)).get();
			if ((snap?.upToSeq ?? null) !== from) return null; // compacted or deleted meanwhile
			// The last row we read, in either table (a fold may have moved it meanwhile).
			const last =
				t.select({ seq: docUpdates.seq }).from(docUpdates).where(and(eq(docUpdates.docName, docName), eq(docUpdates.seq, upToSeq))).get() ??
				t.select({ seq: docLog.seq }).from(docLog).where(and(eq(docLog.docName, docName), eq(docLog.seq, upToSeq))).get();
			if (!last) return null; // the log we read is gone (board deleted)
			quarantine(t, docName, bad, now);
			t.insert(docSnapshots)
				.values({ docName, data, upToSeq, updatedAt: now })
				.onConflictDoUpdate({ target: docSnapshots.docName, set: { data, upToSeq, updatedAt: now } })
				.run();
			deleteLogUpTo(t, docName, upToSeq);
			return data.byteLength;
		},
		{ behavior: 'immediate' }
	);
}

/** Deletes the log rows of `docName` folded into a snapshot up to `upToSeq` (both tables). */
function deleteLogUpTo(t: Db, docName: string, upToSeq: number): void {
	raiseSeqFloor(t);
	t.delete(docUpdates)
		.where(and(eq(docUpdates.docName, docName), lte(docUpdates.seq, upToSeq)))
		.run();
	t.delete(docLog)
		.where(and(eq(docLog.docName, docName), lte(docLog.seq, upToSeq)))
		.run();
}

/** Removes both documents of a board, with what was set aside from them (the board row itself is the caller's). */
export function deleteDocs(db: Db, boardId: string): void {
	const names = [docName(boardId, 'shared'), docName(boardId, 'internal')];
	db.transaction((tx) => {
		raiseSeqFloor(tx as unknown as Db);
		tx.delete(docUpdates).where(inArray(docUpdates.docName, names)).run();
		tx.delete(docLog).where(inArray(docLog.docName, names)).run();
		tx.delete(docSnapshots).where(inArray(docSnapshots.docName, names)).run();
		tx.delete(docQuarantine).where(inArray(docQuarantine.docName, names)).run();
	});
}
