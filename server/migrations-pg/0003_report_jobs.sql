-- PDF report jobs, seen by every node (several nodes behind a balancer): the node that was asked
-- renders; the browser's polls and the download may reach any node (src/lib/server/report/sharedJobs.ts).
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
