import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsUpTo } from '../testDb.ts';

// Drizzle's SQLite migrator runs only the migrations whose journal `when` is later than the newest
// one a database has applied. A database migrated when 0004 was the newest must still get every
// table added after it, whatever order the stamps were written in.
const FOLDER = path.resolve('server/migrations');
const journal = JSON.parse(fs.readFileSync(path.join(FOLDER, 'meta/_journal.json'), 'utf8')) as {
	entries: { idx: number; when: number; tag: string }[];
};
const dirs: string[] = [];

/** A copy of the migrations folder that holds only the first `count` migrations. */
function folderUpTo(count: number): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-mig-'));
	dirs.push(dir);
	return migrationsUpTo(dir, count - 1);
}

function tables(client: Database.Database): string[] {
	return (client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migrations applied in steps', () => {
	it('every step from an older database ends with the same tables as a fresh one', () => {
		const fresh = new Database(':memory:');
		migrate(drizzle(fresh), { migrationsFolder: FOLDER });
		const expected = tables(fresh);
		expect(expected).toContain('private_notes');
		expect(expected).toContain('vote_ballots');
		for (let step = 1; step < journal.entries.length; step++) {
			const client = new Database(':memory:');
			migrate(drizzle(client), { migrationsFolder: folderUpTo(step) });
			migrate(drizzle(client), { migrationsFolder: FOLDER });
			expect({ step, tables: tables(client) }).toEqual({ step, tables: expected });
		}
	});

	it('the stamps increase with the migration number from the repair on', () => {
		const repair = journal.entries.findIndex((e) => e.tag.startsWith('0007'));
		expect(repair).toBeGreaterThan(0);
		for (const e of journal.entries.slice(repair)) expect(e.when).toBeGreaterThan(Math.max(...journal.entries.slice(0, e.idx).map((p) => p.when)));
	});
});
