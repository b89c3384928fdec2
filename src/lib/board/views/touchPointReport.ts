// Touch points as the session summary and the internal report show them (issue #13): names and
// labels resolved, supplier side only (they come from the internal document).
import { normalizeSnapshot } from './normalize.ts';
import { isOverdue, normalizeEngagement, type EngagementData } from './engagement.ts';
import { CADENCE_LABELS, CHANNEL_LABELS, OWNING_FUNCTION_LABELS } from '../model/engagement.ts';

export interface TouchPointLine {
	id: string;
	/** The client stakeholder. */
	stakeholder: string;
	/** The supplier person who owns it, or "—". */
	owner: string;
	channel: string;
	purpose: string;
	/** "Once", "Monthly", … */
	cadence: string;
	due: string | null;
	function: string;
	status: 'planned' | 'done' | 'dropped';
	overdue: boolean;
	createdAt: number;
}

export interface TouchPointReportOptions {
	/** yyyy-mm-dd, for the overdue flag. */
	today: string;
	/** Only touch points created in this window (epoch ms, inclusive): those agreed in one workshop. */
	window?: { start: number; end: number } | null;
}

/**
 * The touch points of a board for a report or a session summary. `engagement` is the internal
 * document's data (doc/engagement.ts `readEngagement`, or its raw JSON); `board` the board
 * snapshot (for names). Planned first (by date, undated last), then done and dropped.
 */
export function touchPointsForReport(engagement: EngagementData | unknown, board: unknown, options: TouchPointReportOptions): TouchPointLine[] {
	const data = isData(engagement) ? engagement : normalizeEngagement(engagement);
	const snapshot = normalizeSnapshot(board);
	const names = new Map(snapshot.stakeholders.map((s) => [s.id, s.name]));
	const w = options.window ?? null;
	const rank = { planned: 0, done: 1, dropped: 2 } as const;
	return data.touchPoints
		.filter((tp) => names.has(tp.stakeholderId) && (!w || (tp.createdAt >= w.start && tp.createdAt <= w.end)))
		.map((tp) => ({
			id: tp.id,
			stakeholder: names.get(tp.stakeholderId)!,
			owner: (tp.ownerId && names.get(tp.ownerId)) || '—',
			channel: CHANNEL_LABELS[tp.channel],
			purpose: tp.purpose,
			cadence: CADENCE_LABELS[tp.cadence],
			due: tp.due,
			function: OWNING_FUNCTION_LABELS[tp.function],
			status: tp.status,
			overdue: isOverdue(tp, options.today),
			createdAt: tp.createdAt
		}))
		.sort((a, b) => rank[a.status] - rank[b.status] || (a.due ?? '9999') .localeCompare(b.due ?? '9999') || a.createdAt - b.createdAt);
}

function isData(v: unknown): v is EngagementData {
	return typeof v === 'object' && v !== null && 'plans' in v && Array.isArray((v as EngagementData).touchPoints);
}
