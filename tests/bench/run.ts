// `npm run bench [-- --quick] [-- --only=workshop,cold] [-- --profile] [-- --no-hocuspocus]`: see README.md
// Wires the bench: seeds one database, runs each scenario against Tandem and the references
// (each server pinned to CPU 0, this load generator to CPU 1), prints a table, writes JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paramsFor, seedPlanFor } from './params.ts';
import { seedCached } from './seed.ts';
import { REPO, killAllServers, pinSelf, type ServerKind } from './servers.ts';
import { missedBudgets, renderTable, writeJson, type ScenarioReport } from './report.ts';
import type { Context } from './context.ts';
import { withTimeout } from './stats.ts';
import { NoiseSampler, calibrate, summarize } from './noise.ts';
import { workshop } from './scenarios/workshop.ts';
import { many } from './scenarios/many.ts';
import { capacity } from './scenarios/capacity.ts';
import { cold } from './scenarios/cold.ts';
import { durability } from './scenarios/durability.ts';
import { memory } from './scenarios/memory.ts';
import { page } from './scenarios/page.ts';
import { bigBoard } from './scenarios/bigBoard.ts';
import { canvas } from './scenarios/canvas.ts';
import { nodes } from './scenarios/nodes.ts';

const SCENARIOS: Record<string, { run: (ctx: Context) => Promise<ScenarioReport>; title: string; timeoutMs: (quick: boolean) => number }> = {
	workshop: { run: workshop, title: '1 workshop', timeoutMs: (q) => (q ? 180_000 : 420_000) },
	many: { run: many, title: '2 many workshops', timeoutMs: (q) => (q ? 240_000 : 600_000) },
	capacity: { run: capacity, title: '3 capacity', timeoutMs: (q) => (q ? 240_000 : 900_000) },
	cold: { run: cold, title: '4 cold load', timeoutMs: (q) => (q ? 120_000 : 300_000) },
	durability: { run: durability, title: '5 durability', timeoutMs: (q) => (q ? 60_000 : 240_000) },
	memory: { run: memory, title: '6 memory hygiene', timeoutMs: () => 150_000 },
	page: { run: page, title: '7 page', timeoutMs: () => 120_000 },
	bigboard: { run: bigBoard, title: '7b page at the limits', timeoutMs: () => 300_000 },
	canvas: { run: () => canvas(), title: '8 canvas', timeoutMs: () => 400_000 },
	nodes: { run: nodes, title: '9 nodes (PostgreSQL, two nodes)', timeoutMs: (q) => (q ? 900_000 : 2_400_000) }
};

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick') || process.env.BENCH_QUICK === '1';
const only = option('only')?.split(',');
// Both references in quick runs too: every relative budget is held against the better of the two.
const withHocuspocus = !flag('no-hocuspocus');
/** `--servers=tandem` (e.g. to profile ours alone); scenarios judged against a reference then show n/a. */
const onlyServers = option('servers')?.split(',') as ServerKind[] | undefined;
/** `--tandem-env=SYNC_ACCESS_RECHECK_MS=0,SYNC_COMPACT_AFTER_BYTES=…`: what-if runs of ours. */
const tandemEnv = Object.fromEntries(
	(args.find((a) => a.startsWith('--tandem-env='))?.slice('--tandem-env='.length).split(',') ?? []).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
);

const outRoot = path.join(REPO, 'bench-results');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = path.join(outRoot, `${stamp}${quick ? '-quick' : ''}`);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));

function cleanup(): void {
	killAllServers();
	fs.rmSync(workDir, { recursive: true, force: true });
}
process.on('exit', cleanup);
// Each y-websocket provider registers an exit listener (lib0); sixty of them are expected.
process.setMaxListeners(500);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
	process.on(sig, () => {
		console.error(`\n${sig}: stopping servers`);
		process.exit(130);
	});

