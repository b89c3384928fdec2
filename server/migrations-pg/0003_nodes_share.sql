-- What several nodes behind a balancer share besides the documents.
-- PDF report jobs, seen by every node: the node that was asked renders; the browser's polls and the
-- download may reach any node (src/lib/server/report/sharedJobs.ts).
CREATE TABLE "report_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"board_id" text NOT NULL,
	"version" text NOT NULL,
	"file_name" text NOT NULL,
	"state" text NOT NULL,
	"ahead" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"pdf" bytea,
	"render_ms" double precision,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "report_jobs_created_idx" ON "report_jobs" ("created_at");
--> statement-breakpoint
-- Form double-submit claims (src/lib/server/formClaims.ts): a hash of (session, action, token) and
-- the first result sealed with a key only that token gives.
CREATE TABLE "form_claims" (
	"key" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"sealed" bytea
);
