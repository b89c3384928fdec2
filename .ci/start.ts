// `npm start`: builds build/ only when the sources changed since it was built (server/buildStamp.ts
// knows), quietly, then runs the server (server/index.ts) in this process.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { staleness } from '../server/buildStamp.ts';

const root = path.resolve(import.meta.dirname, '..');
if (staleness(root, path.join(root, 'build'))) {
	console.log('Building Tandem (about 30 seconds; only when the sources changed)…');
	// SvelteKit prints advice for `vite preview`, which does not run Tandem's sync server: the
	// build's own output is shown only when it fails (warnings go to stderr and always show).
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (build.status !== 0) {
		process.stdout.write(build.stdout ?? '');
		console.error(`The build failed (exit code ${build.status ?? build.signal}).`);
		process.exit(1);
	}
}
await import('../server/index.ts');
