import { and, desc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './db/index.ts';
import { checkpoints } from './db/schema.ts';
import { readDoc } from './docStore.ts';
import { newId } from './ids.ts';
import { liveHub } from './live.ts';
import { docName, DOC_NAMES, type DocName } from '../board/model/docNames.ts';
import type { Side } from '../board/model/roles.ts';
import { checkpointsToKeep } from '../board/history/retention.ts';
import { restoreInto } from '../board/history/restore.ts';

// Checkpoints: named states of a board's documents (see schema.ts). A board checkpoint is one row
// per document under the same name; the client side only ever gets rows of the shared document.

export type CheckpointReason = 'manual' | 'step' | 'session-end' | 'daily' | 'before-restore';

export interface CheckpointRow {
	id: string;
	boardId: string;
	docName: string;
	doc: DocName;
	name: string;
	kind: 'manual' | 'auto';
	reason: string;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: number;
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
/** The documents a side may see the history of. */
export const docsFor = (side: Side): DocName[] => (side === 'supplier' ? [...DOC_NAMES] : ['shared']);

/** The document as it is now: the live room's copy if one is open, else what is stored. */
export function currentState(db: Db, boardId: string, kind: DocName): Uint8Array | null {
	const name = docName(boardId, kind);
	return liveHub()?.liveState?.(name) ?? readDoc(db, name)?.state ?? null;
}

/** Throws unless `state` loads into a fresh document. */
function verifyLoads(state: Uint8Array): void {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		if (doc.store.pendingStructs !== null) throw new Error('checkpoint state has missing dependencies');
	} finally {
		doc.destroy();
	}
}

export interface NewCheckpoint {
	boardId: string;
	name: string;
	kind: 'manual' | 'auto';
	reason: CheckpointReason;
	by: { id: string; name: string } | null;
	now?: number;
	/** Which documents (default both). */
	docs?: DocName[];
}

/** Stores a checkpoint of each document (as it is now), then applies the retention rule to it. Returns the ids. */
export function createCheckpoint(db: Db, input: NewCheckpoint): string[] {
	const now = input.now ?? Date.now();
	const ids: string[] = [];
	for (const kind of input.docs ?? DOC_NAMES) {
		const state = currentState(db, input.boardId, kind);
		if (!state) continue;
		verifyLoads(state);
		const id = newId();
		const name = docName(input.boardId, kind);
		db.transaction((tx) => {
			tx.insert(checkpoints)
				.values({ id, boardId: input.boardId, docName: name, name: input.name, kind: input.kind, reason: input.reason, createdBy: input.by?.id ?? null, createdByName: input.by?.name ?? null, createdAt: now, state: asBuffer(state) })
				.run();
			applyRetention(tx as unknown as Db, name, now);
		});
		ids.push(id);
	}
	return ids;
}

/** Deletes the checkpoints of one document that the retention rule does not keep. Returns how many. */
export function applyRetention(db: Db, name: string, now = Date.now()): number {
	const rows = db.select({ id: checkpoints.id, kind: checkpoints.kind, createdAt: checkpoints.createdAt }).from(checkpoints).where(eq(checkpoints.docName, name)).all();
	const keep = checkpointsToKeep(rows, now);
	const gone = rows.filter((r) => !keep.has(r.id)).map((r) => r.id);
	for (let i = 0; i < gone.length; i += 500) db.delete(checkpoints).where(inArray(checkpoints.id, gone.slice(i, i + 500))).run();
	return gone.length;
}

const listColumns = {
	id: checkpoints.id,
	boardId: checkpoints.boardId,
	docName: checkpoints.docName,
	name: checkpoints.name,
	kind: checkpoints.kind,
	reason: checkpoints.reason,
	createdBy: checkpoints.createdBy,
	createdByName: checkpoints.createdByName,
	createdAt: checkpoints.createdAt
};

const withDoc = <T extends { docName: string }>(r: T): T & { doc: DocName } => ({ ...r, doc: r.docName.endsWith('/internal') ? 'internal' : 'shared' });

/** The board's checkpoints that `side` may see, newest first (no state). */
export function listCheckpoints(db: Db, boardId: string, side: Side): CheckpointRow[] {
	const names = docsFor(side).map((k) => docName(boardId, k));
	return db.select(listColumns).from(checkpoints).where(and(eq(checkpoints.boardId, boardId), inArray(checkpoints.docName, names))).orderBy(desc(checkpoints.createdAt), desc(checkpoints.id)).all().map(withDoc);
}

/** One checkpoint with its state, or null when it is not this board's or not for this side. */
export function getCheckpoint(db: Db, boardId: string, id: string, side: Side): (CheckpointRow & { state: Uint8Array }) | null {
	const row = db.select().from(checkpoints).where(and(eq(checkpoints.id, id), eq(checkpoints.boardId, boardId))).get();
	if (!row) return null;
	const r = withDoc(row);
	if (!docsFor(side).includes(r.doc)) return null;
	return { ...r, state: new Uint8Array(row.state) };
}

/** The checkpoint of `kind` taken together with `id` (same board, same name and time). */
export function siblingCheckpoint(db: Db, boardId: string, id: string, kind: DocName): (CheckpointRow & { state: Uint8Array }) | null {
	const row = db.select().from(checkpoints).where(and(eq(checkpoints.id, id), eq(checkpoints.boardId, boardId))).get();
	if (!row) return null;
	if (withDoc(row).doc === kind) return { ...withDoc(row), state: new Uint8Array(row.state) };
	const sib = db
		.select()
		.from(checkpoints)
		.where(and(eq(checkpoints.boardId, boardId), eq(checkpoints.docName, docName(boardId, kind)), eq(checkpoints.createdAt, row.createdAt), eq(checkpoints.name, row.name)))
		.get();
	return sib ? { ...withDoc(sib), state: new Uint8Array(sib.state) } : null;
}

/**
 * Restores a checkpoint (supplier facilitators only: the caller checks). First an automatic
 * checkpoint "Before restoring …" of the documents concerned, so the restore can itself be undone by
 * restoring that one; then the difference is applied to the live documents as one forward change.
 */
export async function restoreCheckpoint(db: Db, boardId: string, id: string, by: { id: string; name: string }): Promise<{ restored: DocName[]; undoId: string | null }> {
	const hub = liveHub();
	if (!hub?.applyLive) throw new Error('the sync server is not running');
	const first = getCheckpoint(db, boardId, id, 'supplier');
	if (!first) throw new Error('no such checkpoint');
	const parts = DOC_NAMES.map((k) => siblingCheckpoint(db, boardId, id, k)).filter((x): x is NonNullable<typeof x> => x !== null);
	const [undoId] = createCheckpoint(db, { boardId, name: `Before restoring “${first.name}”`, kind: 'auto', reason: 'before-restore', by, docs: parts.map((p) => p.doc) });
	for (const p of parts) await hub.applyLive(boardId, p.doc, (doc) => restoreInto(doc, p.doc, p.state, 'tandem:restore'));
	return { restored: parts.map((p) => p.doc), undoId: undoId ?? null };
}
