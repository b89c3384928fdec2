import path from 'node:path';
import type { Seeded } from './seed.ts';
import { copyDatabase, removeDatabase } from './seed.ts';
import { startServer, type BenchServer, type ServerKind, type StartOptions } from './servers.ts';
import { targetOf, type Target } from './clients/target.ts';
import type { Params } from './params.ts';
import type { Column, Metric } from './report.ts';
import { machineBusySeconds } from './proc.ts';
import { median, now, range, ratio } from './stats.ts';

/** What every scenario gets from run.ts. */
export interface Context {
	params: Params;
	seeded: Seeded;
	/** Servers compared, ours first. */
	servers: ServerKind[];
	/** Scratch directory for database copies (removed at the end). */
	workDir: string;
	/** Where profiles and other artefacts go (bench-results/<run>/). */
	outDir: string;
	/** Record CPU profiles of the servers (bench-results/<run>/profiles). */
	profile: boolean;
	log(message: string): void;
	/** Aborted when the scenario ran out of time: nothing new may start after that. */
	signal: AbortSignal;
	/** Extra environment for Tandem (what-if runs, e.g. SYNC_ACCESS_RECHECK_MS=0). */
	tandemEnv: Record<string, string>;
}

let copies = 0;

/** Starts one server for one repetition; Tandem gets a fresh copy of the seeded database. */
export async function start(ctx: Context, kind: ServerKind, label: string, opts: StartOptions = {}): Promise<{ server: BenchServer; target: Target; dispose(): Promise<void> }> {
	ctx.signal.throwIfAborted();
	const dbPath = kind === 'tandem' ? copyDatabase(ctx.seeded, ctx.workDir, `${label}-${++copies}`) : undefined;
	const server = await startServer(kind, {
		...opts,
		env: kind === 'tandem' ? { ...ctx.tandemEnv, ...opts.env } : opts.env,
		dbPath,
		cpuProfDir: ctx.profile ? path.join(ctx.outDir, 'profiles', label) : opts.cpuProfDir
	});
	return {
		server,
		target: targetOf(kind, server.port, ctx.seeded.tokens),
		async dispose() {
			await server.stop();
			if (dbPath) removeDatabase(dbPath);
		}
	};
}

/**
 * Runs `reps` repetitions of `once` on every server, interleaved (ours, reference, ours, …) so that
 * drift in the machine's speed hits both alike. Returns the per-server list of results. `kinds` may
 * be other names than servers (the nodes scenario interleaves deployments of ours).
 */
export async function interleaved<R, K extends string = ServerKind>(ctx: Context, reps: number, once: (kind: K, rep: number) => Promise<R>, kinds: K[] = ctx.servers as K[]): Promise<Map<K, R[]>> {
	const out = new Map<K, R[]>(kinds.map((k) => [k, []]));
	for (let rep = 0; rep < reps; rep++) {
		for (const kind of kinds) {
			ctx.log(`  ${kind} #${rep + 1}/${reps}`);
			out.get(kind)!.push(await once(kind, rep));
		}
	}
	return out;
}

export interface Window {
	seconds: number;
	/** CPU seconds of the server process (of every node, summed, when there are several). */
	serverCpu: number;
	/** CPU seconds of each node (one entry for a single server). */
	nodeCpu: number[];
	/** CPU seconds of this load generator; near 1 per second it is the bottleneck. */
	loadgenCpu: number;
	/** CPU seconds of everything else on the machine (other people's builds and tests): noise. */
	otherCpu: number;
	/** Bytes the server process caused to be written to disk (/proc/<pid>/io write_bytes; nodes summed). */
	written: number;
	/** CPU seconds and bytes written of the deployment's services (PostgreSQL, Redis), in the order given. */
	serviceCpu: number[];
	serviceWritten: number[];
}

/** A process (or process tree) whose CPU and disk writes a window reads. */
export interface Measured {
	cpu(): number;
	written(): number;
}

/**
 * Starts measuring a window of a run over the server (or every node) and, apart, the services it
 * uses; call the result to close it. The services' CPU is not counted as noise.
 */
export function openWindow(server: Measured | Measured[], services: Measured[] = []): () => Window {
	const nodes = Array.isArray(server) ? server : [server];
	const t0 = now();
	const cpu0 = nodes.map((n) => n.cpu());
	const written0 = nodes.map((n) => n.written());
	const scpu0 = services.map((s) => s.cpu());
	const swritten0 = services.map((s) => s.written());
	const loadgen0 = process.cpuUsage();
	const machine0 = machineBusySeconds();
	return () => {
		const nodeCpu = nodes.map((n, i) => n.cpu() - cpu0[i]);
		const written = nodes.reduce((sum, n, i) => sum + n.written() - written0[i], 0);
		const serviceCpu = services.map((s, i) => s.cpu() - scpu0[i]);
		const serviceWritten = services.map((s, i) => s.written() - swritten0[i]);
		const serverCpu = nodeCpu.reduce((a, b) => a + b, 0);
		const d = process.cpuUsage(loadgen0);
		const loadgenCpu = (d.user + d.system) / 1e6;
		const ours = serverCpu + loadgenCpu + serviceCpu.reduce((a, b) => a + b, 0);
		const otherCpu = Math.max(0, machineBusySeconds() - machine0 - ours);
		return { seconds: (now() - t0) / 1000, serverCpu, nodeCpu, loadgenCpu, otherCpu, written, serviceCpu, serviceWritten };
	};
}

/**
 * Where a load's clients connect and what its window measures: one server, or several nodes on
 * PostgreSQL and Redis (scenarios/nodes.ts). The workshop and many loads run against either.
 */
