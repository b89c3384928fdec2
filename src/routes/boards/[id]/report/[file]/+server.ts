import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { reportFor } from '$lib/server/report/request.ts';
import { reportTable, REPORT_TABLES, type ReportTable } from '$lib/board/report/tables.ts';
import { reportMarkdown } from '$lib/board/report/markdown.ts';
import { toCsv } from '$lib/csv/write.ts';
import { fileBase } from '$lib/server/report/files.ts';

/**
 * The report's files: matrix.csv, stakeholders.csv, actions.csv (UTF-8 with BOM, formulas
 * escaped: csv/write.ts) and summary.md. `?version=internal` only for the supplier side (403).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const m = /^(matrix|stakeholders|actions)\.csv$|^(summary)\.md$/.exec(params.file);
	if (!m) error(404, 'No such report file.');
	const data = await reportFor(locals, url, params.id);
	const base = `${fileBase(data.board.name)}-${data.version === 'internal' ? 'internal' : 'client-safe'}`;
	if (m[2]) {
		return file(reportMarkdown(data), 'text/markdown; charset=utf-8', `${base}-summary.md`);
	}
	const table = m[1] as ReportTable;
	if (!REPORT_TABLES.includes(table)) error(404, 'No such report file.');
	const t = reportTable(data, table);
	return file(toCsv(t.header, t.rows), 'text/csv; charset=utf-8', `${base}-${table}.csv`);
};

function file(body: string, type: string, name: string): Response {
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="tandem-report"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'no-store'
		}
	});
}
