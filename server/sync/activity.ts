import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { prepared, type Q } from '../../src/lib/server/db/query.ts';

// Prepared once per database: building the UPDATE cost more than running it.
const touch = ({ orm, t }: Q) =>
	orm
		.update(t.boards)
		.set({ lastActivityAt: sql`${sql.placeholder('at')}` })
		.where(eq(t.boards.id, sql.placeholder('boardId')));

/**
 * Records boards.last_activity_at for lists sorted by activity; one write per board per `everyMs`.
 * The returned promise is the write (the caller logs a failure; nothing waits for it).
 */
export function activityRecorder(db: AppDb, everyMs = 10_000, now: () => number = Date.now): (boardId: string) => Promise<void> {
	const lastWrite = new Map<string, number>();
	return (boardId) => {
		const t = now();
		if (t - (lastWrite.get(boardId) ?? -Infinity) < everyMs) return Promise.resolve();
		lastWrite.set(boardId, t);
		if (lastWrite.size > 1000) for (const [id, at] of lastWrite) if (t - at >= everyMs) lastWrite.delete(id);
		return prepared(db, 'touch_board', touch, { at: t, boardId }).then(() => {});
	};
}