export interface Deployment {
	nodes: number;
	/** The node that client `i` of a board connects to. */
	nodeOf(i: number): number;
	target(node: number): Target;
	/** Opens the measuring window; closing it reads every process of the deployment. */
	open(): Promise<() => Promise<Window>>;
}

/** One server, every client on it. */
export function singleServer(server: BenchServer, target: Target): Deployment {
	return {
		nodes: 1,
		nodeOf: () => 0,
		target: () => target,
		async open() {
			const close = openWindow(server);
			return async () => close();
		}
	};
}

/** The load-generator and noise lines every load scenario reports. */
export function healthMetrics(scenario: string, windows: Window[]): Metric[] {
	const loadgen = Math.max(...windows.map((w) => w.loadgenCpu / w.seconds));
	const other = Math.max(...windows.map((w) => w.otherCpu / w.seconds));
	return [
		{
			scenario,
			name: 'load generator CPU/s (max of reps)',
			unit: 's',
			values: { tandem: loadgen },
			note: loadgen > 0.85 ? 'the load generator was nearly saturated: latencies include client-side queueing' : undefined
		},
		{
			scenario,
			name: 'other processes CPU/s (max of reps)',
			unit: 's',
			values: { tandem: other },
			note: other > 0.2 ? 'other processes were busy on this machine during the run: treat the figures as noisy' : undefined
		}
	];
}

/** Per-server medians of one field of the repetitions. */
export function medians<R>(reps: Map<ServerKind, R[]>, f: (r: R) => number): Partial<Record<ServerKind, number>> {
	const out: Partial<Record<ServerKind, number>> = {};
	for (const [kind, rs] of reps) out[kind] = median(rs.map(f));
	return out;
}

/** Per-server min–max of one field of the repetitions. */
export function ranges<R>(reps: Map<ServerKind, R[]>, f: (r: R) => number): Partial<Record<ServerKind, [number, number] | null>> {
	const out: Partial<Record<ServerKind, [number, number] | null>> = {};
	for (const [kind, rs] of reps) out[kind] = range(rs.map(f));
	return out;
}

export interface Comparison {
	values: Partial<Record<ServerKind, number>>;
	ranges: Partial<Record<ServerKind, [number, number] | null>>;
	/** Tandem's median / the better reference's median (NaN without a reference). */
	ratio: number;
	/** Min–max of Tandem's repetition i / that reference's repetition i (they ran back to back). */
	ratioRange: [number, number] | null;
	against?: Column;
}

/**
 * Medians, spreads and the ratio against the better reference of this run: the one with the lower
 * median (or the higher, when more is better), so a budget holds against the best we measured.
 */
export function compare<R>(reps: Map<ServerKind, R[]>, f: (r: R) => number, better: 'lower' | 'higher' = 'lower'): Comparison {
	const values = medians(reps, f);
	const spread = ranges(reps, f);
	const refs = [...reps.keys()].filter((k) => k !== 'tandem' && Number.isFinite(values[k]));
	refs.sort((a, b) => (better === 'lower' ? values[a]! - values[b]! : values[b]! - values[a]!));
	const against = refs[0];
	if (!against || !Number.isFinite(values.tandem)) return { values, ranges: spread, ratio: NaN, ratioRange: null };
	const ours = (reps.get('tandem') ?? []).map(f);
	const theirs = (reps.get(against) ?? []).map(f);
	const paired = ours.map((o, i) => ratio(o, theirs[i] ?? NaN));
	return { values, ranges: spread, ratio: ratio(values.tandem!, values[against]!), ratioRange: range(paired), against };
}

/** The metric fields of a comparison, with a relative budget `ratio <= limit` (or `>=` when more is better). */
export function judged(c: Comparison, limit: number, better: 'lower' | 'higher' = 'lower'): { values: Comparison['values']; ranges: Comparison['ranges']; ratio: number; ratioRange: Comparison['ratioRange']; against?: Column; budget: string; met: boolean | null } {
	const met = Number.isFinite(c.ratio) ? (better === 'lower' ? c.ratio <= limit : c.ratio >= limit) : null;
	return { values: c.values, ranges: c.ranges, ratio: c.ratio, ratioRange: c.ratioRange, against: c.against, budget: `${better === 'lower' ? '<=' : '>='} ${limit}x best ref`, met };
}

/** Disk figures of a load scenario: bytes written per update byte and MB/s (Tandem; references keep memory only). */
export function diskMetrics(scenario: string, reps: Array<{ updateBytes: number; window: Window }>, budget?: number): Metric[] {
	const amplification = reps.map((r) => r.window.written / r.updateBytes);
	const mbps = reps.map((r) => r.window.written / r.window.seconds / 1e6);
	const x = median(amplification);
	return [
		{
			scenario,
			name: 'disk bytes written per update byte',
			unit: 'x',
			values: { tandem: x },
			ranges: { tandem: range(amplification) },
			...(budget === undefined ? {} : { budget: `<= ${budget}x`, met: Number.isFinite(x) ? x <= budget : null }),
			note: 'write_bytes of the server process (/proc/<pid>/io) over the update bytes the clients sent while measuring'
		},
		{ scenario, name: 'disk written', unit: 'MB/s', values: { tandem: median(mbps) }, ranges: { tandem: range(mbps) } }
	];
}

/** A comparison shown without a budget. */
export function compareFields(c: Comparison): Pick<Metric, 'values' | 'ranges' | 'ratio' | 'ratioRange' | 'against'> {
	return { values: c.values, ranges: c.ranges, ratio: c.ratio, ratioRange: c.ratioRange, against: c.against };
}
