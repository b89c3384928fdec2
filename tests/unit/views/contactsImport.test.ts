import { describe, expect, it } from 'vitest';
import { previewContacts } from '../../../src/lib/board/views/contactsImport.ts';
import { UTF8_BOM } from '../../../src/lib/csv/write.ts';

describe('contacts import: messy files', () => {
	it('a semicolon file from Excel: BOM, quoted cells with the delimiter and a line break, empty rows, header synonyms', () => {
		const text = UTF8_BOM + 'Full Name;Job Title;Department;E-mail\r\n"Lee; Jo";CFO;Finance;jo@acme.test\r\n\r\n;;;\r\n"Kim Park";"CEO\nand chair";Board;kim@acme.test\r\n';
		const p = previewContacts(text, []);
		expect(p.fileError).toBeNull();
		expect(p.columns).toMatchObject({ name: 'Full Name', title: 'Job Title', function: 'Department', email: 'E-mail' });
		expect(p.rows.map((r) => [r.line, r.name, r.title, r.function, r.email, r.status])).toEqual([
			[2, 'Lee; Jo', 'CFO', 'Finance', 'jo@acme.test', 'new'],
			[5, 'Kim Park', 'CEO\nand chair', 'Board', 'kim@acme.test', 'new']
		]);
		expect(p.counts).toEqual({ new: 2, duplicate: 0, error: 0 });
	});

	it('first and last name columns, a level column, the default side', () => {
		const p = previewContacts('First Name,Last Name,Title,Level\nAna María,López,COO,Executive\n', [], { side: 'client' });
		expect(p.rows[0]).toMatchObject({ name: 'Ana María López', title: 'COO', level: 'executive', side: 'client', status: 'new' });
	});

	it('duplicates: a name already on the board (case and spaces aside), the same email, a repeat within the file', () => {
		const text = 'name,email\nANA  lopez,\nBen,ana@acme.test\nCleo,\ncleo,\n';
		const p = previewContacts(text, [{ name: 'Ana Lopez' }, { name: 'Other', email: 'ANA@acme.test' }]);
		expect(p.rows.map((r) => [r.line, r.status, r.message])).toEqual([
			[2, 'duplicate', 'Line 2: ANA  lopez is already on the board.'],
			[3, 'duplicate', 'Line 3: Ben is already on the board (same email).'],
			[4, 'new', ''],
			[5, 'duplicate', 'Line 5: same person as line 4.']
		]);
	});

	it('clear errors for bad rows, by line: no name, a bad email, an unknown level, too long, an unclosed quote', () => {
		const text = `name,title,email,level\n,CFO,x@y.test,\nBo,CTO,not-an-email,\nCy,VP,,boss\n${'D'.repeat(121)},,,\nEd,"open quote,,\n`;
		const p = previewContacts(text, []);
		expect(p.rows.map((r) => [r.line, r.status])).toEqual([
			[2, 'error'],
			[3, 'error'],
			[4, 'error'],
			[5, 'error'],
			[6, 'error']
		]);
		expect(p.rows[0].message).toBe('Line 2: no name.');
		expect(p.rows[1].message).toBe('Line 3: “not-an-email” is not an email address.');
		expect(p.rows[2].message).toBe('Line 4: level “boss” is not one of executive, senior, manager.');
		expect(p.rows[3].message).toBe('Line 5: a name, title or function is longer than 120 characters.');
		expect(p.rows[4].message).toMatch(/^Line 6: the row could not be read/);
		expect(p.counts).toEqual({ new: 0, duplicate: 0, error: 5 });
	});

	it('a file without a name column, or empty, is refused as a whole', () => {
		expect(previewContacts('title,email\nCFO,a@b.test\n', []).fileError).toMatch(/No name column.*found: title, email/);
		expect(previewContacts('', []).fileError).toBe('The file is empty.');
		expect(previewContacts('\r\n\r\n', []).fileError).toBe('The file is empty.');
	});
});
