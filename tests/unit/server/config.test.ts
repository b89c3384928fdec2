import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/server/config.ts';

// loadConfig reads the environment it is given and nothing else: tests and servers pass their own.
const KEYS = [
	'PORT',
	'HOST',
	'ORIGIN',
	'DATABASE_PATH',
	'NODE_ENV',
	'SYNC_MAX_MESSAGE_BYTES',
	'SYNC_COMPACT_AFTER_BYTES',
	'SYNC_ROOM_GRACE_MS',
	'SYNC_PING_INTERVAL_MS',
	'SYNC_MAX_BUFFERED_BYTES',
	'SYNC_ACCESS_RECHECK_MS',
	'TANDEM_DEBUG_METRICS'
];

describe('loadConfig', () => {
	const saved: Record<string, string | undefined> = {};
	beforeEach(() => {
		// The process environment says something else for every key: none of it may leak in.
		for (const k of KEYS) {
			saved[k] = process.env[k];
			process.env[k] = k === 'NODE_ENV' ? 'production' : k === 'TANDEM_DEBUG_METRICS' ? '1' : k.includes('PATH') || k === 'HOST' || k === 'ORIGIN' ? `from-process-${k}` : '7';
		}
	});
	afterEach(() => {
		for (const k of KEYS) {
			if (saved[k] === undefined) delete process.env[k];
			else process.env[k] = saved[k];
		}
	});

	it('reads only the environment passed in', () => {
		const c = loadConfig({
			PORT: '4100',
			HOST: '127.0.0.1',
			DATABASE_PATH: 'x/y.db',
			SYNC_MAX_MESSAGE_BYTES: '1000',
			SYNC_COMPACT_AFTER_BYTES: '2000',
			SYNC_ROOM_GRACE_MS: '30',
			SYNC_PING_INTERVAL_MS: '40',
			SYNC_MAX_BUFFERED_BYTES: '5000',
			SYNC_ACCESS_RECHECK_MS: '60'
		});
		expect(c).toMatchObject({
			port: 4100,
			host: '127.0.0.1',
			origin: 'http://localhost:4100',
			databasePath: path.resolve('x/y.db'),
			production: false,
			debugMetrics: false,
			maxMessageBytes: 1000,
			compactAfterBytes: 2000,
			roomGraceMs: 30,
			pingIntervalMs: 40,
			maxBufferedBytes: 5000,
			accessRecheckMs: 60
		});
	});

	it('falls back to the defaults for an empty environment, not to process.env', () => {
		const c = loadConfig({});
		expect(c).toMatchObject({
			port: 3000,
			host: '0.0.0.0',
			origin: 'http://localhost:3000',
			databasePath: path.resolve('data/tandem.db'),
			production: false,
			debugMetrics: false,
			maxMessageBytes: 1024 * 1024,
			compactAfterBytes: 512 * 1024,
			roomGraceMs: 5_000,
			pingIntervalMs: 30_000,
			maxBufferedBytes: 8 * 1024 * 1024,
			accessRecheckMs: 15_000
		});
	});

	it('reads the flags and the origin from its argument', () => {
		const c = loadConfig({ NODE_ENV: 'production', TANDEM_DEBUG_METRICS: '1', ORIGIN: 'https://tandem.example/' });
		expect(c).toMatchObject({ production: true, debugMetrics: true, origin: 'https://tandem.example' });
	});

	it('names the variable that is not a number', () => {
		expect(() => loadConfig({ SYNC_ROOM_GRACE_MS: 'soon' })).toThrow(/SYNC_ROOM_GRACE_MS/);
	});

	it('has no default argument: every caller says which environment it means', () => {
		expect(loadConfig.length).toBe(1);
	});
});
