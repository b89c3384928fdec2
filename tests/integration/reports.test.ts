import { describe, expect, it } from 'vitest';
import { liveServer } from './helpers/live.ts';
import { cookieOf, World, type SeededBoard } from './helpers/seed.ts';
import { ServerProcess } from './helpers/server.ts';
import { editDoc } from './helpers/cast.ts';
import { waitFor } from './helpers/clients.ts';
import { pdfText } from './helpers/pdfText.ts';
import { fillInternal, fillShared, REPORT_BOARD } from '../fixtures/reportBoard.ts';
import { goalText } from '../../src/lib/board/doc/goals.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

// Reports over HTTP against the real server: a client-side person never receives anything of the
// internal document (bytes checked for a marker written there), the internal version is refused
// to them, and rendering a PDF leaves the sync server free to serve a live client.

const live = liveServer();
const MARKER = 'ZQX-INTERNAL-7f3a';

const get = (path: string, token: string) => fetch(live.server.origin + path, { redirect: 'manual', headers: { cookie: cookieOf(token) } });
const post = (path: string, token: string) =>
	fetch(live.server.origin + path, { method: 'POST', redirect: 'manual', headers: { cookie: cookieOf(token), origin: live.server.origin, accept: 'application/json' } });

function board(): SeededBoard {
	const b = live.world.addBoard();
	editDoc(live.world.db, b.boardId, 'shared', fillShared);
	editDoc(live.world.db, b.boardId, 'internal', (d) => fillInternal(d, MARKER));
	return b;
}

const FILES = ['view', 'matrix.csv', 'stakeholders.csv', 'actions.csv', 'summary.md'];

/** Asks for a PDF and follows its job to the file; also reports each state seen while polling. */
async function pdf(b: SeededBoard, token: string, query: string, onPoll?: (state: string) => Promise<void>): Promise<Uint8Array> {
	const res = await post(`/boards/${b.boardId}/report/pdf?${query}`, token);
	expect(res.status).toBe(202);
	const { status } = (await res.json()) as { status: string };
	let download: string | null = null;
	await waitFor(
		async () => {
			const s = (await (await get(status, token)).json()) as { state: string; download: string | null; error: string | null };
			if (s.state === 'failed') throw new Error(s.error ?? 'failed');
			await onPoll?.(s.state);
			download = s.download;
			return s.state === 'done';
		},
		'the PDF job to finish',
		60_000
	);
	const file = await get(download!, token);
	expect(file.status).toBe(200);
	expect(file.headers.get('content-type')).toBe('application/pdf');
	return new Uint8Array(await file.arrayBuffer());
}

describe('client-safe reports', () => {
	it('a client guest gets every report file without a byte of the internal document, and the internal version is refused (403)', async () => {
		const b = board();
		for (const f of FILES) {
			const res = await get(`/boards/${b.boardId}/report/${f}?version=client`, b.tokens.clientGuest);
			expect(res.status, f).toBe(200);
			const bytes = Buffer.from(await res.arrayBuffer());
			expect(bytes.includes(MARKER), f).toBe(false);
			expect(bytes.includes(REPORT_BOARD.touchPoint), f).toBe(false);
			expect(bytes.includes('Touch points'), f).toBe(false);
			// Shared content is there, so the check reads a real report.
			expect(bytes.toString('utf8'), f).toContain(f === 'actions.csv' ? REPORT_BOARD.action : REPORT_BOARD.clients.cleo);
			expect((await get(`/boards/${b.boardId}/report/${f}?version=internal`, b.tokens.clientGuest)).status, f).toBe(403);
		}
		expect((await post(`/boards/${b.boardId}/report/pdf?version=internal`, b.tokens.clientGuest)).status).toBe(403);
		const file = await pdf(b, b.tokens.clientGuest, 'version=client');
		expect(Buffer.from(file).includes(MARKER)).toBe(false);
		const { pages, text, flat } = await pdfText(file);
		expect(pages).toBeGreaterThan(0);
		expect(text).toContain(REPORT_BOARD.decision);
		expect(flat).not.toContain(MARKER);
		expect(flat).not.toContain('Playsgolf');
		expect(flat).not.toContain(REPORT_BOARD.touchPoint.replace(/\s/g, ''));
		expect(text).not.toContain('Touch points');
	});

	it('the supplier side gets the internal content only in the internal version', async () => {
		const b = board();
		for (const f of ['view', 'stakeholders.csv']) {
			const safe = await (await get(`/boards/${b.boardId}/report/${f}?version=client`, b.tokens.participant)).text();
			expect(safe, f).not.toContain(MARKER);
			const internal = await (await get(`/boards/${b.boardId}/report/${f}?version=internal`, b.tokens.participant)).text();
			expect(internal, f).toContain(MARKER);
		}
		// The Markdown summary has the internal measures (not the private notes) in the internal version only.
		const md = (v: string) => get(`/boards/${b.boardId}/report/summary.md?version=${v}`, b.tokens.participant).then((r) => r.text());
		expect(await md('client')).not.toContain('Our positioning');
		expect(await md('internal')).toContain('## Our positioning (internal)');
		// Touch points (issue #13): in the internal HTML, Markdown and PDF, flagged overdue; never in the client-safe ones.
		const view = (v: string) => get(`/boards/${b.boardId}/report/view?version=${v}`, b.tokens.participant).then((r) => r.text());
		const safeView = await view('client');
		expect(safeView).not.toContain(REPORT_BOARD.touchPoint);
		expect(safeView).not.toContain('report-touch-points');
		const internalView = await view('internal');
		expect(internalView).toContain('data-testid="report-touch-points"');
		expect(internalView).toContain(REPORT_BOARD.touchPoint);
		expect(internalView).toContain('Planned, overdue');
		expect(await md('client')).not.toContain(REPORT_BOARD.touchPoint);
		expect(await md('internal')).toContain(`## Touch points (internal)\n\n- **Overdue:** ${REPORT_BOARD.clients.cleo} — owner ${REPORT_BOARD.supplier}, channel In person, purpose ${REPORT_BOARD.touchPoint}`);
		const safePdf = await pdfText(await pdf(b, b.tokens.participant, 'version=client'));
		expect(safePdf.flat).not.toContain(REPORT_BOARD.touchPoint.replace(/\s/g, ''));
		expect(safePdf.text).not.toContain('Touch points');
		const { text, flat } = await pdfText(await pdf(b, b.tokens.facilitator, 'version=internal'));
		expect(flat).toContain(MARKER);
		expect(text).toContain('Where to help');
		expect(text).toContain('Touch points');
		expect(flat).toContain(REPORT_BOARD.touchPoint.replace(/\s/g, ''));
	});

	it('a comparison report: a client guest comparing states gets the shifts and nothing internal', async () => {
		const b = board();
		const res = await get(`/boards/${b.boardId}/report/summary.md?version=client&a=now&b=now`, b.tokens.clientGuest);
		expect(res.status).toBe(200);
		const md = await res.text();
		expect(md).toContain('## Compared: This board now → This board now');
		expect(md).not.toContain(MARKER);
		expect((await get(`/boards/${b.boardId}/report/summary.md?version=client&a=nope&b=now`, b.tokens.clientGuest)).status).toBe(404);
	});

	it('CSV files are UTF-8 with a BOM, and a cell starting like a formula is escaped', async () => {
		const b = board();
		editDoc(live.world.db, b.boardId, 'shared', (d) => goalText(d, 'g2')!.insert(0, '=HYPERLINK("x")'));
		const res = await get(`/boards/${b.boardId}/report/matrix.csv?version=client`, b.tokens.clientGuest);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain(`"'=HYPERLINK(""x"")${REPORT_BOARD.goals.cost}"`);
	});
});

