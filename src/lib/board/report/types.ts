// What a report holds, as plain data: built on the server from the stored documents for one
// version (server/report/data.ts), then rendered as HTML/PDF (components/report/), CSV
// (./tables.ts) and Markdown (./markdown.ts). Pure types: no Yjs, no Svelte.
//
// The client-safe version is built without ever reading the internal document, so nothing of it
// can be in `snapshot.internal` (always empty arrays) or anywhere else in a client-safe report.
import type { ActionStatus } from '../model/vocabulary.ts';
import type { Side } from '../model/roles.ts';
import type { BoardSnapshot } from '../views/types.ts';
import type { BoardComparison } from '../views/compare.ts';
import type { SessionSummary } from '../views/sessionSummary.ts';
import type { TouchPointLine } from '../views/touchPointReport.ts';

export const REPORT_VERSIONS = ['client', 'internal'] as const;
export type ReportVersion = (typeof REPORT_VERSIONS)[number];
export const VERSION_LABELS: Readonly<Record<ReportVersion, string>> = { client: 'client-safe', internal: 'internal (supplier side only)' };

export const isReportVersion = (v: unknown): v is ReportVersion => v === 'client' || v === 'internal';

export interface ReportAction {
	id: string;
	text: string;
	owner: string | null;
	due: string | null;
	status: ActionStatus;
	overdue: boolean;
}

export interface ReportInitiative {
	id: string;
	title: string;
	/** The goals/CSFs it serves, by id and as their board numbers (G1, G1.2). */
	targetIds: string[];
	targets: string[];
	actions: ReportAction[];
}

export interface ReportDecision {
	id: string;
	text: string;
	decidedAt: number;
	deciders: { name: string; side: Side }[];
}

export interface ReportSummary extends SessionSummary {
	createdAt: number;
	createdByName: string;
}

export interface ReportComparison {
	a: { key: string; label: string };
	b: { key: string; label: string };
	result: BoardComparison;
}

export interface ReportData {
	version: ReportVersion;
	board: { id: string; name: string; template: string; accountName: string };
	generatedAt: number;
	/** yyyy-mm-dd (UTC) that decides what is overdue. */
	today: string;
	snapshot: BoardSnapshot;
	/** Initiatives in board order; actions whose initiative is gone come last, under "(no initiative)". */
	initiatives: ReportInitiative[];
	decisions: ReportDecision[];
	/** Touch points from the internal document (issue #13): always empty in the client-safe version. */
	touchPoints: TouchPointLine[];
	/** The newest saved session summary, when there is one. */
	summary: ReportSummary | null;
	/** A comparison report: two states of the board (or this board and another of the account). */
	comparison: ReportComparison | null;
}
