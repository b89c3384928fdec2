import * as Y from 'yjs';
import type { AppDb } from '../db/index.ts';
import { getBoard } from '../boards.ts';
import { currentState, listCheckpoints } from '../checkpoints.ts';
import { accountBoards, checkpointBoardState, currentBoardState, type BoardState } from '../history.ts';
import type { Principal } from '../access.ts';
import { canReadDoc, type BoardAccess } from '../../board/model/roles.ts';
import type { Side } from '../../board/model/roles.ts';
import { toSnapshot } from '../../board/doc/snapshot.ts';
import { readPlan } from '../../board/doc/actions.ts';
import { readDecisions } from '../../board/doc/decisions.ts';
import { readSummaries } from '../../board/doc/summaries.ts';
import { readEngagement } from '../../board/doc/engagement.ts';
import { touchPointsForReport } from '../../board/views/touchPointReport.ts';
import { numberTargets } from '../../board/views/numbering.ts';
import { isOverdue } from '../../board/views/actionTable.ts';
import { compareBoards } from '../../board/views/compare.ts';
import { isoDay } from '../../board/report/markdown.ts';
import type { ReportAction, ReportComparison, ReportData, ReportInitiative, ReportVersion } from '../../board/report/types.ts';
import type { ActionView } from '../../board/doc/actions.ts';

// A report's data from the stored documents (the live room's state when it is open), for one
// version. Who may have which version is decided here, in one place, for every report route:
// the internal version only for people who may read the internal document (the supplier side);
// the client-safe version reads the shared document only, whoever asks for it.

export class ReportAccessError extends Error {
	readonly status: 403 | 404;
	constructor(status: 403 | 404, message: string) {
		super(message);
		this.status = status;
	}
}

/** The side whose view a version is: the documents it may read. */
export function versionSide(access: BoardAccess, version: ReportVersion): Side {
	if (version === 'internal' && !canReadDoc(access, 'internal')) throw new ReportAccessError(403, 'Only the supplier side can have the internal report.');
	return version === 'internal' ? 'supplier' : 'client';
}

function load(state: Uint8Array | null): Y.Doc | null {
	if (!state) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

const action = (a: ActionView, today: string): ReportAction => ({ id: a.id, text: a.text, owner: a.owner?.name || null, due: a.due, status: a.status, overdue: isOverdue(a, today) });

export interface ReportRequest {
	access: BoardAccess;
	principal: Principal;
	version: ReportVersion;
	/** A comparison report: the two states, as the History page names them ("now", a checkpoint id, "board:<id>"). */
	compare?: { a: string; b: string } | null;
	now?: number;
}

export async function buildReport(db: AppDb, boardId: string, req: ReportRequest): Promise<ReportData> {
	const side = versionSide(req.access, req.version);
	const board = await getBoard(db, boardId);
	if (!board) throw new ReportAccessError(404, 'Board not found, or you do not have access to it.');
	const now = req.now ?? Date.now();
	const today = isoDay(now);
	const shared = load(await currentState(db, boardId, 'shared')) ?? new Y.Doc();
	// Never read for the client-safe version: nothing of it can reach the report.
	const internal = side === 'supplier' ? load(await currentState(db, boardId, 'internal')) : null;
	try {
		const compared = req.compare ? await comparison(db, boardId, req, side, board.accountId, today) : null;
		const snapshot = toSnapshot(shared, internal);
		const numbers = numberTargets(snapshot.targets);
		const plan = readPlan(shared);
		const initiatives: ReportInitiative[] = plan.initiatives.map((i) => ({
			id: i.id,
			title: i.title,
			targetIds: i.targetIds.filter((t) => numbers.has(t)),
			targets: i.targetIds.map((t) => numbers.get(t)).filter((n): n is string => !!n),
			actions: i.actions.map((a) => action(a, today))
		}));
		if (plan.orphans.length) initiatives.push({ id: '', title: '(no initiative)', targetIds: [], targets: [], actions: plan.orphans.map((a) => action(a, today)) });
		const decisions = readDecisions(shared).map((d) => ({ id: d.id, text: d.text, decidedAt: d.decidedAt, deciders: d.deciders.map((p) => ({ name: p.name, side: p.side })) }));
		const saved = readSummaries(shared)[0];
		const summary = saved ? { ...stripSaved(saved), createdAt: saved.createdAt, createdByName: saved.createdBy.name } : null;
		return {
			version: req.version,
			board: { id: board.id, name: board.name, template: board.template, accountName: board.accountName },
			generatedAt: now,
			today,
			snapshot,
			initiatives,
			decisions,
			touchPoints: internal ? touchPointsForReport(readEngagement(internal), snapshot, { today }) : [],
			summary,
			comparison: compared
		};
	} finally {
		shared.destroy();
		internal?.destroy();
	}
}

function stripSaved<T extends { createdBy: unknown; reason: unknown; id: string }>(s: T): Omit<T, 'createdBy' | 'reason' | 'id'> {
	const { createdBy: _b, reason: _r, id: _i, ...rest } = s;
	return rest;
}

/** Two states compared, read for the version's side (the History page's rules: its checkpoints, or another board of the account one can open). */
async function comparison(db: AppDb, boardId: string, req: ReportRequest, side: Side, accountId: string, today: string): Promise<ReportComparison> {
	const others = (await accountBoards(db, req.principal, accountId)).filter((b) => b.id !== boardId);
	const stateOf = async (key: string): Promise<{ state: BoardState | null; label: string }> => {
		if (key === 'now') return { state: await currentBoardState(db, boardId, side), label: 'This board now' };
		if (key.startsWith('board:')) {
			const other = others.find((b) => b.id === key.slice(6));
			// Another board's internal document only when this person is on its supplier side too.
			return other ? { state: await currentBoardState(db, other.id, side === 'supplier' && other.side === 'supplier' ? 'supplier' : 'client'), label: `${other.name} now` } : { state: null, label: '' };
		}
		const state = await checkpointBoardState(db, boardId, key, side);
		const row = state ? (await listCheckpoints(db, boardId, side)).find((r) => r.id === key) : undefined;
		return { state, label: row ? `Checkpoint “${row.name}” (${isoDay(row.createdAt)})` : 'Checkpoint' };
	};
	const a = await stateOf(req.compare!.a);
	const b = await stateOf(req.compare!.b);
	if (!a.state || !b.state) throw new ReportAccessError(404, 'No such checkpoint or board to compare.');
	return { a: { key: req.compare!.a, label: a.label }, b: { key: req.compare!.b, label: b.label }, result: compareBoards(a.state.board, b.state.board, today) };
}
