import type * as Y from 'yjs';
import { meta } from './schema.ts';

// What the banner at the top of a board reads from its meta (written by carryOver.ts).

/** The board's note (what a review started from), for the banner at the top of the board. */
export function readBoardNote(doc: Y.Doc): string | null {
	const n = meta(doc).get('note');
	return typeof n === 'string' && n.trim() ? n : null;
}

/** The board a review was carried over from (id and name at the time), or null. */
export function readCarriedFrom(doc: Y.Doc): { boardId: string; boardName: string } | null {
	const c = meta(doc).get('carriedOver') as Partial<{ boardId: unknown; boardName: unknown }> | null | undefined;
	return c && typeof c.boardId === 'string' && typeof c.boardName === 'string' ? { boardId: c.boardId, boardName: c.boardName } : null;
}
