import Papa from 'papaparse';

/** Byte order mark: spreadsheet apps (Excel above all) read UTF-8 only when the file starts with it. */
export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One CSV file as text: a header row and data rows, CRLF line ends (RFC 4180), UTF-8 BOM first.
 * A cell a spreadsheet would read as a formula (starting with = + - @, tab or CR) is prefixed with
 * an apostrophe, so text a person typed on a board never runs as a formula (CSV injection).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	const data = rows.map((row) => row.map(cellText));
	return (
		UTF8_BOM +
		Papa.unparse(
			{ fields: [...header], data },
			{ newline: '\r\n', quotes: false, escapeFormulae: true, header: true }
		) +
		'\r\n'
	);
}

function cellText(value: CsvCell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return String(value);
}
