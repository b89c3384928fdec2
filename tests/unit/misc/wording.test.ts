import { describe, expect, it } from 'vitest';
import { withArticle } from '../../../src/lib/format.ts';
import { cleanDue } from '../../../src/lib/board/doc/actions.ts';
import { isDueDate, DUE_DATE_MIN, DUE_DATE_MAX } from '../../../src/lib/board/model/read.ts';
import { DOC_SCHEMA, childOf, type MapNode, type ValueNode } from '../../../src/lib/board/doc/contentSchema.ts';

const dueCheck = (childOf(DOC_SCHEMA.shared.actions.node.entries as MapNode, 'due') as ValueNode).check;

describe('withArticle', () => {
	it('uses "an" before a vowel sound', () => {
		expect(withArticle('observer')).toBe('an observer');
		expect(withArticle('participant')).toBe('a participant');
		expect(withArticle('facilitator')).toBe('a facilitator');
		expect(withArticle('Editor')).toBe('an Editor');
	});
});

describe('due dates', () => {
	it('are accepted from 2000-01-01 to 2100-12-31', () => {
		expect([DUE_DATE_MIN, DUE_DATE_MAX]).toEqual(['2000-01-01', '2100-12-31']);
		for (const d of ['2000-01-01', '2026-11-23', '2100-12-31']) expect(isDueDate(d)).toBe(true);
		for (const d of ['0001-01-01', '1999-12-31', '2101-01-01', '9999-12-31', '2023-02-29', 'soon']) expect(isDueDate(d)).toBe(false);
	});

	it('outside the range are refused by the doc function with a clear message', () => {
		expect(cleanDue('2026-01-31')).toBe('2026-01-31');
		expect(cleanDue('')).toBeNull();
		expect(() => cleanDue('0001-01-01')).toThrow(/between 1 January 2000 and 31 December 2100/);
	});

	it('outside the range are refused by the server schema', () => {
		expect(dueCheck('2026-01-31')).toBeNull();
		expect(dueCheck(null)).toBeNull();
		expect(dueCheck('0001-01-01')).toMatch(/2000-01-01/);
		expect(dueCheck('2023-02-30')).not.toBeNull();
	});
});
