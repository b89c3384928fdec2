// build/ is what `node server/index.ts` runs, never today's sources: the build records what it was made
// from (a SHA-256 per file under src/ and server/), and the server refuses to start when they differ.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const STAMP_FILE = 'stamp.json';
const ROOTS = ['src', 'server'];
/** Read by Node from disk at run time, not built into build/: changing them needs no rebuild. */
const NOT_BUILT = ['server/index.ts', 'server/buildStamp.ts', 'server/migrations/'];

export type SourceHashes = Record<string, string>;

/** Every built-from file under src/ and server/ of `root`, by path relative to root (forward slashes). */
export function sourceHashes(root: string): SourceHashes {
	const hashes: SourceHashes = {};
	for (const top of ROOTS) {
		const dir = path.join(root, top);
		if (!fs.existsSync(dir)) continue;
		for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
			const file = `${top}/${rel.split(path.sep).join('/')}`;
			if (NOT_BUILT.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p))) continue;
			const full = path.join(root, file);
			if (!fs.statSync(full).isFile()) continue;
			hashes[file] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
		}
	}
	return hashes;
}

export function writeStamp(outDir: string, hashes: SourceHashes): void {
	fs.writeFileSync(path.join(outDir, STAMP_FILE), JSON.stringify({ files: hashes }, null, '\t') + '\n');
}

/** Null when `outDir` was built from the sources under `root` as they are now; otherwise why not. */
export function staleness(root: string, outDir: string): string | null {
	const rebuild = 'Run `npm run build` (or `npm start`, which builds when needed).';
	let built: SourceHashes;
	try {
		built = (JSON.parse(fs.readFileSync(path.join(outDir, STAMP_FILE), 'utf8')) as { files: SourceHashes }).files;
	} catch {
		return `${path.relative(root, outDir) || outDir}/ has no readable ${STAMP_FILE}: it was not built by this version. ${rebuild}`;
	}
	const now = sourceHashes(root);
	const changed: string[] = [];
	for (const [file, hash] of Object.entries(now)) if (built[file] !== hash) changed.push(built[file] ? `changed ${file}` : `added ${file}`);
	for (const file of Object.keys(built)) if (!(file in now)) changed.push(`removed ${file}`);
	if (changed.length === 0) return null;
	const shown = changed.slice(0, 10).map((c) => `  ${c}`);
	if (changed.length > 10) shown.push(`  … and ${changed.length - 10} more`);
	return `build/ is stale: the sources changed since it was built:\n${shown.join('\n')}\n${rebuild}`;
}
