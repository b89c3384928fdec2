import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/index.ts';
import { boards } from '../../src/lib/server/db/schema.ts';

/** Records boards.last_activity_at for lists sorted by activity; one write per board per `everyMs`. */
export function activityRecorder(db: Db, everyMs = 10_000, now: () => number = Date.now): (boardId: string) => void {
	const lastWrite = new Map<string, number>();
	return (boardId) => {
		const t = now();
		if (t - (lastWrite.get(boardId) ?? -Infinity) < everyMs) return;
		lastWrite.set(boardId, t);
		db.update(boards).set({ lastActivityAt: t }).where(eq(boards.id, boardId)).run();
		if (lastWrite.size > 1000) for (const [id, at] of lastWrite) if (t - at >= everyMs) lastWrite.delete(id);
	};
}
