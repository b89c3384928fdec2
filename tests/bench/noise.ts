import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NoiseSummary } from './report.ts';
import { LOADGEN_CPU, SERVER_CPU, tasksetAvailable } from './servers.ts';

// The machine is shared: other people's builds run on the same 2 cores. This measures how much,
// so that every scenario's figures carry the noise they were taken under.

const CLK_TCK = 100;

interface CpuTimes {
	busy: number;
	steal: number;
	total: number;
}

function machineTimes(): CpuTimes {
	const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
	const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
	const busy = user + nice + system + irq + softirq + steal;
	return { busy: busy / CLK_TCK, steal: steal / CLK_TCK, total: (busy + idle + iowait) / CLK_TCK };
}

/** CPU seconds of every process in this bench's tree (itself, the servers, Chromium, helpers). */
function treeCpu(known: Map<number, number>): number {
	const parent = new Map<number, number>();
	const cpu = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parent.set(Number(entry), Number(f[1]));
			cpu.set(Number(entry), (Number(f[11]) + Number(f[12])) / CLK_TCK);
		} catch {
			// the process ended while we looked
		}
	}
	const mine = (pid: number): boolean => {
		for (let p = pid, hops = 0; p > 1 && hops < 20; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
		return false;
	};
	// Per process: CPU since it was last seen (all of it when new), so a server started during an
	// interval is counted as ours, not as noise.
	let delta = 0;
	const seen = new Set<number>();
	for (const [pid, c] of cpu) {
		if (!mine(pid)) continue;
		seen.add(pid);
		delta += c - (known.get(pid) ?? 0);
		known.set(pid, c);
	}
	for (const pid of known.keys()) if (!seen.has(pid)) known.delete(pid);
	return delta;
}

interface Sample {
	seconds: number;
	other: number;
	steal: number;
	load1: number;
}

/** Samples the machine every second while a scenario runs. */
export class NoiseSampler {
	private readonly samples: Sample[] = [];
	private timer: ReturnType<typeof setInterval> | null = null;
	private last = machineTimes();
	private lastAt = performance.now();
	private readonly known = new Map<number, number>();

	start(): void {
		treeCpu(this.known);
		this.last = machineTimes();
		this.lastAt = performance.now();
		this.timer = setInterval(() => this.sample(), 1000);
		this.timer.unref();
	}

	private sample(): void {
		const t = machineTimes();
		const at = performance.now();
		const ours = treeCpu(this.known);
		const seconds = (at - this.lastAt) / 1000;
		const busy = t.busy - this.last.busy;
		const total = t.total - this.last.total;
		this.samples.push({ seconds, other: Math.max(0, busy - ours) / seconds, steal: total > 0 ? (t.steal - this.last.steal) / total : 0, load1: os.loadavg()[0] });
		this.last = t;
		this.lastAt = at;
	}

	stop(): Sample[] {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.sample();
		return this.samples;
	}
}

/**
 * A fixed amount of integer arithmetic (a few tens of ms on an idle core), timed as a whole in a
 * child process pinned to one core: wall time, so that time slices lost to other processes count.
 */
const CALIBRATION = `let x=1;for(let i=0;i<2e6;i++)x=(Math.imul(x,1103515245)+12345)|0;const s=performance.now();for(let i=0;i<2e7;i++)x=(Math.imul(x,1103515245)+12345)|0;console.log(performance.now()-s+(x===0.5?1:0))`;
const CALIBRATION_VERSION = 'imul-2e7';

function calibrationMs(cpu: string): number {
	const script = CALIBRATION;
	const argv = [process.execPath, '-e', script];
	const r = tasksetAvailable() ? spawnSync('taskset', ['-c', cpu, ...argv], { encoding: 'utf8' }) : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
	return Number(r.stdout.trim());
}

/**
 * The calibration loop on the server core and the load-generator core, against the idle baseline
 * kept in `bench-results/.noise-baseline.json`: the fastest time ever measured on this machine (it
 * runs before every scenario, so the baseline approaches the idle figure; the first runs on a busy
 * machine understate the noise, and the report says when the baseline is new).
 */
export function calibrate(outRoot: string): { ms: Record<string, number>; baseline: Record<string, number>; slowdown: Record<string, number>; fresh: boolean } {
	const file = path.join(outRoot, '.noise-baseline.json');
	const key = `${os.cpus()[0]?.model ?? '?'} / ${process.version} / ${CALIBRATION_VERSION}`;
	let stored: Record<string, Record<string, number>> = {};
	try {
		stored = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		// no baseline yet
	}
	const fresh = !stored[key];
	const baseline = { ...(stored[key] ?? {}) };
	const ms: Record<string, number> = {};
	const slowdown: Record<string, number> = {};
	for (const [name, cpu] of [['server', SERVER_CPU], ['loadgen', LOADGEN_CPU]] as const) {
		ms[name] = calibrationMs(cpu);
		if (!(baseline[name] <= ms[name])) baseline[name] = ms[name];
		slowdown[name] = ms[name] / baseline[name];
	}
	stored[key] = baseline;
	fs.mkdirSync(outRoot, { recursive: true });
	fs.writeFileSync(file, JSON.stringify(stored, null, 2));
	return { ms, baseline, slowdown, fresh };
}

/**
 * Heavy: other processes used more than half a core on average (the server's and the load
 * generator's cores are all there is), the hypervisor stole over 5%, or the calibration loop ran
 * 30% slower than idle. Moderate: a fifth of a core, 2%, 10%.
 */
export function summarize(samples: Sample[], cal: Pick<ReturnType<typeof calibrate>, 'ms' | 'baseline' | 'slowdown'>): NoiseSummary {
	const slowdown = cal.slowdown;
	const total = samples.reduce((n, s) => n + s.seconds, 0) || 1;
	const otherCpuMean = samples.reduce((n, s) => n + s.other * s.seconds, 0) / total;
	const otherCpuMax = Math.max(0, ...samples.map((s) => s.other));
	const steal = samples.reduce((n, s) => n + s.steal * s.seconds, 0) / total;
	const loadAvgMax = Math.max(0, ...samples.map((s) => s.load1));
	const slow = Math.max(1, ...Object.values(slowdown));
	const level = otherCpuMean > 0.5 || steal > 0.05 || slow > 1.3 ? 'heavy' : otherCpuMean > 0.2 || steal > 0.02 || slow > 1.1 ? 'moderate' : 'low';
	const calText = Object.entries(slowdown)
		.map(([k, v]) => `${k} core ${v.toFixed(2)}x (${cal.ms[k].toFixed(0)} ms, fastest seen ${cal.baseline[k].toFixed(0)} ms)`)
		.join(', ');
	const text = `${level}: other processes ${otherCpuMean.toFixed(2)} CPU/s (worst second ${otherCpuMax.toFixed(2)}), steal ${(steal * 100).toFixed(1)}%, load average up to ${loadAvgMax.toFixed(1)}, calibration ${calText}`;
	return { level, otherCpuMean, otherCpuMax, steal, loadAvgMax, slowdown, text };
}
