import fs from 'node:fs';
import path from 'node:path';
import type { ServerKind } from './servers.ts';

export type Column = ServerKind | 'baseline';
export type Value = number | string | null;

/** One line of the report: a figure per server, and the budget it is held to (if any). */
export interface Metric {
	scenario: string;
	name: string;
	unit: string;
	values: Partial<Record<Column, Value>>;
	/** ours / reference where the budget is relative. */
	ratio?: number;
	budget?: string;
	/** true met, false missed, null not judged (missing data). */
	met?: boolean | null;
	note?: string;
}

export interface ScenarioReport {
	scenario: string;
	metrics: Metric[];
	/** Per-repetition raw figures, for the JSON only. */
	raw?: unknown;
	/** Why this scenario has no figures, or what went wrong. */
	status?: string;
}

const fmt = (v: Value | undefined, unit: string): string => {
	if (v === null || v === undefined) return '—';
	if (typeof v === 'string') return v;
	if (!Number.isFinite(v)) return '—';
	if (unit === '%') return `${(v * 100).toFixed(1)}%`;
	const abs = Math.abs(v);
	const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
	return `${v.toFixed(digits)}${unit && unit !== 'count' ? ' ' + unit : ''}`;
};

export function renderTable(reports: ScenarioReport[]): string {
	const head = ['Scenario', 'Metric', 'Tandem', 'y-websocket', 'Hocuspocus', 'In-process', 'Ours/ref', 'Budget', 'Verdict'];
	const rows: string[][] = [];
	for (const r of reports) {
		if (r.status && r.metrics.length === 0) {
			rows.push([r.scenario, r.status, '', '', '', '', '', '', '']);
			continue;
		}
		for (const m of r.metrics) {
			rows.push([
				m.scenario,
				m.name,
				fmt(m.values.tandem, m.unit),
				fmt(m.values['y-websocket'], m.unit),
				fmt(m.values.hocuspocus, m.unit),
				fmt(m.values.baseline, m.unit),
				m.ratio === undefined || !Number.isFinite(m.ratio) ? '' : `${m.ratio.toFixed(2)}x`,
				m.budget ?? '',
				m.met === undefined ? '' : m.met === null ? 'n/a' : m.met ? 'met' : 'MISSED'
			]);
		}
		if (r.status && r.metrics.length) rows.push([r.scenario, `(${r.status})`, '', '', '', '', '', '', '']);
	}
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
	return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function missedBudgets(reports: ScenarioReport[]): Metric[] {
	return reports.flatMap((r) => r.metrics.filter((m) => m.met === false));
}

export function writeJson(outDir: string, data: unknown): string {
	fs.mkdirSync(outDir, { recursive: true });
	const file = path.join(outDir, 'results.json');
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}
