import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { TextTooLongError } from './input.ts';
import { assertRoom } from './boardFull.ts';
import { LIMITS } from '../model/limits.ts';
import { author, isRec, scale, type Author } from '../model/read.ts';
import type { Priority } from '../model/vocabulary.ts';

/**
 * shared:
 *   matrix  Y.Map<`${stakeholderId}|${targetId}`, CellValue>   (a plain object per cell)
 *
 * A cell is one plain value: a cell is small and edited by one person at a time in practice, and
 * 30 × 40 nested Y.Maps would cost more to observe than they save. Two people editing different
 * fields of the same cell in the same instant: the later write wins the whole cell.
 */
export const matrixMap = (doc: Y.Doc) => doc.getMap<unknown>('matrix');

export const cellKey = (stakeholderId: string, targetId: string) => `${stakeholderId}|${targetId}`;

/** Ids we generate never contain '|'; a key without one (or with an empty half) is a peer's junk. */
export function parseCellKey(key: string): { stakeholderId: string; targetId: string } | null {
	const i = key.indexOf('|');
	if (i <= 0 || i === key.length - 1) return null;
	return { stakeholderId: key.slice(0, i), targetId: key.slice(i + 1) };
}

export interface CellValue {
	/** null = unset (the cell may still carry a note). */
	priority: Priority | null;
	validated: boolean;
	note: string;
	setBy: Author | null;
	/** Epoch milliseconds. */
	setAt: number | null;
	sessionId: string | null;
}

/** Who is writing, stamped on every cell they touch. `sessionId` identifies the browser tab's editing session. */
export interface Stamp {
	by: Author;
	sessionId: string;
	now?: number;
}

const EMPTY: CellValue = { priority: null, validated: false, note: '', setBy: null, setAt: null, sessionId: null };

/** A stored cell read defensively: whatever a peer wrote, the result is a valid CellValue (or null if absent). */
export function readCell(doc: Y.Doc, stakeholderId: string, targetId: string): CellValue | null {
	const raw = matrixMap(doc).get(cellKey(stakeholderId, targetId));
	if (raw === undefined) return null;
	return cleanCell(raw);
}

export function cleanCell(raw: unknown): CellValue {
	if (!isRec(raw)) return { ...EMPTY };
	const r = raw;
	return {
		priority: scale(r.priority),
		validated: r.validated === true,
		note: typeof r.note === 'string' ? r.note : '',
		setBy: author(r.setBy),
		setAt: typeof r.setAt === 'number' && Number.isFinite(r.setAt) ? r.setAt : null,
		sessionId: typeof r.sessionId === 'string' ? r.sessionId : null
	};
}

function write(doc: Y.Doc, stakeholderId: string, targetId: string, change: (prev: CellValue) => Omit<CellValue, 'setBy' | 'setAt' | 'sessionId'>, stamp: Stamp): void {
	const key = cellKey(stakeholderId, targetId);
	doc.transact(() => {
		const prev = readCell(doc, stakeholderId, targetId) ?? { ...EMPTY };
		const next = change(prev);
		if (next.priority === null && next.note === '') {
			// Nothing left to keep: drop the cell rather than store an empty one.
			matrixMap(doc).delete(key);
			return;
		}
		if (!matrixMap(doc).has(key)) assertRoom('matrixCells', matrixMap(doc));
		const value: CellValue = {
			...next,
			setBy: { id: stamp.by.id, name: stamp.by.name },
			setAt: stamp.now ?? Date.now(),
			sessionId: stamp.sessionId
		};
		matrixMap(doc).set(key, value);
	}, ORIGIN.local);
}

export function isPriority(x: unknown): x is Priority {
	return scale(x) !== null;
}

/**
 * Sets a priority. A validation confirmed one specific answer, so changing the answer clears it;
 * setting the same answer again keeps it.
 */
export function setPriority(doc: Y.Doc, stakeholderId: string, targetId: string, priority: Priority, stamp: Stamp): void {
	if (!isPriority(priority)) throw new RangeError('A priority is 0, 1, 2 or 3.');
	const prev = readCell(doc, stakeholderId, targetId);
	if (prev && prev.priority === priority) return;
	write(doc, stakeholderId, targetId, (p) => ({ priority, validated: false, note: p.note }), stamp);
}

/** Clears the priority (and its validation); a note stays. */
export function unsetPriority(doc: Y.Doc, stakeholderId: string, targetId: string, stamp: Stamp): void {
	const prev = readCell(doc, stakeholderId, targetId);
	if (!prev || (prev.priority === null && !prev.validated)) return;
	write(doc, stakeholderId, targetId, (p) => ({ priority: null, validated: false, note: p.note }), stamp);
}

/**
 * Marks the priority as confirmed in person, or takes that back. Returns the new state, or null
 * when there is no priority to validate (nothing is written).
 */
export function toggleValidated(doc: Y.Doc, stakeholderId: string, targetId: string, stamp: Stamp): boolean | null {
	const prev = readCell(doc, stakeholderId, targetId);
	if (!prev || prev.priority === null) return null;
	const validated = !prev.validated;
	write(doc, stakeholderId, targetId, (p) => ({ priority: p.priority, validated, note: p.note }), stamp);
	return validated;
}

export function setNote(doc: Y.Doc, stakeholderId: string, targetId: string, note: string, stamp: Stamp): void {
	if (note.length > LIMITS.note) throw new TextTooLongError(LIMITS.note);
	const prev = readCell(doc, stakeholderId, targetId);
	if ((prev?.note ?? '') === note) return;
	write(doc, stakeholderId, targetId, (p) => ({ priority: p.priority, validated: p.validated, note }), stamp);
}
