import { pgTable, text, integer, bigint, bigserial, customType, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { BOARD_ROLES, SIDES } from '../../board/model/roles.ts';

// The PostgreSQL mirror of schema.ts: same tables, same column names, same JavaScript types (times
// are epoch milliseconds as bigint read back as numbers, bytes are bytea read back as Buffers), so
// the query code in the data modules is written once (db/query.ts). Change both files together.

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ms = (name: string) => bigint(name, { mode: 'number' });

export const users = pgTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	createdAt: ms('created_at').notNull()
});

export const guests = pgTable('guests', {
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
	createdAt: ms('created_at').notNull(),
	removedAt: ms('removed_at')
});

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		guestId: text('guest_id').references(() => guests.id, { onDelete: 'cascade' }),
		expiresAt: ms('expires_at').notNull(),
		createdAt: ms('created_at').notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_guest_idx').on(t.guestId)]
);

export const workspaces = pgTable('workspaces', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: ms('created_at').notNull()
});

export const workspaceMembers = pgTable(
	'workspace_members',
	{
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ['admin', 'member'] }).notNull(),
		joinedAt: ms('joined_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), uniqueIndex('workspace_members_user_uq').on(t.userId)]
);

export const workspaceInvites = pgTable('workspace_invites', {
	id: text('id').primaryKey(),
	workspaceId: text('workspace_id')
		.notNull()
		.references(() => workspaces.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdBy: text('created_by').notNull(),
	createdAt: ms('created_at').notNull(),
	expiresAt: ms('expires_at'),
	revokedAt: ms('revoked_at')
});

export const accounts = pgTable(
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
		createdAt: ms('created_at').notNull()
	},
	(t) => [index('accounts_workspace_idx').on(t.workspaceId)]
);

export const boards = pgTable(
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
		createdAt: ms('created_at').notNull(),
		lastActivityAt: ms('last_activity_at').notNull(),
		archivedAt: ms('archived_at'),
		archivedBy: text('archived_by'),
		archivedByName: text('archived_by_name')
	},
	(t) => [index('boards_account_idx').on(t.accountId)]
);

export const boardMembers = pgTable(
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
		updatedAt: ms('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.userId] })]
);

export const boardInvites = pgTable(
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
		expiresAt: ms('expires_at'),
		revokedAt: ms('revoked_at'),
		createdBy: text('created_by').notNull(),
		createdAt: ms('created_at').notNull()
	},
	(t) => [index('board_invites_board_idx').on(t.boardId)]
);

// The document tables are defined once, with the PostgreSQL document store (schemaPgDocs.ts).
export {
	pgDocHeads as docHeads,
	pgDocQuarantine as docQuarantine,
	pgDocSnapshots as docSnapshots,
	pgDocUpdates as docUpdates
} from './schemaPgDocs.ts';

export const rateLimits = pgTable('rate_limits', {
	key: text('key').primaryKey(),
	count: integer('count').notNull(),
	windowStart: ms('window_start').notNull()
});

export const checkpoints = pgTable(
	'checkpoints',
	{
		id: text('id').primaryKey(),
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		docName: text('doc_name').notNull(),
		name: text('name').notNull(),
		kind: text('kind', { enum: ['manual', 'auto'] }).notNull(),
		reason: text('reason').notNull(),
		createdBy: text('created_by'),
		createdByName: text('created_by_name'),
		createdAt: ms('created_at').notNull(),
		state: bytea('state').notNull()
	},
	(t) => [index('checkpoints_board_idx').on(t.boardId, t.createdAt), index('checkpoints_doc_idx').on(t.docName, t.createdAt)]
);

export const voteBallots = pgTable(
	'vote_ballots',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		voteId: text('vote_id').notNull(),
		personKey: text('person_key').notNull(),
		name: text('name').notNull(),
		side: text('side', { enum: SIDES }).notNull(),
		dots: text('dots').notNull(),
		updatedAt: ms('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.voteId, t.personKey] })]
);

export const privateNotes = pgTable(
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
		createdAt: ms('created_at').notNull(),
		revealedAt: ms('revealed_at')
	},
	(t) => [index('private_notes_board_idx').on(t.boardId, t.personKey)]
);

/** The full-text index (search.ts): PostgreSQL's tsvector where SQLite has FTS5; hand-written in 0000 (its configuration: 0002). */
export const searchState = pgTable(
	'search_state',
	{
		docName: text('doc_name').primaryKey(),
		boardId: text('board_id').notNull(),
		version: ms('version').notNull()
	},
	(t) => [index('search_state_board_idx').on(t.boardId)]
);
