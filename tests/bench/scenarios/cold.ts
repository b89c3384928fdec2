import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { start, type Context } from '../context.ts';
import { LeanClient, closeAll, connectAll } from '../clients/lean.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { SERVER_CPU, tasksetAvailable } from '../servers.ts';
import { median, ratio, withTimeout } from '../stats.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

const SCENARIO = '4 cold load';

/** A fresh server, one joining client: connect → full state (sync step 2) received. */
async function coldJoin(ctx: Context, board: string): Promise<{ ms: number; bytes: number }> {
	const { target, dispose } = await start(ctx, 'tandem', 'cold');
	const client = new LeanClient({ target, room: docName(board, 'shared'), user: 0 });
	try {
		await client.connect(60_000);
		return await withTimeout('cold sync', 120_000, client.synced);
	} finally {
		await client.close();
		await dispose();
	}
}

/** A fresh server, `n` clients joining at once: how many loads, and when the last one had the state. */
async function stampede(ctx: Context, board: string, n: number): Promise<{ loads: number; lastMs: number; sameBytes: boolean }> {
	const { server, target, dispose } = await start(ctx, 'tandem', 'cold');
	const clients = Array.from({ length: n }, (_, i) => new LeanClient({ target, room: docName(board, 'shared'), user: i }));
	try {
		const before = (await server.syncStats()).loads;
		const errors = await connectAll(clients, n);
		if (errors.length) throw new Error(`${errors.length} joiners failed: ${errors[0].message}`);
		const infos = await withTimeout('stampede sync', 120_000, Promise.all(clients.map((c) => c.synced)));
		const loads = (await server.syncStats()).loads - before;
		return { loads, lastMs: Math.max(...infos.map((i) => i.ms)), sameBytes: infos.every((i) => i.bytes === infos[0].bytes) };
	} finally {
		await closeAll(clients);
		await dispose();
	}
}

function baseline(stateFile: string): { totalMs: number; applyMs: number; encodeMs: number } {
	const script = path.join(import.meta.dirname, 'coldBaseline.ts');
	const argv = [process.execPath, script, stateFile];
	const out = tasksetAvailable()
		? execFileSync('taskset', ['-c', SERVER_CPU, ...argv], { encoding: 'utf8', timeout: 120_000 })
		: execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 120_000 });
	return JSON.parse(out) as { totalMs: number; applyMs: number; encodeMs: number };
}

export async function cold(ctx: Context): Promise<ScenarioReport> {
	const p = ctx.params.cold;
	const c = ctx.seeded.cold;
	const raw: Record<string, unknown[]> = { compacted: [], rawLog: [], baseline: [] };
	for (let rep = 0; rep < p.reps; rep++) {
		ctx.log(`  rep ${rep + 1}/${p.reps}`);
		raw.compacted.push(await coldJoin(ctx, c.compacted));
		raw.baseline.push(baseline(c.stateFile));
	}
	// Loading an uncompacted log of 50,000 rows takes the better part of a minute: full runs only.
	if (p.rawLog) {
		ctx.log('  uncompacted log');
		raw.rawLog.push(await coldJoin(ctx, c.rawLog));
	}
	ctx.log(`  ${p.joiners} joining at once`);
	const crowd = await stampede(ctx, c.compacted, p.joiners);
	const ours = median((raw.compacted as Array<{ ms: number }>).map((r) => r.ms));
	const rawLog = median((raw.rawLog as Array<{ ms: number }>).map((r) => r.ms));
	const floor = median((raw.baseline as Array<{ totalMs: number }>).map((r) => r.totalMs));
	const r = ratio(ours, floor);
	const metrics: Metric[] = [
		{
			scenario: SCENARIO,
			name: `first full sync, ${p.items} items / ${p.updates} updates (as stored)`,
			unit: 'ms',
			values: { tandem: ours, baseline: floor },
			ratio: r,
			budget: '<= 1.3x in-process',
			met: Number.isFinite(r) ? r <= 1.3 : null,
			note: 'in-process = apply the final state to a fresh Y.Doc + encode it, cold process on the server core'
		},
		{
			scenario: SCENARIO,
			name: 'same history as an uncompacted log',
			unit: 'ms',
			values: { tandem: p.rawLog ? rawLog : 'full run only', baseline: floor },
			ratio: ratio(rawLog, floor),
			note: 'informational: what a load costs if compaction never ran (one rep)'
		},
		{ scenario: SCENARIO, name: `loads caused by ${p.joiners} clients joining at once`, unit: 'count', values: { tandem: crowd.loads }, budget: 'exactly 1', met: crowd.loads === 1 },
		{ scenario: SCENARIO, name: `last of ${p.joiners} joiners synced`, unit: 'ms', values: { tandem: crowd.lastMs } }
	];
	return {
		scenario: SCENARIO,
		metrics,
		raw: { ...raw, crowd },
		status: `state ${(c.stateBytes / 2 ** 20).toFixed(1)} MiB, history ${(c.updateBytes / 2 ** 20).toFixed(1)} MiB; all joiners got identical state: ${crowd.sameBytes}`
	};
}
