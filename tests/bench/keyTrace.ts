// Key by key, from the trace the bigboard scenario keeps (BIGBOARD_KEY_TRACE=<file>): what each key
// press cost on the page's main thread and what delayed its frame.
//
//   node tests/bench/keyTrace.ts <trace.json> [--all]
//
// Per key (the scenario presses a digit, then an arrow key, alternately): the wall and thread ms of
// its keydown dispatch; "frame", from the keydown to the end of the first animation frame callback
// after it (where the scenario's `matrix-paint` mark is taken); the thread ms of every main-thread
// task in that span and the garbage collection in it (scavenges, incremental marking steps, full
// collections); and the JavaScript heap it grew by (Chromium's UpdateCounters samples, a collection's
// drop not counted). Prints the slowest digits (every key with --all) and the totals.
import fs from 'node:fs';

interface Ev {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	tdur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { type?: string; jsHeapSizeUsed?: number } };
}

const GC = /^(MinorGC|MajorGC|V8\.GC_MC_INCREMENTAL|V8\.GC_MC_INCREMENTAL_START|V8\.GC_MC_INCREMENTAL_FINALIZE|BlinkGC\.AtomicPhase|V8\.GCFinalizeMC)$/;

export interface KeyCost {
	i: number;
	kind: 'digit' | 'move';
	frameMs: number;
	dispatchWall: number;
	dispatchCpu: number;
	tasksCpu: number;
	gcMs: number;
	gcKinds: string;
	heapKb: number;
	others: string;
}

export function keyCosts(trace: string | Buffer): KeyCost[] {
	const all = (JSON.parse(trace.toString()) as { traceEvents: Ev[] }).traceEvents;
	const mains = all.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	const onMain = (e: Ev) => mains.some((m) => m.pid === e.pid && m.tid === e.tid);
	const ev = all.filter((e) => onMain(e)).sort((a, b) => a.ts - b.ts);
	const keys = ev.filter((e) => e.ph === 'X' && e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
	const rafs = ev.filter((e) => e.ph === 'X' && e.name === 'FireAnimationFrame');
	const tasks = ev.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'));
	const gcs = ev.filter((e) => e.ph === 'X' && GC.test(e.name));
	const heap = ev.filter((e) => e.name === 'UpdateCounters' && typeof e.args?.data?.jsHeapSizeUsed === 'number');
	const end = (e: Ev) => e.ts + (e.dur ?? 0);
	return keys.map((k, i) => {
		const raf = rafs.find((r) => r.ts >= k.ts);
		const stop = raf ? end(raf) : k.ts;
		const next = keys[i + 1]?.ts ?? Infinity;
		const inSpan = (e: Ev) => e.ts < stop && end(e) > k.ts;
		const spanTasks = tasks.filter(inSpan);
		const spanGc = gcs.filter(inSpan);
		// Heap growth from this key's start to the next key's: positive steps only (a drop is a collection).
		const samples = heap.filter((h) => h.ts >= k.ts && h.ts < next).map((h) => h.args!.data!.jsHeapSizeUsed!);
		const before = heap.filter((h) => h.ts < k.ts).at(-1)?.args?.data?.jsHeapSizeUsed;
		let grew = 0;
		let last = before ?? samples[0] ?? 0;
		for (const s of samples) {
			if (s > last) grew += s - last;
			last = s;
		}
		const gcBy = new Map<string, number>();
		for (const g of spanGc) gcBy.set(g.name, (gcBy.get(g.name) ?? 0) + (g.dur ?? 0) / 1000);
		const others = spanTasks
			.filter((t) => !(t.ts <= k.ts && end(t) >= end(k)))
			.map((t) => {
				const inner = ev.find((e) => e.ph === 'X' && e.ts >= t.ts && end(e) <= end(t) && e !== t && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask');
				return `${inner?.name ?? 'task'} ${((t.tdur ?? t.dur ?? 0) / 1000).toFixed(1)}`;
			});
		return {
			i,
			kind: i % 2 === 0 ? 'digit' : 'move',
			frameMs: (stop - k.ts) / 1000,
			dispatchWall: (k.dur ?? 0) / 1000,
			dispatchCpu: (k.tdur ?? k.dur ?? 0) / 1000,
			tasksCpu: spanTasks.reduce((s, t) => s + (t.tdur ?? t.dur ?? 0) / 1000, 0),
			gcMs: [...gcBy.values()].reduce((s, x) => s + x, 0),
			gcKinds: [...gcBy].map(([n, ms]) => `${n.replace('V8.GC_MC_', 'mc ')} ${ms.toFixed(1)}`).join(', '),
			heapKb: grew / 1024,
			others: others.join(', ')
		};
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const file = process.argv[2];
	if (!file) throw new Error('usage: node tests/bench/keyTrace.ts <trace.json> [--all]');
	const costs = keyCosts(fs.readFileSync(file));
	const f = (x: number) => x.toFixed(1).padStart(6);
	const line = (c: KeyCost) =>
		`${String(c.i).padStart(3)} ${c.kind.padEnd(5)} frame ${f(c.frameMs)}  dispatch ${f(c.dispatchWall)} wall ${f(c.dispatchCpu)} cpu  tasks ${f(c.tasksCpu)} cpu  gc ${f(c.gcMs)}${c.gcKinds ? ` (${c.gcKinds})` : ''}  heap +${c.heapKb.toFixed(0)} KB${c.others ? `  also: ${c.others}` : ''}`;
	const digits = costs.filter((c) => c.kind === 'digit');
	const shown = process.argv.includes('--all') ? costs : [...digits].sort((a, b) => b.frameMs - a.frameMs).slice(0, 8);
	for (const c of shown) console.log(line(c));
	const sum = (xs: KeyCost[], k: keyof KeyCost) => xs.reduce((s, c) => s + (c[k] as number), 0);
	for (const [name, xs] of [['digits', digits], ['moves', costs.filter((c) => c.kind === 'move')]] as const)
		console.log(
			`${name}: ${xs.length}, frame mean ${(sum(xs, 'frameMs') / xs.length).toFixed(1)} ms, dispatch cpu mean ${(sum(xs, 'dispatchCpu') / xs.length).toFixed(1)} ms, gc ${sum(xs, 'gcMs').toFixed(1)} ms in frames, heap +${(sum(xs, 'heapKb') / xs.length).toFixed(0)} KB per key`
		);
}
