// Scenario 8, the canvas (self-contained: its own server process and seeded board, so it runs alone
// with `node tests/bench/scenarios/canvas.ts` after `npm run build`, or from run.ts as `--only=canvas`).
//
//   - board page JS transferred without the canvas (brotli), and the canvas chunk opened on demand
//   - a canvas of 2,000 shapes: from clicking the Canvas tab to the first frame painted with shapes
//   - a drag by one person → painted on another person's screen, p50/p99 over 200 drags (two tabs)
//   - document growth after 1,000 drags of one shape, after the server's compaction
import * as Y from 'yjs';
import { chromium, type Page } from '@playwright/test';
import type { TLShape } from '@tldraw/tlschema';
import { ServerProcess } from '../../integration/helpers/server.ts';
import { World } from '../../integration/helpers/seed.ts';
import { openClient, waitFor } from '../../integration/helpers/clients.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { canvasMap } from '../../../src/lib/board/canvas/binding.ts';
import { compact, loadDoc } from '../../../src/lib/server/docStore.ts';
import { geo } from '../../fixtures/canvas.ts';
import { bareStore, peer } from '../../unit/canvas/harness.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { CHROMIUM_ARGS, chromiumPath, openBoard, sum } from '../pageWeight.ts';

// tldraw's store schedules its history flushes with requestAnimationFrame (the Node binding here).
globalThis.requestAnimationFrame ??= (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 0) as unknown as number;
globalThis.cancelAnimationFrame ??= (id: number) => clearTimeout(id);

const SCENARIO = '8 canvas';
const KB = 1000;
export const SHAPES = 2000;
const DRAGS = 200;
const STORED_DRAGS = 1000;

const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
/** Seeds `n` shapes (a grid) and the shape that is dragged, through a participant's socket. */
export async function seed(server: ServerProcess, boardId: string, token: string, n: number) {
	const c = openClient(server, docName(boardId, 'shared'), token);
	await c.synced();
	const map = canvasMap(c.doc);
	for (let from = 0; from < n; from += 400) {
		c.doc.transact(() => {
			for (let i = from; i < Math.min(n, from + 400); i++) map.set(`shape:s${i}`, geo(`s${i}`, 400 + (i % 50) * 40, 40 + Math.floor(i / 50) * 40, 'page:page', 30));
		});
	}
	const drag = geo('drag', 100, 300, 'page:page', 120) as TLShape & { props: Record<string, unknown> };
	drag.props.fill = 'solid';
	map.set('shape:drag', drag);
	await waitFor(() => c.provider.synced, 'seeded');
	await new Promise((r) => setTimeout(r, 500));
	c.destroy();
}

/**
 * Clicks the Canvas tab and times it to the first frame painted with shapes in it, and to the first
 * frame after every shape is in (the canvas opens with its first view, the rest in batches: loadOrder.ts).
 */
export async function openCanvasTimed(page: Page): Promise<number> {
	return (await openCanvasPhases(page)).first;
}
export async function openCanvasPhases(page: Page): Promise<{ first: number; all: number }> {
	return page.evaluate(async () => {
		const link = document.querySelector<HTMLAnchorElement>('a[href="?view=canvas"]')!;
		const t0 = performance.now();
		link.click();
		const frameAfter = (ready: () => boolean) =>
			new Promise<number>((resolve) => {
				const check = () => {
					if (ready()) requestAnimationFrame(() => resolve(performance.now() - t0));
					else requestAnimationFrame(check);
				};
				check();
			});
		const first = await frameAfter(() => document.querySelectorAll('.tl-shape').length > 0);
		performance.mark('canvas:first');
		// A build without batches (no data-loaded) has every shape in at the first frame.
		const all = await frameAfter(() => document.querySelector('[data-testid="canvas-view"]')?.getAttribute('data-loaded') !== 'false');
		return { first, all };
	});
}

