import * as Y from 'yjs';
import type { AppDb } from './db/index.ts';
import { docsOf } from './db/query.ts';
import { getBoard } from './boards.ts';
import { docName, type DocName } from '../board/model/docNames.ts';
import { migrateDocument } from '../board/doc/migrate.ts';
import { toSnapshot } from '../board/doc/snapshot.ts';
import { readInitiatives } from '../board/doc/initiatives.ts';
import { readActions } from '../board/doc/actions.ts';
import { readEngagement } from '../board/doc/engagement.ts';
import { crmFiles, type CrmFileName } from '../board/views/crmExport.ts';
import { isoDay } from '../board/views/engagement.ts';
import { toCsv } from '../csv/write.ts';

/** A stored document at the current schema version (an empty one if nothing was stored). */
export async function storedBoardDoc(db: AppDb, boardId: string, kind: DocName): Promise<Y.Doc> {
	const state = await docsOf(db).load(docName(boardId, kind));
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, state);
	migrateDocument(doc, kind);
	return doc;
}

const FILE_OF: Record<CrmFileName, string> = {
	AccountPlan: 'AccountPlan.csv',
	AccountPlanObjective: 'AccountPlanObjective.csv',
	Task: 'Task.csv',
	Contact: 'Contact.csv',
	generic: 'tandem-plan.csv'
};

/**
 * One CRM file of a board as stored. The internal document is opened only when `withInternal`
 * (the route lets only the supplier side ask): otherwise nothing of it is read at all.
 */
export async function crmExport(db: AppDb, boardId: string, which: CrmFileName, withInternal: boolean, now = Date.now()): Promise<{ fileName: string; text: string } | null> {
	const board = await getBoard(db, boardId);
	if (!board) return null;
	const shared = await storedBoardDoc(db, boardId, 'shared');
	const internal = withInternal ? await storedBoardDoc(db, boardId, 'internal') : null;
	try {
		const files = crmFiles({
			board: { id: board.id, name: board.name, accountName: board.accountName },
			snapshot: toSnapshot(shared, internal),
			initiatives: readInitiatives(shared),
			actions: readActions(shared),
			internal: internal ? { engagement: readEngagement(internal), today: isoDay(now) } : null
		});
		const file = files.find((f) => f.name === FILE_OF[which])!;
		return { fileName: file.name, text: toCsv(file.header, file.rows) };
	} finally {
		shared.destroy();
		internal?.destroy();
	}
}
