// Where a canvas drag's time goes, from Chrome traces of both tabs (a probe, not a scenario: run it
// alone with `node tests/bench/canvasTrace.ts [drags]` after `npm run build`). Main-thread task time
// depends far less on a shared machine's time slices than wall time does, so this is the figure to
// compare under load. Prints, per tab (sender = the dragging tab, receiver = the other):
//   - main-thread task time per drag: tasks in the drag phase minus the same tab's idle rate
//     (tldraw ticks every frame even when nothing happens) over the phase's length, divided by drags
//   - the longest tasks, and the receiver's task time per incoming WebSocket message
//   - with `--profile`, the receiver's self time by function (CPU profile; names need an unminified
//     build: `npx vite build --minify false`)
// It also opens the canvas in a third tab under a trace and prints that opening's longest tasks.
import fs from 'node:fs';
import { chromium, type Page, type CDPSession } from '@playwright/test';
import { ServerProcess } from '../integration/helpers/server.ts';
import { World } from '../integration/helpers/seed.ts';
import { SHAPES, dragLatency, openCanvasPhases, openCanvasTimed, seed } from './scenarios/canvas.ts';
import { CHROMIUM_ARGS, chromiumPath, openBoard } from './pageWeight.ts';

const DRAGS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 60);
const PROFILE = process.argv.includes('--profile');
const IDLE_MS = 3000;
const OUT = process.env.TRACE_OUT ?? '/tmp/canvas-trace';
const OPEN_ONLY = process.argv.includes('--open-only');
const OPEN_RUNS = Number(process.argv.find((a) => a.startsWith('--open-runs='))?.split('=')[1] ?? 1);

interface TraceEvent {
	name: string;
	cat: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: Record<string, any>;
}

async function trace(cdp: CDPSession, categories: string[]) {
	await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: categories, recordMode: 'recordContinuously' } });
	return async (): Promise<TraceEvent[]> => {
		const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
		await cdp.send('Tracing.end');
		const stream = await done;
		let text = '';
		for (;;) {
			const chunk = await cdp.send('IO.read', { handle: stream });
			text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
			if (chunk.eof) break;
		}
		await cdp.send('IO.close', { handle: stream });
		const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
		return Array.isArray(parsed) ? parsed : parsed.traceEvents;
	};
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing', 'v8.execute', '__metadata'];

/** The renderer main thread of the tab that put `mark` in its user timing. */
function mainThread(events: TraceEvent[], mark: string): { pid: number; tid: number } {
	const m = events.find((e) => e.cat.includes('blink.user_timing') && e.name === mark);
	if (!m) throw new Error(`mark ${mark} not in the trace`);
	const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === m.pid && e.args?.name === 'CrRendererMain');
	return { pid: m.pid, tid: main?.tid ?? m.tid };
}

const markAt = (events: TraceEvent[], name: string, pid: number) => events.find((e) => e.name === name && e.pid === pid && e.cat.includes('blink.user_timing'))!.ts;

/** Top-level tasks of a thread within [from, to] (µs). */
function tasks(events: TraceEvent[], t: { pid: number; tid: number }, from: number, to: number): TraceEvent[] {
	return events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.name === 'RunTask' && e.ts >= from && e.ts + (e.dur ?? 0) <= to);
}
const busy = (ts: TraceEvent[]) => ts.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
/** The thread's CPU time in these tasks (ms): far less dependent on a shared machine's time slices than `busy`. */
const cpu = (ts: TraceEvent[]) => ts.reduce((a, e) => a + ((e as { tdur?: number }).tdur ?? e.dur ?? 0), 0) / 1000;

/** The events of one thread, by start time (for looking inside tasks). */
function threadEvents(events: TraceEvent[], t: { pid: number; tid: number }): TraceEvent[] {
	return events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
}

/** The events inside `task` (sorted thread events, binary search for its start). */
function inside(sorted: TraceEvent[], task: TraceEvent): TraceEvent[] {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid].ts < task.ts) lo = mid + 1;
		else hi = mid;
	}
	const end = task.ts + (task.dur ?? 0);
	const out: TraceEvent[] = [];
	for (let i = lo; i < sorted.length && sorted[i].ts <= end; i++) if (sorted[i] !== task) out.push(sorted[i]);
	return out;
}

