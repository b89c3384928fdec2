-- Placeholder on the pgapp branch: the document tables, by the column names of schema.ts, so the
-- SQLite → PostgreSQL copy (server/cli/sqliteToPostgres.ts) has somewhere to go. The pgsync branch
-- owns this migration (docStore.ts on PostgreSQL) and replaces this file at merge.
CREATE TABLE "doc_quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"doc_name" text NOT NULL,
	"source" text NOT NULL,
	"seq" bigint NOT NULL,
	"data" "bytea" NOT NULL,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_snapshots" (
	"doc_name" text PRIMARY KEY NOT NULL,
	"data" "bytea" NOT NULL,
	"up_to_seq" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_updates" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"doc_name" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "doc_quarantine_doc_idx" ON "doc_quarantine" USING btree ("doc_name");--> statement-breakpoint
CREATE INDEX "doc_updates_doc_idx" ON "doc_updates" USING btree ("doc_name","seq");