import { start, type Context } from '../context.ts';
import { LeanClient } from '../clients/lean.ts';
import type { Target } from '../clients/target.ts';
import { Inspector } from '../inspector.ts';
import type { Metric, ScenarioReport } from '../report.ts';
import { now, sleep, waitFor, withTimeout } from '../stats.ts';
import { docName } from '../../../src/lib/board/model/docNames.ts';

const SCENARIO = '6 memory hygiene';

/** Opens a board with one client, waits for the full state, and leaves. */
async function cycle(target: Target, board: string, user: number): Promise<void> {
	const c = new LeanClient({ target, room: docName(board, 'shared'), user });
	try {
		await c.connect();
		await withTimeout('cycle sync', 20_000, c.synced);
	} finally {
		await c.close();
	}
}

async function cycles(ctx: Context, target: Target, count: number): Promise<number> {
	const p = ctx.params.memory;
	const boards = ctx.seeded.boards.memory;
	let next = 0;
	let lastClose = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			await cycle(target, boards[i % boards.length], i);
			lastClose = now();
		}
	};
	await Promise.all(Array.from({ length: p.parallel }, worker));
	return lastClose;
}

/** Tandem only: heap after many board open/close cycles, and how soon an idle board is unloaded. */
export async function memory(ctx: Context): Promise<ScenarioReport> {
	const p = ctx.params.memory;
	const { server, target, dispose } = await start(ctx, 'tandem', 'memory', { inspect: true });
	const inspector = await Inspector.connect(server.inspectPort!);
	const roomsOpen = async () => (await server.syncStats()).rooms;
	try {
		// Warm-up: every board once, so that code paths are compiled and caches filled, then unloaded.
		await cycles(ctx, target, ctx.seeded.boards.memory.length);
		await waitFor(async () => (await roomsOpen()) === 0, p.unloadLimitMs + 10_000, 250);
		const baseline = await inspector.heapAfterGc();
		const baselineRss = server.rss();
		ctx.log(`  ${p.cycles} open/close cycles`);
		const lastClose = await cycles(ctx, target, p.cycles);
		const unloaded = await waitFor(async () => (await roomsOpen()) === 0, p.unloadLimitMs + 10_000, 100);
		const unloadMs = now() - lastClose;
		const after = await inspector.heapAfterGc();
		const growth = after / baseline - 1;
		const metrics: Metric[] = [
			{ scenario: SCENARIO, name: 'heap after GC, baseline', unit: 'MiB', values: { tandem: baseline / 2 ** 20 } },
			{ scenario: SCENARIO, name: `heap after GC, after ${p.cycles} cycles`, unit: 'MiB', values: { tandem: after / 2 ** 20 } },
			{
				scenario: SCENARIO,
				name: 'heap growth',
				unit: '%',
				values: { tandem: growth },
				budget: `<= ${p.heapTolerance * 100}%`,
				met: growth <= p.heapTolerance
			},
			{
				scenario: SCENARIO,
				name: 'idle board unloaded after last client left',
				unit: 'ms',
				values: { tandem: unloaded ? unloadMs : `not within ${(p.unloadLimitMs + 10_000) / 1000} s` },
				budget: `<= ${p.unloadLimitMs / 1000} s`,
				met: unloaded && unloadMs <= p.unloadLimitMs
			},
			{ scenario: SCENARIO, name: 'RSS after, baseline', unit: 'MiB', values: { tandem: `${(server.rss() / 2 ** 20).toFixed(0)} / ${(baselineRss / 2 ** 20).toFixed(0)} MiB` } }
		];
		return { scenario: SCENARIO, metrics, raw: { baseline, after, unloadMs, unloaded } };
	} finally {
		inspector.close();
		await dispose();
	}
}