const KINDS = new Set(['FireAnimationFrame', 'Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'MajorGC', 'MinorGC', 'FunctionCall', 'TimerFire', 'ParseHTML', 'EvaluateScript']);

/** Which kinds of work a task did, with their time (ms). */
function taskKinds(sorted: TraceEvent[], task: TraceEvent): string {
	const kinds = new Map<string, number>();
	for (const e of inside(sorted, task)) {
		const k = e.name === 'EventDispatch' ? `${e.args?.data?.type}` : KINDS.has(e.name) ? e.name : null;
		if (k) kinds.set(k, (kinds.get(k) ?? 0) + (e.dur ?? 0) / 1000);
	}
	return [...kinds].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
}

const stats = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return `n ${s.length}, median ${s[Math.floor(s.length / 2)]?.toFixed(2)} ms, p90 ${s[Math.floor(s.length * 0.9)]?.toFixed(2)} ms, sum ${s.reduce((a, b) => a + b, 0).toFixed(0)} ms`;
};

function report(label: string, events: TraceEvent[], mark: string, drags: number) {
	const t = mainThread(events, `${mark}:idle`);
	const idle0 = markAt(events, `${mark}:idle`, t.pid);
	const d0 = markAt(events, `${mark}:drags`, t.pid);
	const d1 = markAt(events, `${mark}:end`, t.pid);
	const idle = tasks(events, t, idle0, d0);
	const drag = tasks(events, t, d0, d1);
	const sorted = threadEvents(events, t);
	const idleRate = busy(idle) / ((d0 - idle0) / 1000);
	const dragMs = busy(drag);
	const phase = (d1 - d0) / 1000;
	const perDrag = (dragMs - idleRate * phase) / drags;
	const idleCpu = cpu(idle) / ((d0 - idle0) / 1000);
	const perDragCpu = (cpu(drag) - idleCpu * phase) / drags;
	console.log(`\n${label}: idle ${(idleRate * 1000).toFixed(1)} ms/s; drag phase ${phase.toFixed(0)} ms, tasks ${dragMs.toFixed(0)} ms (${drag.length} tasks) → ${perDrag.toFixed(2)} ms main-thread time per drag (above idle)`);
	console.log(`  CPU time: idle ${(idleCpu * 1000).toFixed(1)} ms/s, drag phase ${cpu(drag).toFixed(0)} ms → ${perDragCpu.toFixed(2)} ms CPU per drag (above idle)`);
	for (const e of [...drag].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 6)) console.log(`  task ${((e.dur ?? 0) / 1000).toFixed(1)} ms: ${taskKinds(sorted, e)}`);
	// Tasks by what started them: a WebSocket message, an animation frame, pointer input, other.
	const groups = new Map<string, number[]>();
	for (const task of drag) {
		const names = inside(sorted, task).map((e) => (e.name === 'EventDispatch' ? `${e.args?.data?.type}` : e.name));
		const g = names.includes('message') ? 'ws message' : names.some((n) => n.startsWith('pointer') || n.startsWith('mouse')) ? 'pointer input' : names.includes('FireAnimationFrame') ? 'animation frame' : names.includes('TimerFire') ? 'timer' : 'other';
		let list = groups.get(g);
		if (!list) groups.set(g, (list = []));
		list.push((task.dur ?? 0) / 1000);
	}
	for (const [g, ds] of groups) console.log(`  ${g.padEnd(16)} ${stats(ds)}`);
	const cpuGroups = new Map<string, number[]>();
	for (const task of drag) {
		const names = inside(sorted, task).map((e) => (e.name === 'EventDispatch' ? `${e.args?.data?.type}` : e.name));
		const g = names.some((n) => n.startsWith('pointer') || n.startsWith('mouse')) ? 'pointer input' : names.includes('FireAnimationFrame') ? 'animation frame' : names.includes('TimerFire') ? 'timer' : 'other';
		let list = cpuGroups.get(g);
		if (!list) cpuGroups.set(g, (list = []));
		list.push(((task as { tdur?: number }).tdur ?? 0) / 1000);
	}
	for (const [g, ds] of cpuGroups) console.log(`  CPU ${g.padEnd(16)} ${stats(ds)}`);
	return { idleRate, dragMs, phase, perDrag, perDragCpu };
}