export async function dragLatency(a: Page, b: Page, drags: number): Promise<number[]> {
	for (const p of [a, b]) await p.locator('[data-shape-id="shape:drag"]').waitFor({ timeout: 30_000 });
	// One measurement per drag, paired by construction: before each drag, b notes where the shape is
	// painted now and a forgets its pointer moves; the drag is one move with the button held (a's
	// first such move puts the shape somewhere new); b marks the frame after the shape's transform
	// first differs (a MutationObserver on its style, then requestAnimationFrame: the paint), and the
	// next drag waits for it. Both times are epoch ms (performance.timeOrigin), comparable across tabs.
	await b.evaluate(() => {
		const el = document.querySelector('[data-shape-id="shape:drag"]') as HTMLElement;
		const w = window as unknown as { __base: string | null; __painted: number | null };
		w.__base = null;
		w.__painted = null;
		new MutationObserver(() => {
			if (w.__base === null || w.__painted !== null || getComputedStyle(el).transform === w.__base) return;
			w.__base = null;
			requestAnimationFrame(() => (w.__painted = performance.timeOrigin + performance.now()));
		}).observe(el, { attributes: true, attributeFilter: ['style'] });
	});
	await a.evaluate(() => {
		const w = window as unknown as { __move: number | null };
		w.__move = null;
		window.addEventListener('pointermove', (e) => e.buttons && (w.__move ??= performance.timeOrigin + e.timeStamp), { capture: true });
	});
	const out: number[] = [];
	for (let i = 0; i < drags; i++) {
		await b.evaluate(() => {
			const w = window as unknown as { __base: string | null; __painted: number | null };
			w.__painted = null;
			w.__base = getComputedStyle(document.querySelector('[data-shape-id="shape:drag"]')!).transform;
		});
		await a.evaluate(() => ((window as unknown as { __move: number | null }).__move = null));
		const box = (await a.locator('[data-shape-id="shape:drag"]').boundingBox())!;
		const x0 = box.x + 30;
		const y0 = box.y + 30;
		await a.mouse.move(x0, y0);
		await a.mouse.down();
		// Right and back, by a different distance each time: every drag ends somewhere the last did not.
		await a.mouse.move(x0 + (i % 2 ? -1 : 1) * (10 + (i % 7)), y0);
		await a.mouse.up();
		const painted = await b.waitForFunction(() => (window as unknown as { __painted: number | null }).__painted, null, { timeout: 10_000, polling: 'raf' });
		const at = (await painted.jsonValue()) as number;
		const moved = await a.evaluate(() => (window as unknown as { __move: number | null }).__move);
		if (moved !== null) out.push(at - moved);
	}
	return out;
}

/** 1,000 drags of one shape (20 frames each) through the binding against the server, then its compaction. */
async function storedGrowth(server: ServerProcess, world: World, boardId: string, token: string) {
	const name = docName(boardId, 'shared');
	const c = openClient(server, name, token);
	await c.synced();
	const p = peer({ shared: c.doc, internal: null }, { store: bareStore() });
	const stored = () => {
		compact(world.db, name);
		return loadDoc(world.db, name)!.byteLength;
	};
	await new Promise((r) => setTimeout(r, 300));
	const before = stored();
	for (let d = 0; d < STORED_DRAGS; d++) {
		for (let f = 1; f <= 20; f++) p.store.update('shape:drag' as TLShape['id'], (r) => ({ ...r, x: r.x + (d % 2 ? -1 : 1) }) as TLShape);
		p.flush();
		if (d % 100 === 99) await waitFor(() => c.provider.synced, 'sent');
	}
	await new Promise((r) => setTimeout(r, 1500));
	const copy = new Y.Doc();
	Y.applyUpdate(copy, loadDoc(world.db, name)!);
	const x = (canvasMap(copy).get('shape:drag') as TLShape | undefined)?.x;
	c.destroy();
	return { before, after: stored(), x, expectedX: (canvasMap(c.doc).get('shape:drag') as TLShape).x };
}

