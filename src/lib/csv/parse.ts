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
	// Papa guesses the delimiter on the whole text only when not stepping: guess first, then step
	// through the rows with it, so each row keeps the line of the file it starts on (an error
	// message names the line a person sees in their editor, past empty rows and quoted line breaks).
	const delimiter = Papa.parse<string[]>(source, { delimitersToGuess: [',', ';', '\t', '|'], skipEmptyLines: 'greedy', preview: 50 }).meta.delimiter || ',';
	const all: { line: number; cells: string[] }[] = [];
	const errors: ParsedCsv['errors'] = [];
	let start = 0;
	let line = 1;
	Papa.parse<string[]>(source, {
		delimiter,
		step: (result) => {
			const rowLine = line;
			const end = result.meta.cursor;
			for (let i = start; i < end; i++) if (source.charCodeAt(i) === 10) line++;
			start = end;
			for (const e of result.errors) errors.push({ line: rowLine, message: e.message });
			const cells = result.data.map((c) => c.trim());
			if (cells.every((c) => c === '')) return;
			all.push({ line: rowLine, cells });
		}
	});
	const [head, ...rows] = all;
	return { header: head?.cells ?? [], rows, errors, delimiter };
}
