import { describe, expect, it } from 'vitest';
import { CRM_COLUMNS, TASK_STATUS, crmFiles, splitName } from '../../../src/lib/board/views/crmExport.ts';
import { normalizeEngagement } from '../../../src/lib/board/views/engagement.ts';

const snapshot = {
	stakeholders: {
		c1: { name: 'Ana María López', title: 'COO', side: 'client', level: 'executive', function: 'operations', order: 'a0' },
		s1: { name: 'Sam', title: 'AD', side: 'supplier', level: 'senior', function: 'sales', order: 'a1' }
	},
	goals: {
		G1: { kind: 'goal', parentId: null, text: 'Lower cost', order: 'a0', processes: [] },
		C1: { kind: 'csf', parentId: 'G1', text: 'Shared forecast', order: 'a0', processes: [] }
	},
	cells: [{ stakeholderId: 'c1', targetId: 'G1', priority: 3, validated: true }],
	internal: { relations: { c1: { relationship: 3, sponsorId: 's1', notes: 'SECRET-NOTE' } }, ability: { G1: 2 } }
};
const input = {
	board: { id: 'b-1', name: 'FY27 plan', accountName: 'Acme' },
	snapshot,
	initiatives: [{ id: 'i-1', title: 'Forecast pilot', targetIds: ['C1'] }],
	actions: [
		{ id: 'a-1', text: 'Send data sample', initiativeId: 'i-1', owner: { kind: 'stakeholder' as const, id: 'c1', name: 'Ana María López' }, due: '2026-12-15', status: 'in-progress' as const },
		{ id: 'a-2', text: 'Book workshop', initiativeId: 'gone', owner: null, due: null, status: 'done' as const }
	]
};
const engagement = normalizeEngagement({
	engagement: { c1: { owners: ['s1'], notes: 'SECRET-PLAN', email: 'ana@acme.test' } },
	touchPoints: { tp: { stakeholderId: 'c1', ownerId: 's1', channel: 'briefing', purpose: 'SECRET-TOUCH', cadence: 'quarterly', due: '2026-11-01', function: 'marketing', status: 'planned', createdBy: { id: 'u', name: 'U' }, createdAt: 1 } }
});
const file = (files: ReturnType<typeof crmFiles>, name: string) => files.find((f) => f.name === name)!;

describe('CRM export: Salesforce column mapping', () => {
	it('each file has exactly the documented columns (Salesforce field API names)', () => {
		const files = crmFiles(input);
		expect(files.map((f) => [f.name, [...f.header]])).toEqual([
			['AccountPlan.csv', ['Name', 'AccountId']],
			['AccountPlanObjective.csv', ['Name', 'AccountPlanId', 'Description', 'Status', 'ObjectiveOwnerId', 'SourceSystemIdentifier']],
			['Task.csv', ['Subject', 'ActivityDate', 'Status', 'Priority', 'OwnerId', 'WhoId', 'WhatId', 'Description']],
			['Contact.csv', ['FirstName', 'LastName', 'Title', 'Department', 'Email', 'AccountId', 'Description']],
			['tandem-plan.csv', [...CRM_COLUMNS.generic]]
		]);
		for (const f of files) for (const r of f.rows) expect(r.length, f.name).toBe(f.header.length);
	});

	it('maps goals, CSFs and initiatives to objectives, actions to tasks, client stakeholders to contacts', () => {
		const files = crmFiles(input);
		expect(file(files, 'AccountPlan.csv').rows).toEqual([['FY27 plan', 'Acme']]);
		expect(file(files, 'AccountPlanObjective.csv').rows).toEqual([
			['G1 Lower cost', 'b-1', 'Goal G1. Shared by the client side: 100% (converges).', 'Not Started', '', 'tandem:G1'],
			['G1.1 Shared forecast', 'b-1', 'CSF G1.1 of G1. Shared by the client side: 0%.', 'Not Started', '', 'tandem:C1'],
			['Forecast pilot', 'b-1', 'Initiative for G1.1.', 'Not Started', '', 'tandem:i-1']
		]);
		expect(file(files, 'Task.csv').rows).toEqual([
			['Send data sample', '2026-12-15', 'In Progress', 'Normal', '', 'tandem:c1', 'tandem:i-1', 'Owner: Ana María López. Initiative: Forecast pilot.'],
			['Book workshop', '', 'Completed', 'Normal', '', '', '', 'Owner: —.']
		]);
		expect(file(files, 'Contact.csv').rows).toEqual([['Ana María', 'López', 'COO', 'operations', '', 'Acme', 'Executive level, on Tandem board FY27 plan.']]);
		expect(TASK_STATUS).toEqual({ open: 'Not Started', 'in-progress': 'In Progress', done: 'Completed', dropped: 'Deferred' });
		expect(splitName('Cher')).toEqual({ first: '', last: 'Cher' });
	});

	it('without internal data nothing internal appears, even when the snapshot carries it', () => {
		const text = JSON.stringify(crmFiles(input));
		for (const secret of ['SECRET', 'ability', 'Relationship', 'Sponsor', 'ana@acme.test']) expect(text).not.toContain(secret);
	});

	it('with internal data: ability, relationship and sponsor, the email, and planned touch points as tasks', () => {
		const files = crmFiles({ ...input, internal: { engagement, today: '2026-12-01' } });
		expect(file(files, 'AccountPlanObjective.csv').rows[0][2]).toBe('Goal G1. Shared by the client side: 100% (converges). Our ability to help: 2/3.');
		expect(file(files, 'Contact.csv').rows[0]).toEqual(['Ana María', 'López', 'COO', 'operations', 'ana@acme.test', 'Acme', 'Executive level, on Tandem board FY27 plan. Relationship: trusted. Sponsor: Sam.']);
		expect(file(files, 'Task.csv').rows[2]).toEqual(['Briefings: SECRET-TOUCH', '2026-11-01', 'Not Started', 'High', '', 'tandem:c1', '', 'Touch point with Ana María López, owner Sam, Marketing, quarterly.']);
		// Supplier notes never leave, not even in an internal export.
		expect(JSON.stringify(files)).not.toContain('SECRET-NOTE');
		expect(JSON.stringify(files)).not.toContain('SECRET-PLAN');
	});
});
