// What a built chunk holds: its minified bytes attributed to their sources through the chunk's
// sourcemap, and the chunk's brotli size shared out in proportion (an estimate: sources compress
// differently). Build with sourcemaps first (TANDEM_SOURCEMAP=1 npm run build), then
//
//   node tests/bench/chunkSources.ts /_app/immutable/nodes/4.XXXX.js …   (paths from pageWeight.ts --files)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Sourcemap mappings → per generated line, [column, source index] of each segment (VLQ, relative values summed). */
function decode(mappings: string): [number, number | null][][] {
	let source = 0;
	return mappings.split(';').map((line) => {
		let col = 0;
		return line.split(',').filter(Boolean).map((seg) => {
			const values: number[] = [];
			let value = 0;
			let shift = 0;
			for (const ch of seg) {
				const d = B64.indexOf(ch);
				value += (d & 31) << shift;
				if (d & 32) shift += 5;
				else {
					values.push(value & 1 ? -(value >>> 1) : value >>> 1);
					value = 0;
					shift = 0;
				}
			}
			col += values[0];
			if (values.length > 1) source += values[1];
			return [col, values.length > 1 ? source : null];
		});
	});
}

const dir = '.svelte-kit/output/client';
for (const rel of process.argv.slice(2)) {
	const file = path.join(dir, rel.replace(/^\//, ''));
	if (!fs.existsSync(`${file}.map`)) {
		console.log(`${rel}: no sourcemap (build with TANDEM_SOURCEMAP=1)`);
		continue;
	}
	const code = fs.readFileSync(file, 'utf8');
	const map = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
	const lines = code.split('\n');
	const bySource = new Map<string, number>();
	decode(map.mappings).forEach((segments, li) => {
		const line = lines[li] ?? '';
		segments.forEach((s, i) => {
			const end = i + 1 < segments.length ? segments[i + 1][0] : line.length;
			// Unmapped code is mostly Svelte's template strings.
			const source = s[1] !== null ? map.sources[s[1]] : '(unmapped: templates)';
			const key = source.replace(/^(\.\.\/)+/, '').replace(/node_modules\/((@[^/]+\/)?[^/]+).*/, 'npm:$1');
			bySource.set(key, (bySource.get(key) ?? 0) + end - s[0]);
		});
	});
	const brotli = zlib.brotliCompressSync(Buffer.from(code)).byteLength;
	console.log(`${rel}: ${code.length} bytes, ${brotli} brotli`);
	for (const [k, n] of [...bySource].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${((n / code.length) * brotli / 1000).toFixed(1).padStart(6)} KB  ${k}`);
}