async function main(): Promise<number> {
	const t0 = Date.now();
	const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);
	if (!fs.existsSync(path.join(REPO, 'build/handler.js'))) throw new Error('build/ is missing: run `npm run build` first');
	log(`mode: ${quick ? 'quick' : 'full'}; ${pinSelf()}; ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'}`);
	const params = paramsFor(quick);
	const seeded = seedCached(path.join(outRoot, '.seed-cache'), seedPlanFor(params));
	log(`seeded database ${seeded.cached ? '(cached)' : ''}: ${(fs.statSync(seeded.file).size / 2 ** 20).toFixed(1)} MiB`);
	const servers: ServerKind[] = onlyServers ?? ['tandem', 'y-websocket', ...(withHocuspocus ? (['hocuspocus'] as const) : [])];
	const base = { params, seeded, servers, workDir, outDir, profile: flag('profile'), log, tandemEnv };
	if (Object.keys(tandemEnv).length) log(`Tandem what-if environment: ${JSON.stringify(tandemEnv)}`);

	const reports: ScenarioReport[] = [];
	for (const [name, s] of Object.entries(SCENARIOS)) {
		if (only && !only.includes(name)) continue;
		log(`scenario ${s.title}`);
		const abort = new AbortController();
		const ctx: Context = { ...base, signal: abort.signal };
		// Noise: the calibration loop on both cores right before, and the machine sampled throughout.
		const cal = calibrate(outRoot);
		const sampler = new NoiseSampler();
		sampler.start();
		let report: ScenarioReport;
		try {
			// On a loaded machine everything takes longer: the time limit stretches with the calibration.
			const stretch = Math.min(4, Math.max(1, ...Object.values(cal.slowdown)));
			report = await withTimeout(s.title, Math.round(s.timeoutMs(quick) * stretch), s.run(ctx));
		} catch (err) {
			abort.abort();
			log(`  failed: ${(err as Error).stack}`);
			report = { scenario: s.title, metrics: [], status: `FAILED: ${(err as Error).message.split('\n')[0]}` };
		}
		report.noise = summarize(sampler.stop(), cal);
		log(`  noise ${report.noise.text}${cal.fresh ? ' (first calibration on this machine: it is the baseline)' : ''}`);
		reports.push(report);
		killAllServers(); // a timed-out scenario may have left one behind
	}

	console.log(`\n${renderTable(reports)}\n`);
	const missed = missedBudgets(reports);
	if (missed.length) {
		console.log('Budgets MISSED:');
		for (const m of missed) console.log(`  - ${m.scenario}: ${m.name} (${m.budget})${m.note ? ` — ${m.note}` : ''}`);
	} else console.log('No budget missed among the figures measured.');
	const unexpected = reports.flatMap((r) => r.metrics.filter((m) => m.expectation && m.met === false));
	for (const m of unexpected) console.log(`  not as expected (our expectation, not a budget): ${m.scenario}: ${m.name} (${m.budget})`);
	for (const r of reports) for (const m of r.metrics) if (m.note && m.met !== false) console.log(`  note: ${m.scenario} ${m.name}: ${m.note}`);
	const heavy = reports.filter((r) => r.noise?.level === 'heavy').map((r) => r.scenario);
	console.log(`Noise: ${heavy.length ? `heavy during ${heavy.join(', ')}: those figures are marked and should be re-measured on a quieter machine` : 'no scenario ran under heavy noise'}.`);
	for (const r of reports) if (r.noise) console.log(`  ${r.scenario}: ${r.noise.text}`);
	const file = writeJson(outDir, { quick, startedAt: new Date(t0).toISOString(), seconds: (Date.now() - t0) / 1000, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAvgAtEnd: os.loadavg() }, params, reports });
	fs.copyFileSync(file, path.join(outRoot, 'latest.json'));
	log(`wrote ${path.relative(REPO, file)} (and bench-results/latest.json)`);
	return flag('strict') && missed.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
