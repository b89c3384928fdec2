// `node tests/bench/abWorkshop.ts [--rounds=4] [--quick] [--prof-us=100] <checkout>…`: the workshop
// scenario (the same load as scenario 1) on several built checkouts of Tandem and on y-websocket, in
// ONE process, round by round: each round runs every checkout once and y-websocket once, in turns
// (the order rotates each round), so that every checkout is judged against the reference of the same
// minute. An A/B of server versions that does not need whole bench runs alternated by hand.
// Prints per round p50/p99 and ratio to that round's y-websocket, then medians with min–max.
// `--probe`: each server runs with fanoutProbe.ts (read of the update → its last socket write, in
// the server). `--prof-us=N` writes a CPU profile of every server sampled every N µs into bench-results/ab-…/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paramsFor, seedPlanFor } from './params.ts';
import { seedCached } from './seed.ts';
import { REPO, killAllServers, pinSelf } from './servers.ts';
import { singleServer, start, type Context } from './context.ts';
import { workshopLoad, type Rep } from './scenarios/workshop.ts';
import { median } from './stats.ts';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(option('rounds') ?? 4);
const profUs = option('prof-us');
const trees = args.filter((a) => !a.startsWith('--')).map((t) => path.resolve(t));
if (!trees.length) throw new Error('usage: abWorkshop.ts [--rounds=N] <checkout>…');
for (const t of trees) if (!fs.existsSync(path.join(t, 'build/handler.js'))) throw new Error(`${t}: not built`);

const params = paramsFor(!args.includes('--full'));
const plan = seedPlanFor(params);
// Only the workshop board: the other scenarios' boards are not needed here.
for (const k of Object.keys(plan.boards)) if (k !== 'workshop') plan.boards[k].count = 0;
plan.cold = { items: 10, updates: 20 };
const outRoot = path.join(REPO, 'bench-results');
const outDir = path.join(outRoot, `ab-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-ab-'));
process.on('exit', () => {
	killAllServers();
	fs.rmSync(workDir, { recursive: true, force: true });
});
process.setMaxListeners(500);
console.log(pinSelf());
const seeded = seedCached(path.join(outRoot, '.seed-cache'), plan);
const ctx: Context = { params, seeded, servers: ['tandem', 'y-websocket'], workDir, outDir, profile: false, log: console.log, signal: new AbortController().signal, tandemEnv: {} };

const probe = args.includes('--probe');
let runs = 0;
/** The probe's file for the next run, and its server options. */
function probeFor(): { file: string; opts: { env?: Record<string, string>; nodeArgs?: string[] } } {
	const file = path.join(outDir, `probe-${++runs}.json`);
	if (!probe) return { file, opts: {} };
	fs.mkdirSync(outDir, { recursive: true });
	return { file, opts: { env: { ...(args.includes('--trace') ? { SYNC_TRACE_COMMITS: `${file}.trace` } : {}), FANOUT_PROBE: file, FANOUT_PROBE_PEERS: String(params.workshop.clients - 1) }, nodeArgs: [`--import=${path.join(REPO, 'tests/bench/fanoutProbe.ts')}`] } };
}
const probed = new Map<string, { first: number[]; last: number[]; turn: number[] }>();
function readProbe(name: string, file: string): void {
	if (!probe || !fs.existsSync(file)) return;
	const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ first: number; last: number; turn: number }>;
	// The second half: past the warm-up.
	const kept = s.slice(Math.floor(s.length / 2));
	const acc = probed.get(name) ?? { first: [], last: [], turn: [] };
	probed.set(name, acc);
	for (const x of kept) {
		acc.first.push(x.first);
		acc.last.push(x.last);
		if (Number.isFinite(x.turn)) acc.turn.push(x.turn);
	}
}

type Side = { name: string; run: () => Promise<Rep> };
const profDir = (label: string) => (profUs ? path.join(outDir, 'profiles', label) : undefined);
const sides: Side[] = [
	...trees.map((root, i) => ({
		name: `${i}:${path.basename(root)}`,
		run: async () => {
			const pr = probeFor();
			// `--v8-last=<flag>,<flag>`: V8 flags for the last checkout's server only (what-if runs: e.g. its JIT tiers).
			const v8 = i === trees.length - 1 ? (option('v8-last')?.split(',') ?? []) : [];
			if (v8.length) pr.opts.nodeArgs = [...(pr.opts.nodeArgs ?? []), ...v8];
			const s = await start(ctx, 'tandem', `ab${i}`, { ...pr.opts, root, cpuProfDir: profDir(`t${i}`), cpuProfIntervalUs: profUs ? Number(profUs) : undefined });
			try {
				return await workshopLoad(ctx, singleServer(s.server, s.target));
			} finally {
				await s.dispose();
				readProbe(`${i}:${path.basename(root)}`, pr.file);
			}
		}
	})),
	{
		name: 'y-websocket',
		run: async () => {
			const pr = probeFor();
			const s = await start(ctx, 'y-websocket', 'ab-y', { ...pr.opts, cpuProfDir: profDir('y'), cpuProfIntervalUs: profUs ? Number(profUs) : undefined });
			try {
				return await workshopLoad(ctx, singleServer(s.server, s.target));
			} finally {
				await s.dispose();
				readProbe('y-websocket', pr.file);
			}
		}
	}
];

const results = new Map<string, { p50: number[]; p99: number[]; r50: number[]; r99: number[]; cpu: number[] }>(sides.map((s) => [s.name, { p50: [], p99: [], r50: [], r99: [], cpu: [] }]));
const fmt = (x: number) => x.toFixed(3);
for (let r = 0; r < rounds; r++) {
	const order = sides.map((_, i) => sides[(i + r) % sides.length]);
	const got = new Map<string, Rep>();
	for (const side of order) got.set(side.name, await side.run());
	const ref = got.get('y-websocket')!;
	const line = [`round ${r + 1} load ${os.loadavg()[0].toFixed(2)}`];
	for (const side of sides) {
		const rep = got.get(side.name)!;
		const acc = results.get(side.name)!;
		acc.p50.push(rep.p50);
		acc.p99.push(rep.p99);
		acc.r50.push(rep.p50 / ref.p50);
		acc.r99.push(rep.p99 / ref.p99);
		acc.cpu.push(rep.window.serverCpu / rep.window.seconds);
		line.push(`${side.name} other CPU ${(rep.window.otherCpu / rep.window.seconds).toFixed(2)}/s p50 ${fmt(rep.p50)} p99 ${fmt(rep.p99)} (×${fmt(rep.p50 / ref.p50)} / ×${fmt(rep.p99 / ref.p99)}) deliv ${(rep.delivery * 100).toFixed(1)}%`);
	}
	console.log(line.join('\n  '));
}
const ms = (xs: number[]) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
console.log(`\n${rounds} rounds, load at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const [name, a] of results) console.log(`${name}: p50 ${ms(a.p50)} ms, p99 ${ms(a.p99)} ms, p50 ratio ${ms(a.r50)}, p99 ratio ${ms(a.r99)}, CPU/s ${ms(a.cpu)}`);
for (const [name, a] of probed) {
	const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
	const d = (xs: number[]) => `p50 ${q(xs, 0.5).toFixed(0)} p90 ${q(xs, 0.9).toFixed(0)} p99 ${q(xs, 0.99).toFixed(0)}`;
	console.log(`probe ${name} (${a.last.length} updates): read → first write µs ${d(a.first)}; → last write ${d(a.last)}; → setImmediate ${d(a.turn)}`);
}
