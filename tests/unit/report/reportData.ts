import { normalizeSnapshot } from '../../../src/lib/board/views/normalize.ts';
import type { ReportData, ReportVersion } from '../../../src/lib/board/report/types.ts';

/*
 * A hand-built board for the report's tables and Markdown (no Yjs):
 *   goals G1 "Grow =revenue" with CSF G1.1 "Win *two* distributors"; G2 "Cut cost"
 *   client stakeholders: Cleo (executive, weight 3), Dan (manager, weight 1); supplier: Sam
 *   cells: Cleo G1 = 3 validated, note "by May"; Cleo G1.1 = 2; Cleo G2 = 0; Dan G1 = 1; Dan G2 = 3
 *   W = 4. shared(G1) = 3/4 (Cleo), shared(G1.1) = 3/4, shared(G2) = 1/4 (Dan)
 *   known(G1) = 4/4, known(G1.1) = 3/4, known(G2) = 4/4 → G1 and G1.1 converge (≥ 50%): 2 of 3
 *   internal: Cleo trusted (3), sponsor Sam, notes "golf"; Dan aware (1); ability G1 = 3, G2 = 1
 */
export function reportData(version: ReportVersion): ReportData {
	const internal = version === 'internal';
	const snapshot = normalizeSnapshot({
		stakeholders: {
			s1: { name: 'Cleo', title: 'CEO', side: 'client', level: 'executive', function: 'Management', order: 'a0' },
			s2: { name: 'Dan', title: 'Director', side: 'client', level: 'manager', function: 'Operations', order: 'a1' },
			p1: { name: 'Sam', title: 'AD', side: 'supplier', level: 'senior', function: 'Sales', order: 'a2' }
		},
		goals: {
			g1: { kind: 'goal', text: 'Grow =revenue', order: 'a0' },
			c1: { kind: 'csf', parentId: 'g1', text: 'Win *two* distributors', order: 'a0' },
			g2: { kind: 'goal', text: 'Cut cost', order: 'a1' }
		},
		cells: [
			{ stakeholderId: 's1', targetId: 'g1', priority: 3, validated: true, note: 'by May' },
			{ stakeholderId: 's1', targetId: 'c1', priority: 2 },
			{ stakeholderId: 's1', targetId: 'g2', priority: 0 },
			{ stakeholderId: 's2', targetId: 'g1', priority: 1 },
			{ stakeholderId: 's2', targetId: 'g2', priority: 3 }
		],
		internal: internal
			? {
					relations: { s1: { relationship: 3, sponsorId: 'p1', notes: 'golf' }, s2: { relationship: 1 } },
					ability: { g1: 3, g2: 1 }
				}
			: {},
		settings: { threshold: 0.5 }
	});
	return {
		version,
		board: { id: 'b1', name: 'Acme [Q4] plan', template: 'joint-planning', accountName: 'Acme' },
		generatedAt: Date.UTC(2026, 11, 1, 9, 30),
		today: '2026-12-01',
		snapshot,
		initiatives: [
			{
				id: 'i1',
				title: 'Distributors',
				targetIds: ['g1', 'c1'],
				targets: ['G1', 'G1.1'],
				actions: [
					{ id: 'a1', text: 'Shortlist', owner: 'Sam', due: '2026-11-15', status: 'open', overdue: true },
					{ id: 'a2', text: '+Term sheet', owner: null, due: null, status: 'done', overdue: false }
				]
			}
		],
		decisions: [{ id: 'd1', text: 'Germany first', decidedAt: Date.UTC(2026, 10, 2), deciders: [{ name: 'Cleo', side: 'client' }] }],
		touchPoints: internal
			? [
					{ id: 't1', stakeholder: 'Cleo', owner: 'Sam', channel: 'In person', purpose: 'Quarterly *review*', cadence: 'Quarterly', due: '2026-11-20', function: 'Sales', status: 'planned', overdue: true, createdAt: 1 },
					{ id: 't2', stakeholder: 'Dan', owner: '—', channel: 'Email', purpose: '', cadence: 'Once', due: null, function: 'Marketing', status: 'done', overdue: false, createdAt: 2 }
				]
			: [],
		summary: null,
		comparison: null
	};
}
