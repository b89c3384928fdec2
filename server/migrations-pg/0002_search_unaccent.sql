-- Hand-written: the search folds accents as SQLite's FTS5 does (tokenize 'unicode61 remove_diacritics 2',
-- server/migrations/0004): "cafe" finds "Café", "muller" finds "Müller". A text search configuration
-- copied from 'simple' (case folded, no stemming) whose words go through the unaccent dictionary
-- first. unaccent ships with PostgreSQL (contrib) and is a trusted extension: the database's owner
-- may create it without being a superuser. Queries use the same configuration (src/lib/server/search.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tandem_search (COPY = pg_catalog.simple);
--> statement-breakpoint
-- Only these token types can hold accented letters (asciiword, asciihword… cannot).
ALTER TEXT SEARCH CONFIGURATION tandem_search ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;
--> statement-breakpoint
-- The stored vectors are recomputed from the bodies with the new configuration.
DROP INDEX "search_index_tsv_idx";
--> statement-breakpoint
ALTER TABLE "search_index" DROP COLUMN "tsv";
--> statement-breakpoint
ALTER TABLE "search_index" ADD COLUMN "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('tandem_search'::regconfig, "body")) STORED;
--> statement-breakpoint
CREATE INDEX "search_index_tsv_idx" ON "search_index" USING gin ("tsv");
