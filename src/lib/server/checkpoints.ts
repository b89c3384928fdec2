import { and, desc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { AppDb } from './db/index.ts';
import { docsOf, one, q, transaction } from './db/query.ts';
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
export async function currentState(db: AppDb, boardId: string, kind: DocName): Promise<Uint8Array | null> {
	const name = docName(boardId, kind);
	return liveHub()?.liveState?.(name) ?? (await docsOf(db).load(name));
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
export async function createCheckpoint(db: AppDb, input: NewCheckpoint): Promise<string[]> {
	const now = input.now ?? Date.now();
	const ids: string[] = [];
	for (const kind of input.docs ?? DOC_NAMES) {
		const state = await currentState(db, input.boardId, kind);
		if (!state) continue;
		verifyLoads(state);
		const id = newId();
		const name = docName(input.boardId, kind);
		await transaction(db, async (tx) => {
			const { orm, t } = q(tx);
			await orm
				.insert(t.checkpoints)
				.values({ id, boardId: input.boardId, docName: name, name: input.name, kind: input.kind, reason: input.reason, createdBy: input.by?.id ?? null, createdByName: input.by?.name ?? null, createdAt: now, state: asBuffer(state) });
			await applyRetention(tx, name, now);
		});
		ids.push(id);
	}
	return ids;
}

/** Deletes the checkpoints of one document that the retention rule does not keep. Returns how many. */
export async function applyRetention(db: AppDb, name: string, now = Date.now()): Promise<number> {
	const { orm, t } = q(db);
	const { checkpoints } = t;
	const rows = await orm.select({ id: checkpoints.id, kind: checkpoints.kind, createdAt: checkpoints.createdAt }).from(checkpoints).where(eq(checkpoints.docName, name));
	const keep = checkpointsToKeep(rows, now);
	const gone = rows.filter((r) => !keep.has(r.id)).map((r) => r.id);
	for (let i = 0; i < gone.length; i += 500) await orm.delete(checkpoints).where(inArray(checkpoints.id, gone.slice(i, i + 500)));
	return gone.length;
}

const listColumns = (checkpoints: ReturnType<typeof q>['t']['checkpoints']) => ({
	id: checkpoints.id,
	boardId: checkpoints.boardId,
	docName: checkpoints.docName,
	name: checkpoints.name,
	kind: checkpoints.kind,
	reason: checkpoints.reason,
	createdBy: checkpoints.createdBy,
	createdByName: checkpoints.createdByName,
	createdAt: checkpoints.createdAt
});

const withDoc = <T extends { docName: string }>(r: T): T & { doc: DocName } => ({ ...r, doc: r.docName.endsWith('/internal') ? 'internal' : 'shared' });

/** The board's checkpoints that `side` may see, newest first (no state). */
export async function listCheckpoints(db: AppDb, boardId: string, side: Side): Promise<CheckpointRow[]> {
	const { orm, t } = q(db);
	const { checkpoints } = t;
	const names = docsFor(side).map((k) => docName(boardId, k));
	const rows = await orm
		.select(listColumns(checkpoints))
		.from(checkpoints)
		.where(and(eq(checkpoints.boardId, boardId), inArray(checkpoints.docName, names)))
		.orderBy(desc(checkpoints.createdAt), desc(checkpoints.id));
	return rows.map(withDoc);
}

/** One checkpoint with its state, or null when it is not this board's or not for this side. */
export async function getCheckpoint(db: AppDb, boardId: string, id: string, side: Side): Promise<(CheckpointRow & { state: Uint8Array }) | null> {
	const { orm, t } = q(db);
	const { checkpoints } = t;
	const row = await one(orm.select().from(checkpoints).where(and(eq(checkpoints.id, id), eq(checkpoints.boardId, boardId))));
	if (!row) return null;
	const r = withDoc(row);
	if (!docsFor(side).includes(r.doc)) return null;
	return { ...r, state: new Uint8Array(row.state) };
}

/** The checkpoint of `kind` taken together with `id` (same board, same name and time). */
export async function siblingCheckpoint(db: AppDb, boardId: string, id: string, kind: DocName): Promise<(CheckpointRow & { state: Uint8Array }) | null> {
	const { orm, t } = q(db);
	const { checkpoints } = t;
	const row = await one(orm.select().from(checkpoints).where(and(eq(checkpoints.id, id), eq(checkpoints.boardId, boardId))));
	if (!row) return null;
	if (withDoc(row).doc === kind) return { ...withDoc(row), state: new Uint8Array(row.state) };
	const sib = await one(
		orm
			.select()
			.from(checkpoints)
			.where(and(eq(checkpoints.boardId, boardId), eq(checkpoints.docName, docName(boardId, kind)), eq(checkpoints.createdAt, row.createdAt), eq(checkpoints.name, row.name)))
	);
	return sib ? { ...withDoc(sib), state: new Uint8Array(sib.state) } : null;
}

/**
 * Restores a checkpoint (supplier facilitators only: the caller checks). First an automatic
 * checkpoint "Before restoring …" of the documents concerned, so the restore can itself be undone by
 * restoring that one; then the difference is applied to the live documents as one forward change.
 */
export async function restoreCheckpoint(db: AppDb, boardId: string, id: string, by: { id: string; name: string }): Promise<{ restored: DocName[]; undoId: string | null }> {
	const hub = liveHub();
	if (!hub?.applyLive) throw new Error('the sync server is not running');
	const first = await getCheckpoint(db, boardId, id, 'supplier');
	if (!first) throw new Error('no such checkpoint');
	const parts = (await Promise.all(DOC_NAMES.map((k) => siblingCheckpoint(db, boardId, id, k)))).filter((x): x is NonNullable<typeof x> => x !== null);
	const [undoId] = await createCheckpoint(db, { boardId, name: `Before restoring “${first.name}”`, kind: 'auto', reason: 'before-restore', by, docs: parts.map((p) => p.doc) });
	for (const p of parts) await hub.applyLive(boardId, p.doc, (doc) => restoreInto(doc, p.doc, p.state, 'tandem:restore'));
	return { restored: parts.map((p) => p.doc), undoId: undoId ?? null };
}
