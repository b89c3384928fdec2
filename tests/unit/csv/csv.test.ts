import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/csv/parse';
import { toCsv, UTF8_BOM } from '../../../src/lib/csv/write';

describe('toCsv', () => {
	it('writes a BOM, a header, CRLF rows and quotes only what needs quoting', () => {
		const text = toCsv(['Name', 'Note'], [['Ada', 'says "hi", twice'], ['Bo', 'line\nbreak']]);
		expect(text).toBe(
			UTF8_BOM + 'Name,Note\r\nAda,"says ""hi"", twice"\r\nBo,"line\nbreak"\r\n'
		);
	});

	it('escapes (apostrophe, quoted) cells a spreadsheet would run as formulas', () => {
		const text = toCsv(['A'], [['=HYPERLINK("x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['plain']]);
		const lines = text.slice(1).split('\r\n');
		expect(lines.slice(1, 6)).toEqual([
			`"'=HYPERLINK(""x"")"`,
			`"'+1"`,
			`"'-2"`,
			`"'@SUM(A1)"`,
			'plain'
		]);
	});

	it('writes empty cells for null and undefined, numbers as digits', () => {
		expect(toCsv(['a', 'b', 'c'], [[null, undefined, 3]])).toBe(UTF8_BOM + 'a,b,c\r\n,,3\r\n');
	});
});

describe('parseCsv', () => {
	it('reads a semicolon file with a BOM, quotes and empty rows', () => {
		const parsed = parseCsv(UTF8_BOM + 'Name;Title\r\n"Lee; Jo";CFO\r\n\r\n;\r\nKim;"CEO\nand chair"\r\n');
		expect(parsed.delimiter).toBe(';');
		expect(parsed.header).toEqual(['Name', 'Title']);
		expect(parsed.rows.map((r) => r.cells)).toEqual([
			['Lee; Jo', 'CFO'],
			['Kim', 'CEO\nand chair']
		]);
		expect(parsed.errors).toEqual([]);
	});

	it('numbers rows by the line of the file they start on, past empty rows and line breaks in quotes', () => {
		const parsed = parseCsv(UTF8_BOM + 'Name;Title\r\n"Lee; Jo";CFO\r\n\r\n;\r\nKim;"CEO\nand chair"\r\nAl;CTO\r\n');
		expect(parsed.rows.map((r) => [r.cells[0], r.line])).toEqual([
			['Lee; Jo', 2],
			['Kim', 5],
			['Al', 7]
		]);
	});

	it('round-trips what toCsv wrote', () => {
		const rows = [['a,b', 'c"d'], ['é ü', '']];
		const parsed = parseCsv(toCsv(['x', 'y'], rows));
		expect(parsed.header).toEqual(['x', 'y']);
		expect(parsed.rows.map((r) => r.cells)).toEqual([['a,b', 'c"d'], ['é ü', '']]);
	});

	it('reports an unclosed quote', () => {
		const parsed = parseCsv('a,b\n"open,1\n');
		expect(parsed.errors.length).toBeGreaterThan(0);
	});
});
