import fs from 'node:fs';
import os from 'node:os';
import * as Y from 'yjs';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import type { Context } from '../context.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { copyDatabase, removeDatabase } from '../seed.ts';
import { startServer } from '../servers.ts';
import { targetOf } from '../clients/target.ts';
import { ProviderClient } from '../clients/provider.ts';
import { quantile, sleep } from '../stats.ts';
import { openDb } from '../../../src/lib/server/db/index.ts';
import { compact } from '../../../src/lib/server/docStore.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';
import { REPO } from '../servers.ts';
import { fillBigBoard, LIMIT_BOARD } from '../../fixtures/bigBoard.ts';
import path from 'node:path';
import { maxCpu, sumCpu, threadTimeBy, traced } from '../threadTime.ts';
import { keyCosts } from '../keyTrace.ts';

// The page scenario on a board at the documented limits (model/limits.ts: 300 goals and CSFs,
// 40 client stakeholders, every matrix cell set): key → paint in the matrix, the main-thread cost
// of a remote change on each open view, and the longest task while a view opens. Self-contained:
// it writes the big board into its own copy of the seeded database (the workshop board, empty).

const SCENARIO = '7b page at the limits';
const chromiumPath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The views a remote change is measured on (each opened alone, as a person would). */
const VIEWS = ['matrix', 'scorecard', 'where-to-help', 'goals', 'stakeholders'] as const;

const p50 = (xs: number[]) => (xs.length ? quantile(xs, 0.5) : NaN);
const p99 = (xs: number[]) => (xs.length ? quantile(xs, 0.99) : NaN);
const fmt = (x: number) => Math.round(x * 10) / 10;
/** A remote change's cost is the changes' window minus an idle one: below 0, the idle window was the busier (noise), not a cost below nothing. */
const perChange = (x: number) => (x < 0 ? `≈0 (${fmt(x)}: idle window busier)` : String(fmt(x)));

/** Longest tasks since the last call (PerformanceObserver 'longtask', installed before load). */
const takeLongTasks = (page: Page) => page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));

/** The longest task while a view opens: wall ms (long tasks) and main-thread CPU ms (trace). */
async function openView(browser: Browser, page: Page, view: string): Promise<{ wall: number; cpu: number }> {
	await takeLongTasks(page);
	const tasks = await traced(browser, page, async () => {
		await page.locator(`a[href="?view=${view}"]`).click();
		await page.locator(`a[href="?view=${view}"][aria-current="page"]`).waitFor({ timeout: 30_000 });
		await sleep(1500); // whatever the view renders in later frames
	});
	const long = await takeLongTasks(page);
	return { wall: long.length ? Math.max(...long) : 0, cpu: maxCpu(tasks) };
}

/** Digit then ArrowRight, alternately: the latency of each digit (a write) and each move. */
async function keyToPaint(page: Page, digits: number): Promise<{ digit: number[]; move: number[]; longTasks: number }> {
	const cell = page.locator('[role="gridcell"]').first();
	await cell.focus();
	await page.evaluate(() => performance.clearMarks());
	await takeLongTasks(page);
	const keys: ('digit' | 'move')[] = [];
	for (let i = 0; i < digits; i++) {
		await page.keyboard.press(String(1 + (i % 3)));
		keys.push('digit');
		await sleep(60);
		await page.keyboard.press(i % 10 === 9 ? 'ArrowDown' : 'ArrowRight');
		keys.push('move');
		await sleep(60);
	}
	await sleep(300);
	const lat = await page.evaluate(() => {
		const ks = performance.getEntriesByName('matrix-key', 'mark').map((m) => m.startTime);
		const ps = performance.getEntriesByName('matrix-paint', 'mark').map((m) => m.startTime);
		return ks.map((k) => (ps.find((p) => p >= k) ?? NaN) - k);
	});
	const longTasks = (await takeLongTasks(page)).length;
	const pick = (kind: 'digit' | 'move') => lat.filter((x, i) => keys[i] === kind && Number.isFinite(x));
	return { digit: pick('digit'), move: pick('move'), longTasks };
}

