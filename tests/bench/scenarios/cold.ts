import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { start, type Context } from '../context.ts';
import { seedLevelDb } from './coldLevelDb.ts';
import { LeanClient, closeAll, connectAll } from '../clients/lean.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { SERVER_CPU, tasksetAvailable } from '../servers.ts';
import { median, range, ratio, withTimeout } from '../stats.ts';
import type { ServerKind } from '../servers.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

const SCENARIO = '4 cold load';

/** Whether the (client → clock) state vectors seen so far cover `expected`. */
function covers(seen: Map<number, number>, expected: Map<number, number>): boolean {
	for (const [client, clock] of expected) if ((seen.get(client) ?? 0) < clock) return false;
	return true;
}

/**
 * A fresh server, one joining client: connect → the full state received. Payloads are timed on
 * arrival and only then decoded (state vector only), so checking costs every server the same:
 * Tandem sends the whole state as sync step 2, y-websocket with LevelDB answers step 1 from the
 * still-empty document and sends the stored state as an update once LevelDB has loaded it.
 */
async function coldJoin(ctx: Context, board: string, expected: Map<number, number>, kind: ServerKind = 'tandem', env?: Record<string, string>): Promise<{ ms: number; bytes: number }> {
	const { target, dispose } = await start(ctx, kind, 'cold', env ? { env } : {});
	const seen = new Map<number, number>();
	let started = 0;
	let bytes = 0;
	let resolveFull!: (r: { ms: number; bytes: number }) => void;
	const full = new Promise<{ ms: number; bytes: number }>((r) => (resolveFull = r));
	const client = new LeanClient({
		target,
		room: docName(board, 'shared'),
		user: 0,
		onPayload(payload, at) {
			bytes += payload.byteLength;
			for (const [c, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(payload))) seen.set(c, Math.max(seen.get(c) ?? 0, clock));
			if (covers(seen, expected)) resolveFull({ ms: at - started, bytes });
		}
	});
	try {
		started = performance.now();
		await client.connect(60_000);
		return await withTimeout(`cold sync (${kind})`, 120_000, full);
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
	const raw: Record<string, unknown[]> = { compacted: [], rawLog: [], baseline: [], leveldb: [] };
	const expected = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(new Uint8Array(fs.readFileSync(c.stateFile))));
	const room = docName(c.compacted, 'shared');
	const withLevelDb = ctx.servers.includes('y-websocket');
	const pieces = withLevelDb ? await seedLevelDb(ctx.seeded.file, room, path.join(ctx.workDir, 'cold-leveldb-seed')) : 0;
	for (let rep = 0; rep < p.reps; rep++) {
		ctx.log(`  rep ${rep + 1}/${p.reps}`);
		raw.compacted.push(await coldJoin(ctx, c.compacted, expected));
		raw.baseline.push(baseline(c.stateFile));
		if (withLevelDb) {
			// A fresh copy each time: y-leveldb rewrites (trims) what it loaded.
			const dir = path.join(ctx.workDir, `cold-leveldb-${rep}`);
			fs.cpSync(path.join(ctx.workDir, 'cold-leveldb-seed'), dir, { recursive: true });
			raw.leveldb.push(await coldJoin(ctx, c.compacted, expected, 'y-websocket', { YPERSISTENCE: dir }));
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
	// Loading an uncompacted log of 50,000 rows takes the better part of a minute: full runs only.
	if (p.rawLog) {
		ctx.log('  uncompacted log');
		raw.rawLog.push(await coldJoin(ctx, c.rawLog, expected));
	}
	ctx.log(`  ${p.joiners} joining at once`);
	const crowd = await stampede(ctx, c.compacted, p.joiners);
	const oursAll = (raw.compacted as Array<{ ms: number }>).map((r) => r.ms);
	const floorAll = (raw.baseline as Array<{ totalMs: number }>).map((r) => r.totalMs);
	const levelAll = (raw.leveldb as Array<{ ms: number }>).map((r) => r.ms);
	const ours = median(oursAll);
	const rawLog = median((raw.rawLog as Array<{ ms: number }>).map((r) => r.ms));
	const floor = median(floorAll);
	const level = median(levelAll);
	const r = ratio(ours, floor);
	const paired = (theirs: number[]) => range(oursAll.map((o, i) => ratio(o, theirs[i] ?? NaN)));
	const metrics: Metric[] = [
		{
			scenario: SCENARIO,
			name: `first full sync, ${p.items} items / ${p.updates} updates (as stored), vs an in-process apply`,
			unit: 'ms',
			values: { tandem: ours, baseline: floor },
			ranges: { tandem: range(oursAll), baseline: range(floorAll) },
			ratio: r,
			ratioRange: paired(floorAll),
			against: 'baseline',
			budget: '<= 1.3x in-process',
			met: Number.isFinite(r) ? r <= 1.3 : null,
			note: 'in-process = apply the final state to a fresh Y.Doc + encode it, cold process on the server core'
		},
		{
			scenario: SCENARIO,
			name: 'the same, vs y-websocket + LevelDB loading the same stored pieces',
			unit: 'ms',
			values: { tandem: ours, 'y-websocket': withLevelDb ? level : 'not run' },
			ranges: { tandem: range(oursAll), 'y-websocket': range(levelAll) },
			ratio: ratio(ours, level),
			ratioRange: paired(levelAll),
			note: `y-websocket 0.1.1 with YPERSISTENCE (y-leveldb): ${pieces} stored pieces (snapshot + log rows after it), connect → the client holds the full state`
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
