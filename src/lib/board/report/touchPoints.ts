// The internal report's "Touch points" section as rows of text, shared by the HTML/PDF report and
// the Markdown summary so both say the same. Pure. Only the internal version has touch points
// (server/report/data.ts never reads the internal document for the client-safe one).
import type { TouchPointLine } from '../views/touchPointReport.ts';

export const TOUCH_POINT_HEADER = ['Stakeholder', 'Owner', 'Channel', 'Purpose', 'Cadence', 'Due', 'Function', 'Status'] as const;

const STATUS = { planned: 'Planned', done: 'Done', dropped: 'Dropped' } as const;

export interface TouchPointRow {
	id: string;
	cells: string[];
	overdue: boolean;
}

/** One row per touch point, in the order touchPointsForReport gives (planned first, by date). */
export function touchPointRows(lines: readonly TouchPointLine[]): TouchPointRow[] {
	return lines.map((l) => ({
		id: l.id,
		cells: [l.stakeholder, l.owner, l.channel, l.purpose || '(no purpose)', l.cadence, l.due ?? '—', l.function, l.overdue ? `${STATUS[l.status]}, overdue` : STATUS[l.status]],
		overdue: l.overdue
	}));
}