/** Chromium's main-thread counters so far, in ms: all tasks, and the script, style and layout parts of them. */
async function threadMs(cdp: CDPSession): Promise<{ task: number; script: number; style: number; layout: number }> {
	const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
	const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
	return { task: get('TaskDuration'), script: get('ScriptDuration'), style: get('RecalcStyleDuration'), layout: get('LayoutDuration') };
}
type ThreadMs = Awaited<ReturnType<typeof threadMs>>;
const minus = (a: ThreadMs, b: ThreadMs): ThreadMs => ({ task: a.task - b.task, script: a.script - b.script, style: a.style - b.style, layout: a.layout - b.layout });

/**
 * Main-thread ms per remote change on the open view: `n` changes from another client, minus an
 * idle window as long; `parts` gets the script, style and layout ms per change likewise.
 */
async function remoteCost(
	tracing: { browser: Browser; page: Page; log?: (line: string) => void },
	cdp: CDPSession,
	peer: ProviderClient,
	n: number,
	change: (doc: Y.Doc, i: number) => void,
	parts?: (p: ThreadMs) => void
): Promise<{ wall: number; cpu: number }> {
	const gapMs = 80;
	await sleep(300);
	const idle0 = await threadMs(cdp);
	const idleTasks = await traced(tracing.browser, tracing.page, () => sleep(n * gapMs + 500));
	const idle = minus(await threadMs(cdp), idle0);
	const t0 = await threadMs(cdp);
	let busyTrace: Buffer | null = null;
	const busyTasks = await traced(
		tracing.browser,
		tracing.page,
		async () => {
			for (let i = 0; i < n; i++) {
				peer.write((doc) => change(doc, i), 1);
				await sleep(gapMs);
			}
			await sleep(500);
		},
		(buf) => (busyTrace = buf)
	);
	// BIGBOARD_TRACE_REMOTE=1: thread ms per kind of main-thread event over the changes (style, layout, script…);
	// =<dir>: each trace also goes to <dir>/remote-<n>.json (for DevTools' Performance panel).
	const keepDir = process.env.BIGBOARD_TRACE_REMOTE;
	if (keepDir && busyTrace) {
		tracing.log?.(`    trace: ${threadTimeBy(busyTrace, 14)} (ms over ${n} changes)`);
		if (keepDir !== '1' && fs.existsSync(keepDir)) fs.writeFileSync(path.join(keepDir, `remote-${fs.readdirSync(keepDir).length}.json`), busyTrace);
	}
	const busy = minus(minus(await threadMs(cdp), t0), idle);
	parts?.({ task: busy.task / n, script: busy.script / n, style: busy.style / n, layout: busy.layout / n });
	return { wall: busy.task / n, cpu: (sumCpu(busyTasks) - sumCpu(idleTasks)) / n };
}

interface CpuProfile {
	nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
	samples: number[];
	timeDeltas: number[];
}

/** Self time per function in a CPU profile, the largest first. */
function topFunctions(p: CpuProfile): string {
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	p.samples.forEach((id, i) => {
		const f = byId.get(id)!.callFrame;
		const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
		self.set(name, (self.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
	});
	return [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join('; ');
}

/** The digits' garbage collection and heap growth, and the three slowest digits' frames: what each cost and what ran in it. */
function slowestKeys(trace: Buffer): string {
	const digits = keyCosts(trace).filter((k) => k.kind === 'digit');
	const sum = (f: (k: (typeof digits)[number]) => number) => digits.reduce((s, k) => s + f(k), 0);
	const slow = [...digits].sort((a, b) => b.frameMs - a.frameMs).slice(0, 3);
	const f = (x: number) => x.toFixed(1);
	return (
		`${digits.length} digits, heap +${(sum((k) => k.heapKb) / digits.length).toFixed(0)} KB per digit, GC ${f(sum((k) => k.gcMs))} ms in their frames; slowest: ` +
		slow.map((k) => `#${k.i / 2} frame ${f(k.frameMs)} ms (keydown ${f(k.dispatchWall)} wall / ${f(k.dispatchCpu)} CPU, tasks ${f(k.tasksCpu)} CPU, GC ${f(k.gcMs)}${k.gcKinds ? `: ${k.gcKinds}` : ''})`).join('; ')
	);
}

interface HeapNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children: HeapNode[];
}
interface HeapProfile {
	head: HeapNode;
}

/** Bytes allocated per function (self) in a sampling heap profile, the largest first, in KB per key. */
function topAllocators(p: HeapProfile, keys: number): string {
	const self = new Map<string, number>();
	let total = 0;
	const walk = (n: HeapNode) => {
		const f = n.callFrame;
		const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
		self.set(name, (self.get(name) ?? 0) + n.selfSize);
		total += n.selfSize;
		n.children.forEach(walk);
	};
	walk(p.head);
	const kb = (b: number) => (b / 1024 / keys).toFixed(1);
	return `${kb(total)} KB per key in all; ` + [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, b]) => `${n} ${kb(b)} KB`).join('; ');
}

