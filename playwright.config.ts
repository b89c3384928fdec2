import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where present (Playwright's own download is not reachable on our machines).
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// A trace is recorded for every test and kept only for a failing one, so its cost is paid by all of
// them: the canvas file took 50-53 s with no trace, 57 s with traces without screenshots, 63-66 s
// with full traces; the whole suite 9.0 min against 12.4. A CI run's traces stay on its machine
// (only its log comes back), so none are recorded unless asked for: PW_TRACE=dom keeps the DOM
// snapshots, actions, console and network of a failing test, PW_TRACE=full adds the screenshots.
// A failure still prints its error and the server's log, and saves a screenshot.
const traces = {
	off: 'off',
	dom: { mode: 'retain-on-failure', screenshots: false },
	full: 'retain-on-failure'
} as const;
const trace = traces[(process.env.PW_TRACE ?? 'off') as keyof typeof traces];
if (!trace) throw new Error(`PW_TRACE must be one of ${Object.keys(traces).join(', ')}`);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	// Two spec files at a time, each with its own server, port and database (ServerProcess): the
	// browsers and servers of one file leave a core idle much of the time. A test then shares the
	// 2 cores with another one, so it takes up to twice as long as alone: hence 2 minutes, not 1.
	fullyParallel: false,
	workers: 2,
	retries: 0,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		trace,
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: chromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	}
});
