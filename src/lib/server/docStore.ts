import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import type { Db } from './db/index.ts';
import { docSnapshots, docUpdates } from './db/schema.ts';
import type { DocName } from '../board/roles.ts';

// A document is stored as one snapshot (its state up to some log seq) plus the update log after it.
// Every function here sticks to the Drizzle query API so it also works inside a caller's transaction
// (board creation seeds both documents in the same transaction as the board row).
// doc_updates.seq is AUTOINCREMENT, never reused after a compaction deletes rows: so the rows with
// seq > up_to_seq are exactly the log not folded into the snapshot.

export type StoredDocName = `${string}/${DocName}`;

export function docNameOf(boardId: string, kind: DocName): StoredDocName {
	return `${boardId}/${kind}`;
}

export interface StoredDoc {
	/** Snapshot and log merged into one Yjs (v1) update. */
	state: Uint8Array;
	/** Bytes in the log after the snapshot: what a compaction would fold. */
	logBytes: number;
	/** Highest doc_updates.seq included in `state` (0 when none). */
	lastSeq: number;
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

interface StoredParts {
	/** The snapshot (if any) followed by the log rows after it, in order. */
	parts: Uint8Array[];
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
	const parts: Uint8Array[] = snap ? [snap.data] : [];
	let logBytes = 0;
	for (const r of rows) {
		parts.push(r.data);
		logBytes += r.data.byteLength;
	}
	return { parts, logBytes, lastSeq: rows.length ? rows[rows.length - 1].seq : from };
}

/**
 * Applies the stored parts to `doc` in one transaction: much faster than merging them into one
 * update first (Y.mergeUpdates is quadratic-ish on long logs). Throws on a corrupt row: the caller
 * must then discard `doc` and refuse, never carry on with a partial document.
 */
function applyParts(doc: Y.Doc, parts: Uint8Array[], origin: unknown): void {
	doc.transact(() => {
		for (const part of parts) Y.applyUpdate(doc, part, origin);
	}, origin);
}

function read(db: Db, docName: string): StoredDoc | null {
	const stored = readParts(db, docName);
	if (!stored) return null;
	const { parts, logBytes, lastSeq } = stored;
	// mergeUpdates throws on a corrupt row: the caller must refuse, never start from an empty doc.
	const state = parts.length === 1 ? new Uint8Array(parts[0]) : Y.mergeUpdates(parts);
	return { state, logBytes, lastSeq };
}

/** Loads the stored document into `doc` (empty, fresh). Returns null when nothing was ever stored. */
export function readDocInto(db: Db, docName: string, doc: Y.Doc, origin: unknown): Omit<StoredDoc, 'state'> | null {
	const stored = db.transaction((tx) => readParts(tx as unknown as Db, docName));
	if (!stored) return null;
	applyParts(doc, stored.parts, origin);
	return { logBytes: stored.logBytes, lastSeq: stored.lastSeq };
}

/** The stored document with its log size, read in one consistent transaction; null if never stored. */
export function readDoc(db: Db, docName: string): StoredDoc | null {
	return db.transaction((tx) => read(tx as unknown as Db, docName));
}

/** The stored state (snapshot + log) as one update, or null if nothing was ever stored. */
export function loadDoc(db: Db, docName: string): Uint8Array | null {
	return readDoc(db, docName)?.state ?? null;
}

/** Writes the first state of a new document. Refuses if anything is stored under that name already. */
export function seedDoc(db: Db, docName: string, update: Uint8Array, now = Date.now()): void {
	db.transaction((tx) => {
		const existing =
			tx.select({ n: docSnapshots.docName }).from(docSnapshots).where(eq(docSnapshots.docName, docName)).get() ??
			tx.select({ n: docUpdates.seq }).from(docUpdates).where(eq(docUpdates.docName, docName)).limit(1).get();
		if (existing) throw new Error(`document ${docName} already exists`);
		tx.insert(docSnapshots).values({ docName, data: asBuffer(update), upToSeq: 0, updatedAt: now }).run();
	});
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

/**
 * Folds the log into the snapshot in one transaction. The stored state is always read and merged,
 * so rows written by someone else meanwhile are never lost; `current` (the live document, or a
 * state update) is merged in on top. Returns the new snapshot's size in bytes.
 */
export function compact(db: Db, docName: string, current?: Y.Doc | Uint8Array, now = Date.now()): number {
	return db.transaction(
		(tx) => {
			const t = tx as unknown as Db;
			const stored = readParts(t, docName);
			const merged = new Y.Doc();
			if (stored) applyParts(merged, stored.parts, null);
			if (current) Y.applyUpdate(merged, current instanceof Y.Doc ? Y.encodeStateAsUpdate(current) : current);
			const data = asBuffer(Y.encodeStateAsUpdate(merged));
			merged.destroy();
			const upToSeq = stored?.lastSeq ?? 0;
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

/** Removes both documents of a board (the board row itself is the caller's). */
export function deleteDocs(db: Db, boardId: string): void {
	const names = [docNameOf(boardId, 'shared'), docNameOf(boardId, 'internal')];
	db.transaction((tx) => {
		tx.delete(docUpdates).where(inArray(docUpdates.docName, names)).run();
		tx.delete(docSnapshots).where(inArray(docSnapshots.docName, names)).run();
	});
}
