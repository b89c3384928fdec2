import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { getBoard } from '$lib/server/boards.ts';
import { requireBoard, requireFacilitator } from '$lib/server/guards.ts';
import { createCheckpoint, listCheckpoints, restoreCheckpoint } from '$lib/server/checkpoints.ts';
import { accountBoards, checkpointBoardState, currentBoardState, type BoardState } from '$lib/server/history.ts';
import { canManageBoard } from '$lib/board/model/roles.ts';
import { compareBoards, timelineBetween, trendSeries } from '$lib/board/views/compare.ts';
import { todayIso } from '$lib/board/views/actionTable.ts';

// The board's history: checkpoints (create, view read-only, restore), the timeline between
// consecutive ones, comparing two states, and the trend across the account's boards. The client
// side only ever sees the shared document's checkpoints and no positioning.

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const access = await requireBoard(locals, url, params.id);
	const db = getDb();
	const board = (await getBoard(db, params.id))!;
	const side = access.side;
	const rows = (await listCheckpoints(db, params.id, side)).filter((r) => r.doc === 'shared');
	// A state to compare: "now", a checkpoint id, or "board:<id>" (another board of the account).
	const others = (await accountBoards(db, locals.principal!, board.accountId)).filter((b) => b.id !== params.id);
	const stateOf = async (key: string | null): Promise<BoardState | null> => {
		if (!key) return null;
		if (key === 'now') return currentBoardState(db, params.id, side);
		if (key.startsWith('board:')) {
			const other = others.find((b) => b.id === key.slice(6));
			return other ? currentBoardState(db, other.id, other.side) : null;
		}
		return await checkpointBoardState(db, params.id, key, side);
	};
	const viewId = url.searchParams.get('view');
	const viewed = viewId ? await stateOf(viewId) : null;
	if (viewId && !viewed) error(404, 'No such checkpoint on this board.');
	const a = url.searchParams.get('a');
	const b = url.searchParams.get('b');
	const sa = await stateOf(a);
	const sb = await stateOf(b);
	const comparison = sa && sb ? compareBoards(sa.board, sb.board, todayIso()) : null;
	// Timeline: each checkpoint against the one before it (newest first), and now against the newest.
	const timeline: Array<{ id: string; name: string; at: number; entries: ReturnType<typeof timelineBetween> }> = [];
	const chronological = [...rows].reverse().slice(-20);
	let prev: BoardState | null = null;
	for (const r of chronological) {
		const s = await checkpointBoardState(db, params.id, r.id, side);
		if (!s) continue;
		if (prev) timeline.unshift({ id: r.id, name: r.name, at: r.createdAt, entries: timelineBetween(prev.board, s.board) });
		prev = s;
	}
	const boardsForTrend = [...(await accountBoards(db, locals.principal!, board.accountId))];
	const trend = trendSeries(
		(
			await Promise.all(
				boardsForTrend.map(async (x) => {
					const s = await currentBoardState(db, x.id, x.side === 'supplier' && side === 'supplier' ? 'supplier' : 'client');
					return s ? [{ id: x.id, label: x.name, at: x.createdAt, board: s.board }] : [];
				})
			)
		).flat()
	);
	return {
		board: { id: board.id, name: board.name },
		side,
		facilitator: canManageBoard(access),
		checkpoints: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, reason: r.reason, createdByName: r.createdByName, createdAt: r.createdAt })),
		others: others.map((o) => ({ id: o.id, name: o.name })),
		viewId,
		viewed: viewed && { snapshot: viewed.snapshot, plan: viewed.plan },
		compare: { a, b, result: comparison },
		timeline,
		trend
	};
};

export const actions: Actions = {
	create: async ({ locals, url, params, request }) => {
		await requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const name = String(form.get('name') ?? '').trim();
		if (!name || name.length > 120) return fail(400, { message: 'Give the checkpoint a name (up to 120 characters).' });
		const p = locals.principal!;
		await createCheckpoint(getDb(), { boardId: params.id, name, kind: 'manual', reason: 'manual', by: { id: p.kind === 'user' ? p.userId : p.guestId, name: p.name } });
		return { notice: `Checkpoint “${name}” created.` };
	},
	restore: async ({ locals, url, params, request }) => {
		await requireFacilitator(locals, url, params.id);
		const form = await request.formData();
		const id = String(form.get('id') ?? '');
		const p = locals.principal!;
		try {
			const r = await restoreCheckpoint(getDb(), params.id, id, { id: p.kind === 'user' ? p.userId : p.guestId, name: p.name });
			return { notice: 'Checkpoint restored for everyone. To undo, restore “Before restoring …”.', undoId: r.undoId };
		} catch (err) {
			return fail(400, { message: err instanceof Error ? err.message : 'Could not restore.' });
		}
	}
};