/** Main-thread time per kind of work in a trace (top-level events of the renderer's main thread). */
function summarizeTrace(file: string): string {
	const events = (JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] }).traceEvents;
	const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	const by = new Map<string, number>();
	for (const e of events) {
		if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
		if (['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name)) continue;
		by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
	}
	return [...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ');
}

/**
 * After a resize: the grid's ResizeObserver runs in the next frame's rendering step, and what it
 * changes is laid out and painted by the frame after; so two frames have passed once both are in.
 */
function afterResize(page: Page): Promise<void> {
	return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

export async function bigBoard(ctx: Context): Promise<ScenarioReport> {
	if (!chromiumPath) return { scenario: SCENARIO, metrics: [], status: 'no Chromium: apt-get install chromium (or set CHROMIUM_PATH)' };
	const quick = ctx.params.quick;
	const boardId = ctx.seeded.boards.workshop[0];
	const dbPath = copyDatabase(ctx.seeded, ctx.workDir, `bigboard-${Date.now()}`);
	const built = new Y.Doc();
	const { targets } = fillBigBoard(built, LIMIT_BOARD);
	const bytes = Y.encodeStateAsUpdate(built);
	const db = openDb(dbPath, path.join(REPO, 'server/migrations'));
	compact(db, docName(boardId, 'shared'), bytes);
	db.$client.close();
	ctx.log(`  big board: ${targets.length} goals and CSFs × ${LIMIT_BOARD.clients} client stakeholders, ${(bytes.byteLength / 1e6).toFixed(2)} MB; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

	const server = await startServer('tandem', { dbPath, env: ctx.tandemEnv });
	const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
	const peer = new ProviderClient(targetOf('tandem', server.port, ctx.seeded.tokens), `${boardId}/shared`, 1);
	try {
		await peer.synced;
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: !!process.env.BIGBOARD_CSS });
		await context.addCookies([{ name: 'tandem_session', value: ctx.seeded.tokens[0], url: server.origin }]);
		await context.addInitScript(() => {
			const w = window as unknown as { __long: number[] };
			w.__long = [];
			new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
		});
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable');
		await page.goto(`${server.origin}/boards/${boardId}?view=lists`, { waitUntil: 'load' });
		await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 30_000 });
		await page.waitForLoadState('networkidle');
		// BIGBOARD_CSS=<css>: a style sheet added to the page before measuring (what-if runs of a style change without a build).
		if (process.env.BIGBOARD_CSS) await page.addStyleTag({ content: process.env.BIGBOARD_CSS });

		// Each figure twice: main-thread CPU ms (trace thread time: the verdict, robust against load) and wall ms.
		type Ms = { wall: number; cpu: number };
		const open: Record<string, Ms> = {};
		const remote: Record<string, { text: Ms; cell: Ms }> = {};
		const tracing = { browser, page, log: (line: string) => ctx.log(line) };
		const n = quick ? 15 : 40;
		let typed = 0;
		// BIGBOARD_VIEWS=matrix,goals: measure on these views only (while profiling).
		for (const view of process.env.BIGBOARD_VIEWS?.split(',').filter((v) => (VIEWS as readonly string[]).includes(v)) ?? VIEWS) {
			open[view] = await openView(browser, page, view);
			// BIGBOARD_SHOTS=<dir>: a screenshot of each view as opened (to look at the views at the limits).
			// BIGBOARD_SHOT_SIZES=1180x820,1024x768: also at these window sizes (then back to 1440×900).
			if (process.env.BIGBOARD_SHOTS) {
				await page.screenshot({ path: path.join(process.env.BIGBOARD_SHOTS, `${view}.png`) });
				for (const size of process.env.BIGBOARD_SHOT_SIZES?.split(',') ?? []) {
					const [width, height] = size.split('x').map(Number);
					await page.setViewportSize({ width, height });
					await afterResize(page);
					await page.screenshot({ path: path.join(process.env.BIGBOARD_SHOTS, `${view}-${size}.png`) });
				}
				await page.setViewportSize({ width: 1440, height: 900 });
				await afterResize(page);
			}
			// Someone else types in a goal, then sets matrix cells, while this view is open.
			// BIGBOARD_PROFILE_REMOTE=1: a CPU profile of each view's remote changes, its top functions in the log.
			const profiled = async (what: string, measure: () => Promise<Ms>) => {
				if (!process.env.BIGBOARD_PROFILE_REMOTE) return measure();
				await cdp.send('Profiler.enable');
				await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
				await cdp.send('Profiler.start');
				const ms = await measure();
				const { profile: data } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
				// BIGBOARD_PROFILE_REMOTE=<dir>: each profile also goes to <dir>/<view>-<what>.cpuprofile (for DevTools).
				const dir = process.env.BIGBOARD_PROFILE_REMOTE;
				if (dir !== '1' && fs.existsSync(dir) && fs.statSync(dir).isDirectory()) fs.writeFileSync(path.join(dir, `${view}-${what.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(data));
				ctx.log(`  profile ${view} ${what}: ${topFunctions(data)}`);
				return ms;
			};
			const split: string[] = [];
			const note = (what: string) => (p: ThreadMs) => split.push(`${what}: script ${fmt(p.script)}, style ${fmt(p.style)}, layout ${fmt(p.layout)}`);
			const text = await profiled('goal keystrokes', () => remoteCost(tracing, cdp, peer, n, (doc) => (doc.getMap<Y.Map<unknown>>('goals').get('g1')!.get('text') as Y.Text).insert(0, String(typed++ % 10)), note('keystroke')));
			const cell = await profiled('cells', () => remoteCost(tracing, cdp, peer, n, (doc, i) =>
				doc.getMap('matrix').set(`cl${i % LIMIT_BOARD.clients}|${targets[(i * 7) % targets.length]}`, { priority: (i + typed) % 4, validated: false, note: '', setBy: { id: 'bench-user-1', name: 'User 1' }, setAt: Date.now(), sessionId: 'bench' }), note('cell')
			));
			remote[view] = { text, cell };
			ctx.log(`  ${view}: open ${fmt(open[view].cpu)} ms CPU longest task (${fmt(open[view].wall)} ms wall); remote goal keystroke ${perChange(text.cpu)} ms CPU (${perChange(text.wall)} wall), remote cell ${perChange(cell.cpu)} ms CPU (${perChange(cell.wall)} wall) of main thread (wall split: ${split.join('; ')}); load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
		}
		await openView(browser, page, 'matrix');
		await page.locator('[role="gridcell"]').first().waitFor({ timeout: 30_000 });
		// BIGBOARD_TRACE=<file>: a Chromium performance trace of the key presses, and its summary in the log.
		const trace = process.env.BIGBOARD_TRACE;
		if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
		// BIGBOARD_PROFILE=<file>: a JavaScript CPU profile of the key presses, its top functions in the log.
		const profile = process.env.BIGBOARD_PROFILE;
		if (profile) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		// BIGBOARD_HEAP=<file>: a sampling heap profile of the key presses that keeps the objects collected since
		// (what was allocated, not what survived), its top allocating functions in the log.
		const heap = process.env.BIGBOARD_HEAP;
		if (heap) {
			await cdp.send('HeapProfiler.enable');
			await cdp.send('HeapProfiler.collectGarbage');
			await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
		}
		// Main-thread CPU of the key presses (a trace unless BIGBOARD_TRACE took it): per key, and the largest task.
		// p99 is nearest-rank (stats.ts): below 100 digits it is the slowest digit, so a full run presses 100
		// (the 99th of them; about 7 s more than 60 at ~0.18 s per digit and arrow); a quick run's 30 give the slowest of 30.
		const presses = quick ? 30 : 100;
		let keys!: Awaited<ReturnType<typeof keyToPaint>>;
		let keyTrace: Buffer | null = null;
		const keyTasks = trace ? [] : await traced(browser, page, async () => void (keys = await keyToPaint(page, presses)), (buf) => (keyTrace = buf));
		if (keyTrace && process.env.BIGBOARD_KEY_TRACE) fs.writeFileSync(process.env.BIGBOARD_KEY_TRACE, keyTrace);
		if (keyTrace) ctx.log(`  key presses, thread ms per kind of main-thread event over ${2 * presses} keys: ${threadTimeBy(keyTrace, 12)}`);
		if (keyTrace) ctx.log(`  key by key (keyTrace.ts): ${slowestKeys(keyTrace)}`);
		if (trace) keys = await keyToPaint(page, presses);
		const keyCpu = { perKey: sumCpu(keyTasks) / (2 * presses), max: maxCpu(keyTasks) };
		if (profile) {
			const { profile: data } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
			fs.writeFileSync(profile, JSON.stringify(data));
			ctx.log(`  profile ${profile}: ${topFunctions(data)}`);
		}
		if (heap) {
			const { profile: data } = (await cdp.send('HeapProfiler.stopSampling')) as { profile: HeapProfile };
			fs.writeFileSync(heap, JSON.stringify(data));
			ctx.log(`  heap profile ${heap}: ${topAllocators(data, 2 * presses)}`);
		}
		if (trace) {
			await browser.stopTracing();
			ctx.log(`  trace ${trace}: ${summarizeTrace(trace)}`);
		}
		ctx.log(`  matrix key → paint: digit p50 ${fmt(p50(keys.digit))} p99 ${fmt(p99(keys.digit))} ms, move p50 ${fmt(p50(keys.move))} ms; ${keys.longTasks} long tasks; main-thread CPU ${fmt(keyCpu.perKey)} ms per key, largest task ${fmt(keyCpu.max)} ms; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

		const worstOpen = Math.max(0, ...Object.values(open).map((o) => o.cpu));
		const worstRemote = Math.max(0, ...Object.values(remote).flatMap((r) => [r.text.cpu, r.cell.cpu]));
		const size = `${targets.length} × ${LIMIT_BOARD.clients}`;
		const metrics: Metric[] = [
			{ scenario: SCENARIO, name: `matrix ${size}: digit key → painted cell, p50`, unit: 'ms', values: { tandem: p50(keys.digit) }, budget: '<= 16 ms', met: keys.digit.length ? p50(keys.digit) <= 16 : null },
			{ scenario: SCENARIO, name: `matrix ${size}: digit key → painted cell, p99`, unit: 'ms', values: { tandem: p99(keys.digit) }, budget: '<= 50 ms', met: keys.digit.length ? p99(keys.digit) <= 50 : null, note: `${keys.digit.length} digits; arrow keys p50 ${fmt(p50(keys.move))} ms; ${keys.longTasks} long tasks; main-thread CPU ${fmt(keyCpu.perKey)} ms per key (digits and arrows), largest task ${fmt(keyCpu.max)} ms` },
			{ scenario: SCENARIO, name: 'remote change: main-thread CPU per change, worst open view', unit: 'ms', values: { tandem: worstRemote }, budget: '<= 4 ms', met: worstRemote <= 4, note: Object.entries(remote).map(([v, r]) => `${v} ${perChange(r.text.cpu)}/${perChange(r.cell.cpu)} (wall ${perChange(r.text.wall)}/${perChange(r.cell.wall)})`).join(', ') + ' (goal keystroke/cell)' },
			{ scenario: SCENARIO, name: 'opening a view: longest main-thread task (CPU), worst view', unit: 'ms', values: { tandem: worstOpen }, budget: '<= 200 ms', met: worstOpen <= 200, note: Object.entries(open).map(([v, ms]) => `${v} ${fmt(ms.cpu)} (wall ${fmt(ms.wall)})`).join(', ') }
		];
		return { scenario: SCENARIO, metrics, raw: { keys, keyCpu, open, remote, docBytes: bytes.byteLength, loadavg: os.loadavg() } };
	} finally {
		peer.destroy();
		await browser.close();
		await server.stop();
		removeDatabase(dbPath);
	}
}
