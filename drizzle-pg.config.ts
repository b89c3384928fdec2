import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations (DATABASE_URL): `npm run db:generate:pg` after a change to schemaPg.ts.
export default defineConfig({
	dialect: 'postgresql',
	schema: process.env.DRIZZLE_PG_SCHEMA ?? './src/lib/server/db/schemaPg.ts',
	out: './server/migrations-pg'
});
