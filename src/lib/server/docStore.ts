import { and, desc, eq, gt, inArray, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import type { Db } from './db/index.ts';
import { docQuarantine, docSnapshots, docUpdates } from './db/schema.ts';
import { docName } from '../board/model/docNames.ts';

// A document is stored as one snapshot (its state up to some log seq) plus the update log after it.
// Every function here sticks to the Drizzle query API so it also works inside a caller's transaction
// (board creation seeds both documents in the same transaction as the board row).
// doc_updates.seq is AUTOINCREMENT, never reused after a compaction deletes rows: so the rows with
// seq > up_to_seq are exactly the log not folded into the snapshot.

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

function readParts(db: Db, docName: string): StoredParts | null {
	const snap = db.select().from(docSnapshots).where(eq(docSnapshots.docName, docName)).get();
	const from = snap?.upToSeq ?? 0;
	const rows = db
		.select({ seq: docUpdates.seq, data: docUpdates.data })
		.from(docUpdates)
		.where(and(eq(docUpdates.docName, docName), gt(docUpdates.seq, from)))
		.orderBy(docUpdates.seq)
		.all();
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

/**
 * Applies the stored parts to `doc` in one transaction (much faster than merging them into one
 * update first). A part that does not decode or apply is left out and returned: one bad row must
 * not make the whole document unloadable. Decoding first keeps a bad row from half-applying.
 */
export function applyParts(doc: Y.Doc, parts: Part[], origin: unknown): Array<Part & { reason: string }> {
	const bad: Array<Part & { reason: string }> = [];
	doc.transact(() => {
		for (const part of parts) {
			try {
				Y.decodeUpdate(part.data);
				Y.applyUpdate(doc, part.data, origin);
			} catch (err) {
				bad.push({ ...part, reason: reasonOf(err) });
			}
		}
	}, origin);
	return bad;
}

/** Moves parts that could not be applied into doc_quarantine, with their reason. */
function quarantine(db: Db, docName: string, bad: Array<Part & { reason: string }>, now = Date.now()): void {
	if (bad.length === 0) return;
	db.transaction((tx) => {
		for (const b of bad) {
			tx.insert(docQuarantine).values({ docName, source: b.source, seq: b.seq, data: asBuffer(b.data), reason: b.reason, createdAt: now }).run();
			if (b.source === 'log') tx.delete(docUpdates).where(eq(docUpdates.seq, b.seq)).run();
			else tx.delete(docSnapshots).where(eq(docSnapshots.docName, docName)).run();
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
}

/**
 * Loads the stored document into `doc` (empty, fresh). Returns null when nothing was ever stored.
 * Parts that cannot be applied are quarantined and reported; everything else loads.
 */
export function readDocInto(db: Db, docName: string, doc: Y.Doc, origin: unknown): LoadReport | null {
	const stored = db.transaction((tx) => readParts(tx as unknown as Db, docName));
	if (!stored) return null;
	const bad = applyParts(doc, stored.parts, origin);
	quarantine(db, docName, bad);
	const badLog = bad.filter((b) => b.source === 'log');
	const logBytes = stored.logBytes - badLog.reduce((n, b) => n + b.data.byteLength, 0);
	return { logBytes, lastSeq: stored.lastSeq, quarantined: bad.map(({ source, seq, reason }) => ({ source, seq, reason })) };
}

/** The stored document with its log size; null if never stored. Unloadable parts are quarantined. */
export function readDoc(db: Db, docName: string): StoredDoc | null {
	const doc = new Y.Doc();
	try {
		const report = readDocInto(db, docName, doc, null);
		if (!report) return null;
		return { state: Y.encodeStateAsUpdate(doc), logBytes: report.logBytes, lastSeq: report.lastSeq };
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
			tx.select({ n: docUpdates.seq }).from(docUpdates).where(eq(docUpdates.docName, docName)).limit(1).get();
		if (existing) throw new Error(`document ${docName} already exists`);
		tx.insert(docSnapshots).values({ docName, data: asBuffer(update), upToSeq: 0, updatedAt: now }).run();
		// Immediate: a read that later upgrades to a write fails at once (no busy wait) when another
		// connection wrote in between.
	}, { behavior: 'immediate' });
}

// The hot path: one prepared statement per database, instead of building the query per update.
const appendStatements = new WeakMap<object, Database.Statement<[string, Buffer, number]>>();

function appendStatement(db: Db): Database.Statement<[string, Buffer, number]> | null {
	const client = (db as Partial<Db>).$client;
	if (!client) return null; // inside a Drizzle transaction object: use the query builder
	let stmt = appendStatements.get(client);
	if (!stmt) {
		stmt = client.prepare<[string, Buffer, number]>('INSERT INTO doc_updates (doc_name, data, created_at) VALUES (?, ?, ?)');
		appendStatements.set(client, stmt);
	}
	return stmt;
}

/** Appends one update to the log (synchronously, committed on return). Returns its seq. */
export function appendUpdate(db: Db, docName: string, update: Uint8Array, now = Date.now()): number {
	const stmt = appendStatement(db);
	const r = stmt
		? stmt.run(docName, asBuffer(update), now)
		: db.insert(docUpdates).values({ docName, data: asBuffer(update), createdAt: now }).run();
	return Number(r.lastInsertRowid);
}

export interface LogRow {
	docName: string;
	data: Uint8Array;
}

/** Rows per INSERT statement: 3 bound values each, well under SQLite's variable limit. */
const ROWS_PER_INSERT = 256;
const batchStatements = new WeakMap<object, Map<number, Database.Statement<unknown[]>>>();

/** The INSERT of `rows` rows, a power of two up to ROWS_PER_INSERT: nine statements per database at most. */
function batchStatement(client: Database.Database, rows: number): Database.Statement<unknown[]> {
	let byCount = batchStatements.get(client);
	if (!byCount) batchStatements.set(client, (byCount = new Map()));
	let stmt = byCount.get(rows);
	if (!stmt) {
		stmt = client.prepare<unknown[]>(`INSERT INTO doc_updates (doc_name, data, created_at) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`);
		byCount.set(rows, stmt);
	}
	return stmt;
}

/**
 * Appends many updates (of any documents) to the log in ONE transaction, as multi-row INSERTs:
 * committed together on return, or not at all (throws). The group commit of the sync server.
 * A batch of n rows is written as chunks of power-of-two sizes (n = 100: 64 + 32 + 4), so that a
 * busy server, whose batches come in every size, does not prepare a statement per batch.
 */
export function appendUpdates(db: Db, rows: readonly LogRow[], now = Date.now()): void {
	if (rows.length === 0) return;
	const client = db.$client;
	client
		.transaction(() => {
			for (let i = 0; i < rows.length; ) {
				let size = ROWS_PER_INSERT;
				while (size > rows.length - i) size >>= 1;
				const values: unknown[] = [];
				for (let j = i; j < i + size; j++) values.push(rows[j].docName, asBuffer(rows[j].data), now);
				batchStatement(client, size).run(...values);
				i += size;
			}
		})
		.immediate();
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
				t.delete(docUpdates)
					.where(and(eq(docUpdates.docName, docName), lte(docUpdates.seq, upToSeq)))
					.run();
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
export function compactStored(db: Db, docName: string, now = Date.now()): number | null {
	const stored = db.transaction((tx) => readParts(tx as unknown as Db, docName));
	if (!stored || !stored.parts.some((p) => p.source === 'log')) return null;
	const from = stored.parts[0].source === 'snapshot' ? stored.parts[0].seq : null;
	const merged = new Y.Doc();
	let data: Buffer;
	let bad: Array<Part & { reason: string }>;
	try {
		bad = applyParts(merged, stored.parts, null);
		data = asBuffer(Y.encodeStateAsUpdate(merged));
		verifySnapshot(data, merged);
	} finally {
		merged.destroy();
	}
	const upToSeq = stored.lastSeq;
	return db.transaction(
		(tx) => {
			const t = tx as unknown as Db;
			const snap = t.select({ upToSeq: docSnapshots.upToSeq }).from(docSnapshots).where(eq(docSnapshots.docName, docName)).get();
			if ((snap?.upToSeq ?? null) !== from) return null; // compacted or deleted meanwhile
			const last = t.select({ seq: docUpdates.seq }).from(docUpdates).where(and(eq(docUpdates.docName, docName), eq(docUpdates.seq, upToSeq))).get();
			if (!last) return null; // the log we read is gone (board deleted)
			quarantine(t, docName, bad, now);
			t.insert(docSnapshots)
				.values({ docName, data, upToSeq, updatedAt: now })
				.onConflictDoUpdate({ target: docSnapshots.docName, set: { data, upToSeq, updatedAt: now } })
				.run();
			t.delete(docUpdates)
				.where(and(eq(docUpdates.docName, docName), lte(docUpdates.seq, upToSeq)))
				.run();
			return data.byteLength;
		},
		{ behavior: 'immediate' }
	);
}

/** Removes both documents of a board, with what was set aside from them (the board row itself is the caller's). */
export function deleteDocs(db: Db, boardId: string): void {
	const names = [docName(boardId, 'shared'), docName(boardId, 'internal')];
	db.transaction((tx) => {
		tx.delete(docUpdates).where(inArray(docUpdates.docName, names)).run();
		tx.delete(docSnapshots).where(inArray(docSnapshots.docName, names)).run();
		tx.delete(docQuarantine).where(inArray(docQuarantine.docName, names)).run();
	});
}
