import { describe, expect, it } from 'vitest';
import { safeNext } from '../../../src/lib/server/auth/next.ts';

// Redirect targets after sign-in and sign-up: the place someone was going to, never another site.
describe('safeNext', () => {
	it('keeps same-site paths with their query and fragment', () => {
		expect(safeNext('/')).toBe('/');
		expect(safeNext('/boards/abc/people?tab=links#invite')).toBe('/boards/abc/people?tab=links#invite');
		expect(safeNext('/join/abc123')).toBe('/join/abc123');
	});

	it('falls back when there is nothing to return to', () => {
		expect(safeNext(null)).toBe('/');
		expect(safeNext(undefined)).toBe('/');
		expect(safeNext('')).toBe('/');
		expect(safeNext('', '')).toBe('');
	});

	it.each([
		['a tab, which browsers strip (/\\t/evil.test becomes //evil.test)', '/\t/evil.test'],
		['a percent-encoded tab', '/%09/evil.test'],
		['a newline (an invalid Location header)', '/boards\n/x'],
		['a percent-encoded newline', '/%0a/evil.test'],
		['a carriage return', '/x\r\nSet-Cookie: a=b'],
		['a space', '/ /evil.test'],
		['a protocol-relative URL', '//evil.test'],
		['a backslash after the slash', '/\\evil.test'],
		['a backslash anywhere', '/boards\\..\\..\\evil'],
		['an encoded backslash', '/%5Cevil.test'],
		['an encoded second slash', '/%2F/evil.test'],
		['javascript:', 'javascript:alert(1)'],
		['an absolute URL', 'https://evil.test/'],
		['an absolute URL on our own scheme-relative host', 'http://localhost:3000/'],
		['a relative path', 'boards/abc'],
		['malformed percent-encoding', '/%E0%A4%A'],
		['a NUL byte', '/\u0000/evil.test'],
		['a non-breaking space', '/\u00a0/evil.test']
	])('refuses %s', (_what, next) => {
		expect(safeNext(next)).toBe('/');
	});
});
