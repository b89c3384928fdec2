import fs from 'node:fs';
import path from 'node:path';
import type { ServerKind } from './servers.ts';

/** 'sqlite': the nodes scenario holds its PostgreSQL figures against Tandem's own one-node SQLite run. */
export type Column = ServerKind | 'baseline' | 'sqlite';
export type Value = number | string | null;

/** One line of the report: a figure per server, and the budget it is held to (if any). */
export interface Metric {
	scenario: string;
	name: string;
	unit: string;
	values: Partial<Record<Column, Value>>;
	/** Min–max over the repetitions, per column (printed next to the median). */
	ranges?: Partial<Record<Column, [number, number] | null>>;
	/** ours / reference where the budget is relative. */
	ratio?: number;
	/** Min–max of the per-repetition ratios (repetition i of ours against repetition i of the reference). */
	ratioRange?: [number, number] | null;
	/** The reference the ratio is taken against (the better one in this run). */
	against?: Column;
	budget?: string;
	/** true met, false missed, null not judged (missing data). */
	met?: boolean | null;
	/** The budget is an expectation of ours, not a requirement: printed as such, never a miss. */
	expectation?: boolean;
	note?: string;
}

export interface ScenarioReport {
	scenario: string;
	metrics: Metric[];
	/** Per-repetition raw figures, for the JSON only. */
	raw?: unknown;
	/** Why this scenario has no figures, or what went wrong. */
	status?: string;
	/** The machine's noise while the scenario ran (filled in by run.ts). */
	noise?: NoiseSummary;
}

/** What else the machine was doing while a scenario ran (see noise.ts). */
export interface NoiseSummary {
	level: 'low' | 'moderate' | 'heavy';
	/** CPU seconds per second used by processes outside the bench (mean, and the worst second). */
	otherCpuMean: number;
	otherCpuMax: number;
	/** Share of CPU time stolen by the hypervisor. */
	steal: number;
	/** 1-minute load average, highest sample. */
	loadAvgMax: number;
	/** Calibration loop time right before the scenario / the idle baseline, per core. */
	slowdown: Record<string, number>;
	text: string;
}

const fmtWithRange = (v: Value | undefined, unit: string, r: [number, number] | null | undefined): string => {
	const median = fmt(v, unit);
	if (!r || typeof v !== 'number' || r[0] === r[1]) return median;
	const bare = (x: number) => fmt(x, unit === '%' ? '%' : '').replace(/ $/, '');
	return `${median} (${bare(r[0])}–${bare(r[1])})`;
};

const fmtRatio = (m: Metric): string => {
	if (m.ratio === undefined || !Number.isFinite(m.ratio)) return '';
	const r = m.ratioRange;
	const spread = r ? ` (${r[0].toFixed(2)}–${r[1].toFixed(2)})` : '';
	const vs = m.against ? ` vs ${m.against === 'baseline' ? 'in-process' : m.against === 'sqlite' ? 'SQLite' : m.against}` : '';
	return `${m.ratio.toFixed(2)}x${spread}${vs}`;
};

/** met / MISSED / n/a, marked when the scenario ran under heavy noise. */
export function verdictOf(m: Metric, noise?: NoiseSummary): string {
	if (m.met === undefined) return '';
	const v = m.met === null ? 'n/a' : m.expectation ? (m.met ? 'as expected' : 'NOT as expected') : m.met ? 'met' : 'MISSED';
	return noise?.level === 'heavy' && m.met !== null ? `${v} (heavy noise)` : v;
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
				fmtWithRange(m.values.tandem, m.unit, m.ranges?.tandem),
				fmtWithRange(m.values['y-websocket'], m.unit, m.ranges?.['y-websocket']),
				fmtWithRange(m.values.hocuspocus, m.unit, m.ranges?.hocuspocus),
				fmtWithRange(m.values.baseline, m.unit, m.ranges?.baseline),
				fmtRatio(m),
				m.budget ?? '',
				verdictOf(m, r.noise)
			]);
		}
		if (r.status && r.metrics.length) rows.push([r.scenario, `(${r.status})`, '', '', '', '', '', '', '']);
		if (r.noise) rows.push([r.scenario, `(noise: ${r.noise.text})`, '', '', '', '', '', '', '']);
	}
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
	return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function missedBudgets(reports: ScenarioReport[]): Metric[] {
	return reports.flatMap((r) => r.metrics.filter((m) => m.met === false && !m.expectation));
}

export function writeJson(outDir: string, data: unknown): string {
	fs.mkdirSync(outDir, { recursive: true });
	const file = path.join(outDir, 'results.json');
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}
