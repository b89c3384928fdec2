import { describe, expect, it } from 'vitest';
import { actionsTable, matrixTable, stakeholdersTable } from '../../../src/lib/board/report/tables.ts';
import { toCsv, UTF8_BOM } from '../../../src/lib/csv/write.ts';
import { reportData } from './reportData.ts';

// The report's CSV rows from the hand-built board (reportData.ts); expectations written by hand.

describe('matrix rows', () => {
	it('one row per client stakeholder × goal/CSF in board order, unset cells empty', () => {
		const t = matrixTable(reportData('client'));
		expect(t.header).toEqual(['Stakeholder', 'Title', 'Level', 'Function', 'No.', 'Kind', 'Goal or CSF', 'Under goal', 'Priority', 'Priority (words)', 'Validated', 'Note']);
		expect(t.rows).toEqual([
			['Cleo', 'CEO', 'Executive', 'Management', 'G1', 'Goal', 'Grow =revenue', '', 3, 'high', 'validated', 'by May'],
			['Cleo', 'CEO', 'Executive', 'Management', 'G1.1', 'CSF', 'Win *two* distributors', 'Grow =revenue', 2, 'medium', 'assumed', ''],
			['Cleo', 'CEO', 'Executive', 'Management', 'G2', 'Goal', 'Cut cost', '', 0, 'not a priority', 'assumed', ''],
			['Dan', 'Director', 'Manager', 'Operations', 'G1', 'Goal', 'Grow =revenue', '', 1, 'low', 'assumed', ''],
			['Dan', 'Director', 'Manager', 'Operations', 'G1.1', 'CSF', 'Win *two* distributors', 'Grow =revenue', null, '', '', ''],
			['Dan', 'Director', 'Manager', 'Operations', 'G2', 'Goal', 'Cut cost', '', 3, 'high', 'assumed', '']
		]);
	});

	it('as a file: BOM, header, then the rows as typed (an = inside a text is left alone)', () => {
		const csv = toCsv(matrixTable(reportData('client')).header, matrixTable(reportData('client')).rows);
		expect(csv.startsWith(UTF8_BOM + 'Stakeholder,Title,')).toBe(true);
		expect(csv.split('\r\n')[1]).toBe('Cleo,CEO,Executive,Management,G1,Goal,Grow =revenue,,3,high,validated,by May');
	});
});

describe('stakeholder rows', () => {
	it('client-safe: both sides, no relationship columns', () => {
		const t = stakeholdersTable(reportData('client'));
		expect(t.header).toEqual(['Name', 'Title', 'Side', 'Level', 'Function']);
		expect(t.rows).toEqual([
			['Cleo', 'CEO', 'Client', 'Executive', 'Management'],
			['Dan', 'Director', 'Client', 'Manager', 'Operations'],
			['Sam', 'AD', 'Supplier', 'Senior', 'Sales']
		]);
	});

	it('internal: our relationship, the sponsor by name and the private notes, for client stakeholders only', () => {
		const t = stakeholdersTable(reportData('internal'));
		expect(t.header).toEqual(['Name', 'Title', 'Side', 'Level', 'Function', 'Relationship', 'Sponsor', 'Relation notes']);
		expect(t.rows).toEqual([
			['Cleo', 'CEO', 'Client', 'Executive', 'Management', 'trusted', 'Sam', 'golf'],
			['Dan', 'Director', 'Client', 'Manager', 'Operations', 'aware', '', ''],
			['Sam', 'AD', 'Supplier', 'Senior', 'Sales', '', '', '']
		]);
	});
});

describe('action rows', () => {
	it('each action under its initiative, with what it serves, overdue marked', () => {
		const t = actionsTable(reportData('client'));
		expect(t.header).toEqual(['Initiative', 'For', 'Action', 'Owner', 'Due', 'Status', 'Overdue']);
		expect(t.rows).toEqual([
			['Distributors', 'G1 G1.1', 'Shortlist', 'Sam', '2026-11-15', 'Open', 'overdue'],
			['Distributors', 'G1 G1.1', '+Term sheet', '', '', 'Done', '']
		]);
		// "+Term sheet" would run as a formula in a spreadsheet: the file escapes it.
		expect(toCsv(t.header, t.rows).split('\r\n')[2]).toBe(`Distributors,G1 G1.1,"'+Term sheet",,,Done,`);
	});
});
