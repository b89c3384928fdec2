// History: the sync server's one hook for automatic checkpoints. Once a room has loaded, its
// document is observed: a change of the agenda's current step (or the end of the session) and,
// at least once a day while the board changes, the first change after the last checkpoint take a
// checkpoint. Always after the change is stored (afterDurable), never on the hot path's stack.
import { and, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { one, q } from '../../src/lib/server/db/query.ts';
import { createCheckpoint, type CheckpointReason } from '../../src/lib/server/checkpoints.ts';
import { sessionMap } from '../../src/lib/board/doc/session.ts';
import { concurrencyLimit } from '../../src/lib/server/limit.ts';
import type * as Y from 'yjs';
import type { Log } from './log.ts';
import { changedDoc } from './updateContent.ts';
import type { Room } from './room.ts';

const DAY = 86_400_000;
/** How often a busy room looks up its last checkpoint. */
const DAILY_CHECK_MS = 60_000;
/**
 * Checkpoint work of the whole process, two at a time: when a load starts on many boards, each
 * board's first change asks for its daily checkpoint at once, and fifty of them together took
 * every database connection for seconds (PostgreSQL), in front of page loads.
 */
const background = concurrencyLimit(2);

async function take(db: AppDb, room: Room, reason: CheckpointReason, log: Log, now: number): Promise<void> {
	try {
		const names: Record<string, string> = { step: 'Agenda step changed', 'session-end': 'End of session', daily: 'Daily checkpoint' };
		// A step change concerns the whole board; the daily one only the document that changed.
		const docs = reason === 'daily' ? [room.kind] : undefined;
		await createCheckpoint(db, { boardId: room.boardId, name: names[reason] ?? reason, kind: 'auto', reason, by: null, docs, now });
	} catch (err) {
		log('warn', `could not take a ${reason} checkpoint of ${room.name}`, err);
	}
}

/**
 * Observers and 'afterTransaction' run inside Y.applyUpdate, before the room has counted the change as
 * waiting for its commit: `afterDurable` called there would run at once, on the receiving stack,
 * before the change is stored. Asked once that stack is done, it waits for the commit.
 */
const whenStored = (room: Room, fn: () => void) => queueMicrotask(() => room.afterDurable(fn));

export interface CheckpointWatch {
	/** Resolves once the checkpoints asked for so far are written (storing is asynchronous). */
	settled(): Promise<void>;
}

export function watchForCheckpoints(db: AppDb, room: Room, log: Log, now: () => number = Date.now): CheckpointWatch {
	const pending = new Set<Promise<void>>();
	const track = (work: () => Promise<void>) => {
		const p = background(work).finally(() => pending.delete(p));
		pending.add(p);
	};
	if (room.kind === 'shared') {
		sessionMap(room.doc).observe((e) => {
			if (!e.keysChanged.has('current')) return;
			const reason: CheckpointReason = sessionMap(room.doc).get('current') ? 'step' : 'session-end';
			whenStored(room, () => track(() => take(db, room, reason, log, now())));
		});
	}
	let nextCheck = 0;
	// Not 'update': Yjs encodes every transaction again while anyone listens to that (room.ts).
	room.doc.on('afterTransaction', (tr: Y.Transaction) => {
		if (!changedDoc(tr)) return;
		const t = now();
		if (t < nextCheck) return;
		nextCheck = t + DAILY_CHECK_MS;
		whenStored(room, () => {
			track(async () => {
				try {
					const { orm, t: tables } = q(db);
					const { checkpoints } = tables;
					const last = await one(
						orm
							.select({ at: checkpoints.createdAt })
							.from(checkpoints)
							.where(and(eq(checkpoints.boardId, room.boardId), eq(checkpoints.docName, room.name)))
							.orderBy(desc(checkpoints.createdAt))
							.limit(1)
					);
					if (!last || t - last.at >= DAY) await take(db, room, 'daily', log, now());
				} catch (err) {
					log('warn', `could not look up the last checkpoint of ${room.name}`, err);
				}
			});
		});
	});
	return {
		async settled() {
			while (pending.size) await Promise.all([...pending]);
		}
	};
}
