// What the capacity probes (capacityCost.ts, writeCount.ts) start from: the capacity scenario's
// parameters and seeded boards, a work directory removed (and every server killed) on exit, and the
// probe pinned to the load generator's core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import type { LeanClient } from './clients/lean.ts';
import { paramsFor, seedPlanFor } from './params.ts';
import { seedCached } from './seed.ts';
import { REPO, killAllServers, pinSelf } from './servers.ts';

export function capacityProbe(name: string) {
	const params = paramsFor(true);
	const seeded = seedCached(path.join(REPO, 'bench-results', '.seed-cache'), seedPlanFor(params));
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tandem-${name}-`));
	process.on('exit', () => {
		killAllServers();
		fs.rmSync(workDir, { recursive: true, force: true });
	});
	pinSelf();
	return { p: params.capacity, seeded, workDir };
}

/** Counts each message `client` receives in `byType`, by its first varUint (0 sync, 1 awareness, 4 saved…). */
export function countByType(client: LeanClient, byType: Map<number, number>) {
	const lean = client as unknown as { onMessage(data: Buffer): void };
	const original = lean.onMessage.bind(client);
	lean.onMessage = (data: Buffer) => {
		const type = decoding.readVarUint(decoding.createDecoder(data));
		byType.set(type, (byType.get(type) ?? 0) + 1);
		original(data);
	};
}
