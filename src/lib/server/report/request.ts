import { error } from '@sveltejs/kit';
import { getDb } from '../db/index.ts';
import { resolveBoardAccess } from '../access.ts';
import { isReportVersion, type ReportVersion } from '../../board/report/types.ts';
import { buildReport, ReportAccessError, versionSide } from './data.ts';
import type { ReportData } from '../../board/report/types.ts';

// Every report route starts here: a session, access to this board (404 otherwise, so board ids do
// not leak), a known version (client-safe by default), and the internal version only for those who
// may read the internal document (403). The comparison's two states come as ?a= and ?b=.

export interface ParsedReport {
	version: ReportVersion;
	compare: { a: string; b: string } | null;
}

export async function parseReport(locals: App.Locals, url: URL, boardId: string) {
	if (!locals.principal) error(401, 'Sign in to get a report.');
	const access = await resolveBoardAccess(getDb(), locals.principal, boardId);
	if (!access) error(404, 'Board not found, or you do not have access to it.');
	const raw = url.searchParams.get('version') ?? 'client';
	if (!isReportVersion(raw)) error(400, 'The version is "client" or "internal".');
	try {
		versionSide(access, raw);
	} catch (err) {
		if (err instanceof ReportAccessError) error(err.status, err.message);
		throw err;
	}
	const a = url.searchParams.get('a');
	const b = url.searchParams.get('b');
	const compare = a && b ? { a, b } : null;
	return { access, principal: locals.principal, version: raw, compare };
}

export async function reportFor(locals: App.Locals, url: URL, boardId: string): Promise<ReportData> {
	const req = await parseReport(locals, url, boardId);
	try {
		return await buildReport(getDb(), boardId, req);
	} catch (err) {
		if (err instanceof ReportAccessError) error(err.status, err.message);
		throw err;
	}
}

/** The query string that names the same report (for links and downloads). */
export function reportQuery(p: ParsedReport): string {
	const q = new URLSearchParams({ version: p.version });
	if (p.compare) {
		q.set('a', p.compare.a);
		q.set('b', p.compare.b);
	}
	return q.toString();
}
