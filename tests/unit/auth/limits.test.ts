import { describe, expect, it } from 'vitest';
import { limiterAddress } from '../../../src/lib/server/auth/limits.ts';

describe('limiterAddress', () => {
	it('keeps IPv4 addresses, including IPv4-mapped IPv6 ones', () => {
		expect(limiterAddress('203.0.113.9')).toBe('203.0.113.9');
		expect(limiterAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
	});

	it('counts IPv6 addresses by their /64, however they are written', () => {
		const a = limiterAddress('2001:db8:85a3:12::1');
		expect(a).toBe('2001:db8:85a3:12::/64');
		expect(limiterAddress('2001:0db8:85a3:0012:ffff:ffff:ffff:ffff')).toBe(a);
		expect(limiterAddress('2001:DB8:85A3:12:0:0:0:7%eth0')).toBe(a);
		expect(limiterAddress('2001:db8:85a3:13::1')).not.toBe(a);
		expect(limiterAddress('::1')).toBe('0:0:0:0::/64');
		expect(limiterAddress('fe80::')).toBe('fe80:0:0:0::/64');
	});

	it('leaves anything else as it is', () => {
		expect(limiterAddress('unknown')).toBe('unknown');
		expect(limiterAddress('1:2:3')).toBe('1:2:3');
	});
});
