// The report's CSV files as rows: the matrix (one row per client stakeholder × goal or CSF), the
// stakeholders and the actions. Pure; src/lib/csv/write.ts turns them into the file (BOM, CRLF,
// formulas escaped). The internal columns (relationship, sponsor, private notes) appear only in an
// internal report's data; a client-safe one has none to show, and gets no such columns.
import type { CsvCell } from '../../csv/write.ts';
import { SIDE_LABELS } from '../model/roles.ts';
import { LEVEL_LABELS, STATUS_LABELS, type Priority, type Relationship } from '../model/vocabulary.ts';
import { numberTargets } from '../views/numbering.ts';
import type { ReportData } from './types.ts';

export interface CsvTable {
	header: string[];
	rows: CsvCell[][];
}

export const REPORT_TABLES = ['matrix', 'stakeholders', 'actions'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export const PRIORITY_LABELS: Readonly<Record<Priority, string>> = { 0: 'not a priority', 1: 'low', 2: 'medium', 3: 'high' };
export const RELATIONSHIP_LABELS: Readonly<Record<Relationship, string>> = { 0: 'none', 1: 'aware', 2: 'engaged', 3: 'trusted' };

/** Every client stakeholder × goal/CSF in board order (rows, then columns); unset cells have empty priority. */
export function matrixTable(data: ReportData): CsvTable {
	const s = data.snapshot;
	const numbers = numberTargets(s.targets);
	const byKey = new Map(s.cells.map((c) => [`${c.stakeholderId}|${c.targetId}`, c]));
	const goalText = new Map(s.targets.filter((t) => t.kind === 'goal').map((t) => [t.id, t.text]));
	const rows: CsvCell[][] = [];
	for (const p of s.stakeholders.filter((x) => x.side === 'client')) {
		for (const t of s.targets) {
			const c = byKey.get(`${p.id}|${t.id}`);
			const priority = c?.priority ?? null;
			rows.push([
				p.name,
				p.title,
				LEVEL_LABELS[p.level],
				p.function,
				numbers.get(t.id) ?? '',
				t.kind === 'goal' ? 'Goal' : 'CSF',
				t.text,
				t.kind === 'csf' ? (goalText.get(t.parentId ?? '') ?? '') : '',
				priority,
				priority === null ? '' : PRIORITY_LABELS[priority],
				priority === null ? '' : c?.validated ? 'validated' : 'assumed',
				c?.note ?? ''
			]);
		}
	}
	return {
		header: ['Stakeholder', 'Title', 'Level', 'Function', 'No.', 'Kind', 'Goal or CSF', 'Under goal', 'Priority', 'Priority (words)', 'Validated', 'Note'],
		rows
	};
}

/** Both sides' stakeholders in board order; an internal report adds our relationship, the sponsor and the private notes. */
export function stakeholdersTable(data: ReportData): CsvTable {
	const s = data.snapshot;
	const internal = data.version === 'internal';
	const relation = new Map(s.internal.relations.map((r) => [r.stakeholderId, r]));
	const names = new Map(s.stakeholders.map((p) => [p.id, p.name]));
	const header = ['Name', 'Title', 'Side', 'Level', 'Function'];
	if (internal) header.push('Relationship', 'Sponsor', 'Relation notes');
	const rows = s.stakeholders.map((p): CsvCell[] => {
		const row: CsvCell[] = [p.name, p.title, SIDE_LABELS[p.side], LEVEL_LABELS[p.level], p.function];
		if (internal) {
			const r = p.side === 'client' ? relation.get(p.id) : undefined;
			row.push(r ? RELATIONSHIP_LABELS[r.relationship] : '', r?.sponsorId ? (names.get(r.sponsorId) ?? '') : '', r?.notes ?? '');
		}
		return row;
	});
	return { header, rows };
}

/** Every action under its initiative, in board order. */
export function actionsTable(data: ReportData): CsvTable {
	const rows: CsvCell[][] = [];
	for (const i of data.initiatives) {
		for (const a of i.actions) rows.push([i.title, i.targets.join(' '), a.text, a.owner ?? '', a.due ?? '', STATUS_LABELS[a.status], a.overdue ? 'overdue' : '']);
	}
	return { header: ['Initiative', 'For', 'Action', 'Owner', 'Due', 'Status', 'Overdue'], rows };
}

export function reportTable(data: ReportData, table: ReportTable): CsvTable {
	return table === 'matrix' ? matrixTable(data) : table === 'stakeholders' ? stakeholdersTable(data) : actionsTable(data);
}
