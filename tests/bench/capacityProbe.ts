// What the capacity probes (capacityCost.ts, writeCount.ts) start from: the capacity scenario's
// parameters and seeded boards, a work directory removed (and every server killed) on exit, and the
// probe pinned to the load generator's core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
