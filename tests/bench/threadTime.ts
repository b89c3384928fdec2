// Main-thread CPU time from a Chromium trace: the thread time (`tdur`) of the renderer main
// thread's top-level tasks. Unlike wall-clock durations (Performance.getMetrics' TaskDuration, long
// tasks) it does not grow when other processes take the core away, so it holds on a loaded machine.
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	tdur?: number;
	tid: number;
	pid: number;
	args?: { name?: string };
}

/** The top-level tasks of the page's main thread: wall and thread ms of each. */
export function mainThreadTasks(trace: Buffer | string): { wall: number; cpu: number }[] {
	const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
	const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	const isMain = (e: TraceEvent) => mains.some((m) => m.pid === e.pid && m.tid === e.tid);
	return events
		.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && isMain(e))
		.map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

/** Runs `fn` while tracing the page; its main-thread tasks (`keep` gets the trace itself). */
export async function traced(browser: Browser, page: Page, fn: () => Promise<void>, keep?: (trace: Buffer) => void): Promise<{ wall: number; cpu: number }[]> {
	// BENCH_TRACE_INVALIDATIONS=1: also why each layout and paint happened (DevTools' invalidation tracking).
	const extra = process.env.BENCH_TRACE_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [];
	await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...extra] });
	let failed: unknown = null;
	await fn().catch((e: unknown) => (failed = e ?? new Error('failed')));
	const buf = await browser.stopTracing();
	if (failed) throw failed;
	keep?.(buf);
	return mainThreadTasks(buf);
}

/**
 * Thread ms per kind of event on the page's main thread (script, style, layout, paint…), the
 * largest first. Nested events count in their parent too (a forced layout inside a function call).
 */
export function threadTimeBy(trace: Buffer | string, top = 10): string {
	const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
	const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	const by = new Map<string, number>();
	for (const e of events) {
		if (e.ph !== 'X' || e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask' || !mains.some((m) => m.pid === e.pid && m.tid === e.tid)) continue;
		by.set(e.name, (by.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
	}
	return [...by].sort((a, b) => b[1] - a[1]).slice(0, top).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ');
}

export const sumCpu = (tasks: { cpu: number }[]) => tasks.reduce((s, t) => s + t.cpu, 0);
export const maxCpu = (tasks: { cpu: number }[]) => Math.max(0, ...tasks.map((t) => t.cpu));
