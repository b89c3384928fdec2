import * as Y from 'yjs';
import type { AppDb } from './db/index.ts';
import { docsOf } from './db/query.ts';
import { createBoardWithDocs, getBoard } from './boards.ts';
import { docName, type DocName } from '../board/model/docNames.ts';
import { migrateDocument } from '../board/doc/migrate.ts';
import { boardFileDocs, parseBoardFile, toBoardFile, type BoardFile } from '../board/doc/exportFile.ts';
import type { TemplateId } from '../board/model/templates.ts';

/** A stored document at the current schema version (an empty one if nothing was stored). */
async function stored(db: AppDb, boardId: string, kind: DocName): Promise<Y.Doc> {
	const state = await docsOf(db).load(docName(boardId, kind));
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, state);
	migrateDocument(doc, kind);
	return doc;
}

/**
 * The board file of a board as stored. `withInternal` only for people who may read the internal
 * document (the route checks that): without it the file holds nothing of the internal document.
 */
export async function exportBoard(db: AppDb, boardId: string, withInternal: boolean, now = Date.now()): Promise<BoardFile | null> {
	const board = await getBoard(db, boardId);
	if (!board) return null;
	const shared = await stored(db, boardId, 'shared');
	const internal = withInternal ? await stored(db, boardId, 'internal') : null;
	try {
		return toBoardFile({ name: board.name, template: board.template as TemplateId }, shared, internal, now);
	} finally {
		shared.destroy();
		internal?.destroy();
	}
}

/**
 * A new board on the account from a board file. Throws BoardFileError (and creates nothing) for a
 * file that is too large, of another format or version, or holds a value a board cannot.
 */
export async function importBoard(db: AppDb, input: { accountId: string; createdBy: string; text: string; byteLength?: number }, now = Date.now()): Promise<string> {
	const file = parseBoardFile(input.text, input.byteLength);
	const docs = boardFileDocs(file);
	try {
		return await createBoardWithDocs(db, { accountId: input.accountId, name: file.board.name.trim(), template: file.board.template, createdBy: input.createdBy }, docs, now);
	} finally {
		docs.shared.destroy();
		docs.internal.destroy();
	}
}
