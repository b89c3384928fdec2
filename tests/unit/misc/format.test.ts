import { describe, expect, it } from 'vitest';
import { ago, dateTime } from '../../../src/lib/format.ts';

// The formatters are made once (issue #15: toLocaleString with options built one per call, on every
// cell the matrix's details panel showed); they must write exactly what toLocaleString wrote.

describe('dates', () => {
	const times = [0, 1_700_000_000_000, Date.UTC(2026, 11, 1, 19, 5), Date.UTC(2024, 1, 29, 23, 59, 59)];

	it('dateTime writes what toLocaleString with medium date and short time writes', () => {
		for (const ms of times) expect(dateTime(ms)).toBe(new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }));
		expect(dateTime(Date.UTC(2026, 11, 1, 19, 5))).toMatch(/^Dec 1, 2026, \d{1,2}:\d{2}\s?[AP]M$/);
	});

	it('ago falls back to the date, as toLocaleDateString wrote it, after 30 days', () => {
		const now = Date.UTC(2027, 6, 1); // more than 30 days after every one of them
		for (const ms of times) expect(ago(ms, now)).toBe(new Date(ms).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' }));
		expect(ago(now - 10_000, now)).toBe('just now');
	});
});
