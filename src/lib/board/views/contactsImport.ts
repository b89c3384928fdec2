// Importing contacts from a CRM or a spreadsheet into a board's stakeholders (issue #13): which
// rows would be added, which are already on the board, and what is wrong with the others — shown
// as a preview before anything is written. Pure; the file is read with src/lib/csv/parse.ts.
import { parseCsv } from '../../csv/parse.ts';
import { LIMITS } from '../model/limits.ts';
import { LEVELS, type Level } from '../model/vocabulary.ts';
import type { Side } from '../model/roles.ts';
import { personKey } from './ownerOptions.ts';

export interface ContactRow {
	/** The line of the file the row starts on. */
	line: number;
	name: string;
	title: string;
	function: string;
	email: string;
	level: Level;
	side: Side;
	status: 'new' | 'duplicate' | 'error';
	/** Why a row is a duplicate or an error. */
	message: string;
}

export interface ContactsPreview {
	/** Which column of the file each field came from (header as written), or null. */
	columns: Record<'name' | 'firstName' | 'lastName' | 'title' | 'function' | 'email' | 'level' | 'side', string | null>;
	rows: ContactRow[];
	/** A problem with the file as a whole (no name column, unreadable): nothing can be imported. */
	fileError: string | null;
	counts: { new: number; duplicate: number; error: number };
}

/** Header names people's exports use, lower-cased, spaces, dashes and underscores removed. */
const SYNONYMS: Record<keyof ContactsPreview['columns'], string[]> = {
	name: ['name', 'fullname', 'contactname', 'contact'],
	firstName: ['firstname', 'givenname', 'first'],
	lastName: ['lastname', 'surname', 'familyname', 'last'],
	title: ['title', 'jobtitle', 'position', 'role'],
	function: ['function', 'department', 'businessfunction', 'team'],
	email: ['email', 'emailaddress', 'mail'],
	level: ['level', 'seniority'],
	side: ['side']
};
const headerKey = (h: string) => h.toLocaleLowerCase('en').replace(/[\s_\-.]+/g, '');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ExistingContact {
	name: string;
	email?: string;
}

/**
 * The preview of importing `text` (a CSV file) next to the board's `existing` stakeholders.
 * A duplicate is a row whose name (spaces and case aside) or email matches a stakeholder on the
 * board or an earlier row of the file; it is skipped, not an error.
 */
export function previewContacts(text: string, existing: readonly ExistingContact[], defaults: { side: Side; level?: Level } = { side: 'client' }): ContactsPreview {
	const parsed = parseCsv(text);
	const columns = Object.fromEntries(Object.keys(SYNONYMS).map((k) => [k, null])) as ContactsPreview['columns'];
	const index: Partial<Record<keyof ContactsPreview['columns'], number>> = {};
	parsed.header.forEach((h, i) => {
		const key = headerKey(h);
		for (const [field, names] of Object.entries(SYNONYMS) as [keyof ContactsPreview['columns'], string[]][]) {
			if (index[field] === undefined && names.includes(key)) {
				index[field] = i;
				columns[field] = h;
				break;
			}
		}
	});
	const empty = { columns, rows: [], counts: { new: 0, duplicate: 0, error: 0 } };
	if (parsed.header.length === 0) return { ...empty, fileError: 'The file is empty.' };
	if (index.name === undefined && index.lastName === undefined)
		return { ...empty, fileError: `No name column: the first line should name the columns, e.g. “name, title, function, email” (found: ${parsed.header.slice(0, 8).join(', ') || 'nothing'}).` };

	const names = new Set(existing.map((e) => personKey(e.name)));
	const emails = new Set(existing.map((e) => (e.email ?? '').trim().toLocaleLowerCase('en')).filter(Boolean));
	const fileNames = new Map<string, number>();
	const fileEmails = new Map<string, number>();
	const brokenLines = new Map(parsed.errors.map((e) => [e.line, e.message]));
	const rows: ContactRow[] = parsed.rows.map(({ line, cells }) => {
		const cell = (f: keyof ContactsPreview['columns']) => (index[f] === undefined ? '' : (cells[index[f]!] ?? '').trim());
		const name = cell('name') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
		const levelCell = cell('level').toLocaleLowerCase('en');
		const sideCell = cell('side').toLocaleLowerCase('en');
		const row: ContactRow = {
			line,
			name,
			title: cell('title'),
			function: cell('function'),
			email: cell('email'),
			level: (LEVELS as readonly string[]).includes(levelCell) ? (levelCell as Level) : (defaults.level ?? 'manager'),
			side: sideCell === 'supplier' || sideCell === 'client' ? sideCell : defaults.side,
			status: 'new',
			message: ''
		};
		const problem =
			brokenLines.get(line) !== undefined
				? `Line ${line}: the row could not be read (${brokenLines.get(line)}).`
				: !name
					? `Line ${line}: no name.`
					: [name, row.title, row.function].some((v) => v.length > LIMITS.name)
						? `Line ${line}: a name, title or function is longer than ${LIMITS.name} characters.`
						: row.email && (!EMAIL.test(row.email) || row.email.length > LIMITS.name)
							? `Line ${line}: “${row.email.slice(0, 60)}” is not an email address.`
							: levelCell && !(LEVELS as readonly string[]).includes(levelCell)
								? `Line ${line}: level “${levelCell.slice(0, 30)}” is not one of ${LEVELS.join(', ')}.`
								: null;
		if (problem) return { ...row, status: 'error', message: problem };
		const key = personKey(name);
		const mail = row.email.toLocaleLowerCase('en');
		const earlier = fileNames.get(key) ?? (mail ? fileEmails.get(mail) : undefined);
		if (earlier !== undefined) return { ...row, status: 'duplicate', message: `Line ${line}: same person as line ${earlier}.` };
		if (names.has(key) || (mail && emails.has(mail))) return { ...row, status: 'duplicate', message: `Line ${line}: ${name} is already on the board${names.has(key) ? '' : ' (same email)'}.` };
		fileNames.set(key, line);
		if (mail) fileEmails.set(mail, line);
		return row;
	});
	const counts = { new: 0, duplicate: 0, error: 0 };
	for (const r of rows) counts[r.status]++;
	return { columns, rows, fileError: null, counts };
}
