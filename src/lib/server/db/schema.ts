import { sqliteTable, text, integer, blob, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { BOARD_ROLES, SIDES } from '../../board/model/roles.ts';

// Times are epoch milliseconds (integer) so SQL comparisons stay trivial.

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	createdAt: integer('created_at').notNull()
});

/** Guests are client executives who join one board through an invite link, without an account. */
export const guests = sqliteTable('guests', {
	id: text('id').primaryKey(),
	boardId: text('board_id')
		.notNull()
		.references(() => boards.id, { onDelete: 'cascade' }),
	inviteId: text('invite_id').references(() => boardInvites.id, { onDelete: 'set null' }),
	displayName: text('display_name').notNull(),
	title: text('title'),
	function: text('function'),
	side: text('side', { enum: SIDES }).notNull(),
	role: text('role', { enum: BOARD_ROLES }).notNull(),
	createdAt: integer('created_at').notNull(),
	removedAt: integer('removed_at')
});

/** A session belongs to a user or to a guest; only the SHA-256 of its secret is stored (id). */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		guestId: text('guest_id').references(() => guests.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_guest_idx').on(t.guestId)]
);

export const workspaces = sqliteTable('workspaces', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: integer('created_at').notNull()
});

export const workspaceMembers = sqliteTable(
	'workspace_members',
	{
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ['admin', 'member'] }).notNull(),
		joinedAt: integer('joined_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), uniqueIndex('workspace_members_user_uq').on(t.userId)]
);

export const workspaceInvites = sqliteTable('workspace_invites', {
	id: text('id').primaryKey(),
	workspaceId: text('workspace_id')
		.notNull()
		.references(() => workspaces.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdBy: text('created_by').notNull(),
	createdAt: integer('created_at').notNull(),
	expiresAt: integer('expires_at'),
	revokedAt: integer('revoked_at')
});

export const accounts = sqliteTable(
	'accounts',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		ownerId: text('owner_id')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('accounts_workspace_idx').on(t.workspaceId)]
);

export const boards = sqliteTable(
	'boards',
	{
		id: text('id').primaryKey(),
		accountId: text('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		template: text('template').notNull(),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at').notNull(),
		lastActivityAt: integer('last_activity_at').notNull(),
		/** Archived boards open read-only for everyone and are hidden from the default lists; null = live. */
		archivedAt: integer('archived_at'),
		/** Who archived it (a user or a supplier-side guest facilitator: no foreign key), and their name then. */
		archivedBy: text('archived_by'),
		archivedByName: text('archived_by_name')
	},
	(t) => [index('boards_account_idx').on(t.accountId)]
);

/** Explicit board roles for signed-in users; workspace members without a row are supplier participants. */
export const boardMembers = sqliteTable(
	'board_members',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: [...BOARD_ROLES, 'removed'] }).notNull(),
		side: text('side', { enum: SIDES }).notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.userId] })]
);

export const boardInvites = sqliteTable(
	'board_invites',
	{
		id: text('id').primaryKey(),
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').notNull().unique(),
		label: text('label'),
		side: text('side', { enum: SIDES }).notNull(),
		role: text('role', { enum: BOARD_ROLES }).notNull(),
		maxUses: integer('max_uses'),
		uses: integer('uses').notNull().default(0),
		expiresAt: integer('expires_at'),
		revokedAt: integer('revoked_at'),
		createdBy: text('created_by').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('board_invites_board_idx').on(t.boardId)]
);

/** Append-only Yjs update log per document ("<boardId>/<shared|internal>"), compacted into doc_snapshots. */
export const docUpdates = sqliteTable(
	'doc_updates',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('doc_updates_doc_idx').on(t.docName, t.seq)]
);

/**
 * The hot log: new updates of every document in time order, without a per-document index, so a
 * commit writes the table's last page only. Folded into doc_updates in bulk (docStore.foldLog); a
 * document is its snapshot, its doc_updates rows and its doc_log rows after the snapshot.
 */
