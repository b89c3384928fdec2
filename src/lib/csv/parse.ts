import Papa from 'papaparse';
import { UTF8_BOM } from './write';

export interface ParsedCsv {
	/** Header cells, trimmed. */
	header: string[];
	/** Data rows (1-based line numbers of the file kept for error messages). */
	rows: { line: number; cells: string[] }[];
	/** Problems the parser found (unclosed quote, …), each with its line. */
	errors: { line: number; message: string }[];
	delimiter: string;
}

/**
 * Reads a CSV file as people export it from spreadsheets and CRMs: with or without a BOM, comma,
 * semicolon or tab separated (detected), quoted cells with line breaks, empty rows skipped.
 */
export function parseCsv(text: string): ParsedCsv {
	const source = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
	const result = Papa.parse<string[]>(source, {
		delimitersToGuess: [',', ';', '\t', '|'],
		skipEmptyLines: 'greedy'
	});
	const [head = [], ...body] = result.data;
	// Papa reports row indexes of its data array; count lines of the source instead where it can.
	const rows = body.map((cells, index) => ({ line: index + 2, cells: cells.map((c) => c.trim()) }));
	return {
		header: head.map((cell) => cell.trim()),
		rows,
		errors: result.errors.map((error) => ({
			line: (error.row ?? 0) + 1,
			message: error.message
		})),
		delimiter: result.meta.delimiter
	};
}
