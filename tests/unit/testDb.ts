import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../src/lib/server/db/index.ts';
import { users, workspaceMembers, workspaces } from '../../src/lib/server/db/schema.ts';

/** A fresh, migrated SQLite database in a temp folder. */
export function tempDb(): { db: Db; cleanup: () => void } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-unit-'));
	const db = openDb(path.join(dir, 't.db'), path.resolve('server/migrations'));
	return {
		db,
		cleanup: () => {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function addUser(db: Db, id: string, workspaceId?: string) {
	db.insert(users).values({ id, email: `${id}@test`, name: id.toUpperCase(), passwordHash: 'x', createdAt: 0 }).run();
	if (workspaceId) {
		if (!db.select().from(workspaces).all().some((w) => w.id === workspaceId))
			db.insert(workspaces).values({ id: workspaceId, name: workspaceId, createdAt: 0 }).run();
		db.insert(workspaceMembers).values({ workspaceId, userId: id, role: 'member', joinedAt: 0 }).run();
	}
}

/** A copy of the migrations folder, in `dir`, that holds only the migrations up to index `last`. */
export function migrationsUpTo(dir: string, last: number): string {
	const to = path.join(dir, `migrations-${last}`);
	fs.cpSync(path.resolve('server/migrations'), to, { recursive: true });
	const journalFile = path.join(to, 'meta/_journal.json');
	const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ idx: number }> };
	journal.entries = journal.entries.filter((e) => e.idx <= last);
	fs.writeFileSync(journalFile, JSON.stringify(journal));
	return to;
}