export async function canvas(): Promise<ScenarioReport> {
	if (!chromiumPath) return { scenario: SCENARIO, metrics: [], status: 'no Chromium' };
	const server = new ServerProcess();
	await server.start();
	const world = new World(server.dbPath);
	const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
	try {
		const b = world.addBoard();
		await seed(server, b.boardId, b.tokens.participant, SHAPES);
		// Cold: a fresh context per run (nothing cached), board opened on another view first.
		const boardJs: number[] = [];
		const chunkJs: number[] = [];
		const firstPaint: number[] = [];
		const allPaint: number[] = [];
		for (let run = 0; run < 3; run++) {
			const { page, js } = await openBoard(browser, server, b.boardId, b.tokens.facilitator, 'decisions');
			boardJs.push(sum(await js.take()));
			const o = await openCanvasPhases(page);
			firstPaint.push(o.first);
			allPaint.push(o.all);
			await page.locator('[data-testid="canvas-view"][data-status="ready"]').waitFor();
			await page.waitForLoadState('networkidle');
			chunkJs.push(sum(await js.take()));
			await page.context().close();
		}
		const a = await openBoard(browser, server, b.boardId, b.tokens.facilitator, 'decisions');
		const other = await openBoard(browser, server, b.boardId, b.tokens.participant, 'decisions');
		for (const t of [a, other]) {
			const o = await openCanvasPhases(t.page);
			firstPaint.push(o.first);
			allPaint.push(o.all);
			await t.page.locator('[data-testid="canvas-view"][data-status="ready"]').waitFor();
		}
		const lat = await dragLatency(a.page, other.page, DRAGS);
		await a.page.context().close();
		await other.page.context().close();
		const growth = await storedGrowth(server, world, b.boardId, b.tokens.participant);
		const p50 = quantile(lat, 0.5);
		const p99 = quantile(lat, 0.99);
		const metrics: Metric[] = [
			{ scenario: SCENARIO, name: 'board page JS, without canvas (brotli), 3 cold loads', unit: 'KB', values: { tandem: Math.max(...boardJs) / KB }, budget: '<= 100 KB', met: Math.max(...boardJs) <= 100 * KB, note: boardJs.map((x) => (x / KB).toFixed(1)).join(' / ') },
			{ scenario: SCENARIO, name: 'canvas chunk JS (brotli), loaded on opening the view', unit: 'KB', values: { tandem: Math.max(...chunkJs) / KB }, met: null, note: chunkJs.map((x) => (x / KB).toFixed(1)).join(' / ') },
			{ scenario: SCENARIO, name: `open the canvas (${SHAPES} shapes) → first painted frame, median of 5 (3 cold)`, unit: 'ms', values: { tandem: quantile(firstPaint, 0.5) }, met: null, note: firstPaint.map((x) => x.toFixed(0)).join(' / ') },
			{ scenario: SCENARIO, name: `open the canvas (${SHAPES} shapes) → first frame with every shape in, median of 5 (3 cold)`, unit: 'ms', values: { tandem: quantile(allPaint, 0.5) }, met: null, note: allPaint.map((x) => x.toFixed(0)).join(' / ') },
			{ scenario: SCENARIO, name: `drag → painted on another screen, p50 (${lat.length} drags)`, unit: 'ms', values: { tandem: p50 }, budget: '<= 50 ms', met: p50 <= 50, note: `p99 ${p99.toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms` },
			{ scenario: SCENARIO, name: `stored document after ${STORED_DRAGS} drags of one shape, after compaction`, unit: '×', values: { tandem: growth.after / growth.before }, budget: '<= 2×', met: growth.after <= 2 * growth.before && growth.x === growth.expectedX, note: `${growth.before} → ${growth.after} bytes; stored x ${growth.x} (expected ${growth.expectedX})` }
		];
		return { scenario: SCENARIO, metrics, raw: { boardJs, chunkJs, firstPaint, allPaint, lat, growth } };
	} finally {
		await browser.close();
		world.close();
		await server.dispose();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const report = await canvas();
	for (const m of report.metrics) console.log(`${m.name}: ${typeof m.values.tandem === 'number' ? m.values.tandem.toFixed(2) : m.values.tandem} ${m.unit}${m.budget ? ` (budget ${m.budget}: ${m.met ? 'met' : 'MISSED'})` : ''}${m.note ? ` — ${m.note}` : ''}`);
	if (report.status) console.log(report.status);
	process.exit(0);
}
