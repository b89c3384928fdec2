import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// `npm run serve` (node server/index.ts) runs build/, never today's src/ or server/: it must refuse a
// build made from other sources. Run against a copy of the tree, so the real one stays untouched.
const REPO = path.resolve(import.meta.dirname, '../..');

interface Outcome {
	listening: boolean;
	code: number | null;
	output: string;
}

/** Starts `node server/index.ts` in `dir`; resolves once it listens (then stops it) or exits. */
function serve(dir: string): Promise<Outcome> {
	const proc = spawn(process.execPath, ['server/index.ts'], {
		cwd: dir,
		env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 't.db') },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	return new Promise((resolve) => {
		const onData = (d: Buffer) => {
			output += d;
			if (output.includes('Tandem listening on')) {
				proc.removeAllListeners('exit');
				proc.once('exit', () => resolve({ listening: true, code: null, output }));
				proc.kill('SIGKILL');
			}
		};
		proc.stdout.on('data', onData);
		proc.stderr.on('data', onData);
		proc.once('exit', (code) => resolve({ listening: false, code, output }));
	});
}

describe('serving a stale build', () => {
	let dir: string;
	beforeEach(() => {
		if (!fs.existsSync(path.join(REPO, 'build/handler.js'))) throw new Error('build/ is missing: run `npm run build` first');
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-stale-'));
		for (const entry of ['package.json', 'build', 'src', 'server']) fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
		fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('starts when the sources are the ones build/ was made from', async () => {
		const r = await serve(dir);
		expect(r.output).not.toMatch(/npm run build/);
		expect(r.listening).toBe(true);
	}, 30_000);

	it('refuses, naming the changed file, when a file under src/ changed since the build', async () => {
		fs.appendFileSync(path.join(dir, 'src/lib/server/ids.ts'), '\n// changed after the build\n');
		const r = await serve(dir);
		expect(r.listening).toBe(false);
		expect(r.code).toBe(1);
		expect(r.output).toMatch(/build\/ is stale/);
		expect(r.output).toMatch(/src\/lib\/server\/ids\.ts/);
		expect(r.output).toMatch(/npm run build/);
	}, 30_000);

	it('refuses when a file under server/ was added since the build', async () => {
		fs.writeFileSync(path.join(dir, 'server/sync/extra.ts'), 'export const x = 1;\n');
		const r = await serve(dir);
		expect(r.listening).toBe(false);
		expect(r.code).toBe(1);
		expect(r.output).toMatch(/server\/sync\/extra\.ts/);
	}, 30_000);

	it('starts after a change to what Node reads from disk at run time (the entry, the migrations)', async () => {
		fs.appendFileSync(path.join(dir, 'server/index.ts'), '\n// not part of build/\n');
		fs.writeFileSync(path.join(dir, 'server/migrations/README.txt'), 'notes\n');
		const r = await serve(dir);
		expect(r.output).not.toMatch(/stale/);
		expect(r.listening).toBe(true);
	}, 30_000);

	it('refuses a build without a stamp (made before builds recorded their sources)', async () => {
		fs.rmSync(path.join(dir, 'build/stamp.json'), { force: true });
		const r = await serve(dir);
		expect(r.listening).toBe(false);
		expect(r.code).toBe(1);
		expect(r.output).toMatch(/npm run build/);
	}, 30_000);
});
