import { bigint, bigserial, customType, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// The documents on PostgreSQL (DATABASE_URL): the same three parts as SQLite's doc_updates,
// doc_snapshots and doc_quarantine (./schema.ts), plus doc_heads, the per-document sequence. The log's
// seq counts per document (1, 2, 3… for each), so a node relaying updates through Redis can tell
// from a gap that it missed one. Migrations: server/migrations-pg/.

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Per document: the highest seq ever given out. Never lowered, so a seq is never reused after a compaction. */
export const pgDocHeads = pgTable('doc_heads', {
	docName: text('doc_name').primaryKey(),
	lastSeq: bigint('last_seq', { mode: 'number' }).notNull()
});

export const pgDocUpdates = pgTable(
	'doc_updates',
	{
		docName: text('doc_name').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		data: bytea('data').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.docName, t.seq] })]
);

/** The state of a document up to and including its log row `up_to_seq`. */
export const pgDocSnapshots = pgTable('doc_snapshots', {
	docName: text('doc_name').primaryKey(),
	data: bytea('data').notNull(),
	upToSeq: bigint('up_to_seq', { mode: 'number' }).notNull(),
	updatedAt: bigint('updated_at', { mode: 'number' }).notNull()
});

/** Stored parts that did not load, set aside with the reason (the facilitator sees them on the board). */
export const pgDocQuarantine = pgTable(
	'doc_quarantine',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		docName: text('doc_name').notNull(),
		source: text('source').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		data: bytea('data').notNull(),
		reason: text('reason').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull()
	},
	(t) => [index('doc_quarantine_doc').on(t.docName)]
);
