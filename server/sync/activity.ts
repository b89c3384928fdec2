import { eq } from 'drizzle-orm';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { q } from '../../src/lib/server/db/query.ts';

/**
 * Records boards.last_activity_at for lists sorted by activity; one write per board per `everyMs`.
 * The returned promise is the write (the caller logs a failure; nothing waits for it).
 */
export function activityRecorder(db: AppDb, everyMs = 10_000, now: () => number = Date.now): (boardId: string) => Promise<void> {
	const { orm, t: tables } = q(db);
	const lastWrite = new Map<string, number>();
	return (boardId) => {
		const t = now();
		if (t - (lastWrite.get(boardId) ?? -Infinity) < everyMs) return Promise.resolve();
		lastWrite.set(boardId, t);
		if (lastWrite.size > 1000) for (const [id, at] of lastWrite) if (t - at >= everyMs) lastWrite.delete(id);
		return orm.update(tables.boards).set({ lastActivityAt: t }).where(eq(tables.boards.id, boardId)).then(() => {});
	};
}