export const docLog = sqliteTable('doc_log', {
	seq: integer('seq').primaryKey(),
	docName: text('doc_name').notNull(),
	data: blob('data', { mode: 'buffer' }).notNull(),
	createdAt: integer('created_at').notNull()
});

/** One row: at least every log seq ever handed out and deleted since (docStore's sequence). */
export const docSeq = sqliteTable('doc_seq', {
	id: integer('id').primaryKey(),
	floor: integer('floor').notNull()
});

export const docSnapshots = sqliteTable('doc_snapshots', {
	docName: text('doc_name').primaryKey(),
	data: blob('data', { mode: 'buffer' }).notNull(),
	/** Highest doc_updates.seq folded into this snapshot. */
	upToSeq: integer('up_to_seq').notNull(),
	updatedAt: integer('updated_at').notNull()
});

/**
 * Stored rows that could not be applied when their document loaded: kept aside with the reason
 * (never deleted silently), so the rest of the document loads and the facilitator is told.
 */
export const docQuarantine = sqliteTable(
	'doc_quarantine',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		/** 'log' (a doc_updates row) or 'snapshot'. */
		source: text('source', { enum: ['log', 'snapshot'] }).notNull(),
		/** The doc_updates.seq (or the snapshot's up_to_seq) it came from. */
		seq: integer('seq').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		reason: text('reason').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('doc_quarantine_doc_idx').on(t.docName)]
);

/** Fixed-window counters for rate limiting (sign-in attempts per email and per address). */
export const rateLimits = sqliteTable('rate_limits', {
	key: text('key').primaryKey(),
	count: integer('count').notNull(),
	windowStart: integer('window_start').notNull()
});

/**
 * Named states of one board document (shared or internal), kept for history, compare and restore.
 * `state` is Y.encodeStateAsUpdate of the document at that time, verified to load before it is
 * written. Rows of the internal document are only ever read for the supplier side.
 */
export const checkpoints = sqliteTable(
	'checkpoints',
	{
		id: text('id').primaryKey(),
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		docName: text('doc_name').notNull(),
		name: text('name').notNull(),
		kind: text('kind', { enum: ['manual', 'auto'] }).notNull(),
		/** Why: 'manual', 'step', 'session-end', 'daily', 'before-restore'. */
		reason: text('reason').notNull(),
		/** A user or guest id, or null for the server. */
		createdBy: text('created_by'),
		createdByName: text('created_by_name'),
		createdAt: integer('created_at').notNull(),
		state: blob('state', { mode: 'buffer' }).notNull()
	},
	(t) => [index('checkpoints_board_idx').on(t.boardId, t.createdAt), index('checkpoints_doc_idx').on(t.docName, t.createdAt)]
);

/**
 * Dot-vote ballots, one row per vote and person ("user:<id>" / "guest:<id>"). Held here and never in
 * a document: nobody's browser receives anyone else's dots before the facilitator reveals the totals.
 */
export const voteBallots = sqliteTable(
	'vote_ballots',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		voteId: text('vote_id').notNull(),
		personKey: text('person_key').notNull(),
		name: text('name').notNull(),
		side: text('side', { enum: SIDES }).notNull(),
		/** JSON: item ref → dots. */
		dots: text('dots').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.voteId, t.personKey] })]
);

/** Private-writing notes: readable by their author only until the facilitator reveals them. */
export const privateNotes = sqliteTable(
	'private_notes',
	{
		id: text('id').primaryKey(),
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		personKey: text('person_key').notNull(),
		name: text('name').notNull(),
		side: text('side', { enum: SIDES }).notNull(),
		text: text('text').notNull(),
		createdAt: integer('created_at').notNull(),
		/** Set when revealed into the shared document (then no longer private). */
		revealedAt: integer('revealed_at')
	},
	(t) => [index('private_notes_board_idx').on(t.boardId, t.personKey)]
);
