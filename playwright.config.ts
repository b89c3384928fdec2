import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where present (Playwright's own download is not reachable on our machines).
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

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
		trace: 'retain-on-failure',
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
