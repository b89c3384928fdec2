import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activityRecorder } from '../../../server/sync/activity.ts';
import { accounts, boards, workspaces } from '../../../src/lib/server/db/schema.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { addUser, tempDb } from '../testDb.ts';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
	({ db, cleanup } = tempDb());
	addUser(db, 'u1');
	db.insert(workspaces).values({ id: 'w1', name: 'W', createdAt: 0 }).run();
	db.insert(accounts).values({ id: 'a1', workspaceId: 'w1', name: 'A', ownerId: 'u1', createdAt: 0 }).run();
	for (const id of ['b1', 'b2']) db.insert(boards).values({ id, accountId: 'a1', name: id, template: 'blank', createdBy: 'u1', createdAt: 0, lastActivityAt: 0 }).run();
});
afterEach(() => cleanup());


describe('board activity', () => {
	it('is written once per board per interval, each board its own time, with one statement prepared once', async () => {
		let clock = 1_000;
		const touch = activityRecorder(db, 10_000, () => clock);
		// Read with a statement of its own, prepared before the count starts.
		const read = db.$client.prepare<[string], { at: number }>('SELECT last_activity_at AS at FROM boards WHERE id = ?');
		const activityOf = (id: string) => read.get(id)?.at;
		await touch('b1');
		expect(activityOf('b1')).toBe(1_000);
		expect(activityOf('b2')).toBe(0);
		const prepare = vi.spyOn(db.$client, 'prepare');
		clock = 5_000;
		await touch('b1'); // within the interval: not written
		await touch('b2');
		expect([activityOf('b1'), activityOf('b2')]).toEqual([1_000, 5_000]);
		clock = 11_000;
		await touch('b1');
		expect([activityOf('b1'), activityOf('b2')]).toEqual([11_000, 5_000]);
		expect(prepare).not.toHaveBeenCalled();
	});
});