describe('PDF jobs', () => {
	it("a job is only its requester's: anyone else, on the board or not, gets 404", async () => {
		const b = board();
		const res = await post(`/boards/${b.boardId}/report/pdf?version=internal`, b.tokens.facilitator);
		expect(res.status).toBe(202);
		const { status } = (await res.json()) as { status: string };
		expect((await get(status, b.tokens.facilitator)).status).toBe(200);
		for (const token of [b.tokens.participant, b.tokens.clientGuest, b.tokens.outsider]) {
			expect((await get(status, token)).status).toBe(404);
			expect((await get(`${status}?download=1`, token)).status).toBe(404);
		}
	});

	it('without Chromium: a clear 503 and the Reports page points to the printable HTML report', async () => {
		const other = new ServerProcess({ CHROMIUM_PATH: '/nonexistent/chromium' });
		await other.start();
		const world = new World(other.dbPath);
		try {
			const b = world.addBoard();
			const headers = { cookie: cookieOf(b.tokens.participant), origin: other.origin, accept: 'application/json' };
			const res = await fetch(`${other.origin}/boards/${b.boardId}/report/pdf?version=client`, { method: 'POST', headers });
			expect(res.status).toBe(503);
			expect(((await res.json()) as { message: string }).message).toContain('Chromium at /nonexistent/chromium');
			const page = await (await fetch(`${other.origin}/boards/${b.boardId}/report`, { headers })).text();
			expect(page).toContain('Open the HTML report and print it');
			expect(page).not.toContain('data-testid="report-pdf"');
			expect((await fetch(`${other.origin}/boards/${b.boardId}/report/view?version=client`, { headers })).status).toBe(200);
		} finally {
			world.close();
			await other.dispose();
		}
	});
});

describe('PDF rendering and the sync server', () => {
	it('a live client keeps its round trips while a PDF renders', async () => {
		const b = board();
		const room = docName(b.boardId, 'shared');
		const writer = live.open(room, b.tokens.participant);
		const reader = live.open(room, b.tokens.facilitator);
		await Promise.all([writer.synced(), reader.synced()]);
		const trips: number[] = [];
		let n = 0;
		const roundTrip = async () => {
			const word = ` w${n++}`;
			const started = performance.now();
			writer.text.insert(writer.text.length, word);
			await waitFor(() => reader.note().endsWith(word), 'the reader to see the write', 5_000);
			trips.push(performance.now() - started);
		};
		// Round trips back to back for as long as the PDF is being made, whatever its state.
		let rendering = true;
		let sawRendering = false;
		const loop = (async () => {
			while (rendering) await roundTrip();
		})();
		await pdf(b, b.tokens.facilitator, 'version=internal', async (state) => {
			if (state === 'rendering') sawRendering = true;
		});
		rendering = false;
		await loop;
		// The render was under way while the client wrote, and no round trip waited for it.
		expect(sawRendering).toBe(true);
		expect(trips.length).toBeGreaterThanOrEqual(5);
		expect(Math.max(...trips)).toBeLessThan(1_000);
	});
});