function selfTimes(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }) {
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	for (let i = 0; i < samples.length; i++) {
		const n = byId.get(samples[i])!;
		const f = n.callFrame;
		const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
	}
	return [...self.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]);
}

async function main() {
	const saved = process.argv.indexOf('--analyze');
	if (saved > 0) {
		const events = JSON.parse(fs.readFileSync(process.argv[saved + 1], 'utf8')) as TraceEvent[];
		report('sender (dragging tab)', events, 'A', DRAGS);
		report('receiver (other tab)', events, 'B', DRAGS);
		return;
	}
	if (!chromiumPath) throw new Error('no Chromium');
	fs.mkdirSync(OUT, { recursive: true });
	const server = new ServerProcess();
	await server.start();
	const world = new World(server.dbPath);
	const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
	try {
		const b = world.addBoard();
		await seed(server, b.boardId, b.tokens.participant, SHAPES);
		// Opening, traced (OPEN_RUNS times, a fresh context each): wall time and the main thread's
		// CPU time to the first frame with shapes and to the first frame with every shape in.
		for (let run = 0; run < OPEN_RUNS; run++) {
			const { page } = await openBoard(browser, server, b.boardId, b.tokens.facilitator, 'decisions');
			const stop = await trace(await browser.newBrowserCDPSession(), CATEGORIES);
			const prof = PROFILE && run === 0 ? await page.context().newCDPSession(page) : null;
			if (prof) {
				await prof.send('Profiler.enable');
				await prof.send('Profiler.setSamplingInterval', { interval: 500 });
				await prof.send('Profiler.start');
			}
			await page.evaluate(() => performance.mark('open:start'));
			const ms = await openCanvasPhases(page);
			await page.evaluate(() => performance.mark('open:end'));
			const events = await stop();
			if (prof) {
				const profile = (await prof.send('Profiler.stop')).profile;
				fs.writeFileSync(`${OUT}/open.cpuprofile`, JSON.stringify(profile));
				console.log('opening: self time by function (ms):');
				for (const [k, v] of selfTimes(profile).slice(0, 30)) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
			}
			const t = mainThread(events, 'open:start');
			const start = markAt(events, 'open:start', t.pid);
			const ts = tasks(events, t, start, markAt(events, 'open:end', t.pid));
			const toFirst = tasks(events, t, start, markAt(events, 'canvas:first', t.pid));
			console.log(`open ${run + 1}: first frame with shapes ${ms.first.toFixed(0)} ms (main-thread CPU ${cpu(toFirst).toFixed(0)} ms), every shape in ${ms.all.toFixed(0)} ms (CPU ${cpu(ts).toFixed(0)} ms, tasks ${busy(ts).toFixed(0)} ms); load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}; longest:`);
			const sorted = threadEvents(events, t);
			for (const e of [...ts].sort((x, y) => (y.dur ?? 0) - (x.dur ?? 0)).slice(0, 4)) console.log(`  task ${((e.dur ?? 0) / 1000).toFixed(1)} ms (CPU ${(((e as { tdur?: number }).tdur ?? 0) / 1000).toFixed(1)}): ${taskKinds(sorted, e)}`);
			await page.context().close();
		}
		if (OPEN_ONLY) return;
		const a = await openBoard(browser, server, b.boardId, b.tokens.facilitator, 'decisions');
		const o = await openBoard(browser, server, b.boardId, b.tokens.participant, 'decisions');
		for (const t of [a, o]) t.page.on('console', (m) => m.type() !== 'log' && console.log(`[page ${m.type()}] ${m.text().slice(0, 300)}`));
		for (const t of [a, o]) {
			await openCanvasTimed(t.page);
			await t.page.locator('[data-testid="canvas-view"][data-status="ready"]').waitFor({ timeout: 120_000 });
		}
		for (const p of [a.page, o.page]) await p.locator('[data-shape-id="shape:drag"]').waitFor();
		await new Promise((r) => setTimeout(r, 1000));
		// One browser-wide trace covers both tabs (each context has its own renderer process).
		const stop = await trace(await browser.newBrowserCDPSession(), CATEGORIES);
		const profilers: CDPSession[] = [];
		if (PROFILE) {
			for (const p of [a.page, o.page]) {
				const s = await p.context().newCDPSession(p);
				await s.send('Profiler.enable');
				await s.send('Profiler.setSamplingInterval', { interval: 200 });
				profilers.push(s);
			}
		}
		// Segments of each drag, in epoch ms: the sender's document update leaving its socket, and
		// its arrival at the receiver's socket (both tabs on this machine's clock).
		await a.page.evaluate(() => {
			const w = window as unknown as { __sent: number[] };
			w.__sent = [];
			const send = WebSocket.prototype.send;
			WebSocket.prototype.send = function (data) {
				// y-protocols: message 0 is sync (a document update), 1 awareness.
				if (data instanceof Uint8Array && data[0] === 0 && data[1] === 2) w.__sent.push(performance.timeOrigin + performance.now());
				return send.call(this, data);
			};
		});
		await o.page.evaluate(() => {
			const w = window as unknown as { __arrived: number[]; __applied: number[] };
			w.__arrived = [];
			w.__applied = [];
			const desc = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!;
			Object.defineProperty(MessageEvent.prototype, 'data', {
				get() {
					const d = desc.get!.call(this);
					if (this.target instanceof WebSocket && d instanceof ArrayBuffer && new Uint8Array(d)[0] === 0 && new Uint8Array(d)[1] === 2 && !(this as { __seen?: true }).__seen) {
						(this as { __seen?: true }).__seen = true;
						w.__arrived.push(performance.timeOrigin + performance.now());
					}
					return d;
				}
			});
			const el = document.querySelector('[data-shape-id="shape:drag"]') as HTMLElement;
			new MutationObserver(() => w.__applied.push(performance.timeOrigin + performance.now())).observe(el, { attributes: true, attributeFilter: ['style'] });
		});
		const mark = (p: Page, name: string) => p.evaluate((n) => performance.mark(n), name);
		await mark(a.page, 'A:idle');
		await mark(o.page, 'B:idle');
		await new Promise((r) => setTimeout(r, IDLE_MS));
		await mark(a.page, 'A:drags');
		await mark(o.page, 'B:drags');
		for (const p of profilers) await p.send('Profiler.start');
		const t0 = performance.now();
		const lat = await dragLatency(a.page, o.page, DRAGS);
		const wall = performance.now() - t0;
		const profiles = [];
		for (const p of profilers) profiles.push((await p.send('Profiler.stop')).profile);
		const seg = await a.page.evaluate(() => (window as unknown as { __sent: number[] }).__sent);
		const arrived = await o.page.evaluate(() => (window as unknown as { __arrived: number[] }).__arrived);
		const applied = await o.page.evaluate(() => (window as unknown as { __applied: number[] }).__applied);
		console.log(`document updates sent ${seg.length}, arrived ${arrived.length}, style changes ${applied.length} (for ${lat.length} drags)`);
		// Pair each sent update with the first arrival after it, and that with the first style change after it.
		const gaps = { net: [] as number[], apply: [] as number[] };
		for (const t of seg) {
			const arr = arrived.find((x) => x >= t);
			if (arr === undefined) continue;
			gaps.net.push(arr - t);
			const app = applied.find((x) => x >= arr);
			if (app !== undefined && app - arr < 1000) gaps.apply.push(app - arr);
		}
		console.log(`send → arrival (server + sockets): ${stats(gaps.net)}`);
		console.log(`arrival → shape's style set (receiver's processing): ${stats(gaps.apply)}`);
		await mark(a.page, 'A:end');
		await mark(o.page, 'B:end');
		const events = await stop();
		fs.writeFileSync(`${OUT}/drags.json`, JSON.stringify(events));
		const s = [...lat].sort((x, y) => x - y);
		console.log(`\n${lat.length} drags in ${(wall / 1000).toFixed(1)} s: latency p50 ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms; load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
		report('sender (dragging tab)', events, 'A', lat.length);
		report('receiver (other tab)', events, 'B', lat.length);
		for (const [i, profile] of profiles.entries()) {
			const who = i === 0 ? 'sender' : 'receiver';
			fs.writeFileSync(`${OUT}/${who}.cpuprofile`, JSON.stringify(profile));
			console.log(`\n${who} self time by function (ms over all drags):`);
			for (const [k, v] of selfTimes(profile).slice(0, 30)) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
		}
	} finally {
		await browser.close();
		world.close();
		await server.dispose();
	}
}

await main();
process.exit(0);
