import { describe, expect, it } from 'vitest';
import { clockOffset, sampleServerClock } from '../../../src/lib/board/client/serverClock.ts';

describe('clock offset against the server (NTP-style)', () => {
	it('takes the sample with the smallest round trip: serverTime − (t0 + t1) / 2', () => {
		const samples = [
			{ t0: 1000, server: 6100, t1: 1400 }, // rtt 400 → offset 4900
			{ t0: 2000, server: 7020, t1: 2040 }, // rtt 40 → offset 5000
			{ t0: 3000, server: 8300, t1: 3200 } // rtt 200 → offset 5200
		];
		expect(clockOffset(samples)).toBe(5000);
	});

	it('is negative for a clock ahead of the server, 0 with no usable sample', () => {
		expect(clockOffset([{ t0: 10_000, server: 7_010, t1: 10_020 }])).toBe(-3000);
		expect(clockOffset([])).toBe(0);
		expect(clockOffset([{ t0: 5, server: 100, t1: 1 }, { t0: NaN, server: 1, t1: 2 }])).toBe(0);
	});

	it('samples one after another and skips failed requests', async () => {
		let local = 0;
		let call = 0;
		const answers = [() => 500, () => { throw new Error('offline'); }, () => 700];
		const samples = await sampleServerClock(
			async () => {
				local += 10;
				const v = answers[call++]();
				local += 10;
				return v;
			},
			3,
			() => local
		);
		expect(samples).toEqual([
			{ t0: 0, server: 500, t1: 20 },
			{ t0: 30, server: 700, t1: 50 } // the failed call took 10 ms
		]);
		expect(clockOffset(samples)).toBe(490);
	});
});
