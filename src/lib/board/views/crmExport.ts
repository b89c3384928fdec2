// The CRM hand-off (issue #13): a board's objectives (goals and CSFs), initiatives, actions and
// contacts as the rows of CSV files whose columns are Salesforce field API names (AccountPlan,
// AccountPlanObjective, Task, Contact), plus one generic file. Pure: the route writes them with
// src/lib/csv/write.ts. Client-safe unless `internal` data is passed (supplier side only).
import { normalizeSnapshot } from './normalize.ts';
import { computeConvergence } from './convergence.ts';
import { numberTargets, targetNumber } from './numbering.ts';
import { touchPointsForReport } from './touchPointReport.ts';
import type { EngagementData } from './engagement.ts';
import { LEVEL_LABELS, STATUS_LABELS, type ActionStatus } from '../model/vocabulary.ts';
import type { CsvCell } from '../../csv/write.ts';

export interface CrmInitiative {
	id: string;
	title: string;
	targetIds: string[];
}
export interface CrmAction {
	id: string;
	text: string;
	initiativeId: string;
	owner: { kind: 'stakeholder' | 'member'; id: string; name: string } | null;
	due: string | null;
	status: ActionStatus;
}

export interface CrmInput {
	board: { id: string; name: string; accountName: string };
	/** The board snapshot (shared; with relations and ability when internal). */
	snapshot: unknown;
	initiatives: readonly CrmInitiative[];
	actions: readonly CrmAction[];
	/** The internal document's engagement data: only for a supplier-side export with internal fields. */
	internal?: { engagement: EngagementData; today: string } | null;
}

export interface CrmFile {
	name: string;
	header: readonly string[];
	rows: CsvCell[][];
}

/** The files and their columns, in order: the README documents each field (and a test keeps them equal). */
/** 0 none, 1 aware, 2 engaged, 3 trusted (model/vocabulary.ts). */
const RELATIONSHIP_LABELS = ['none', 'aware', 'engaged', 'trusted'] as const;

export const CRM_COLUMNS = {
	AccountPlan: ['Name', 'AccountId'],
	AccountPlanObjective: ['Name', 'AccountPlanId', 'Description', 'Status', 'ObjectiveOwnerId', 'SourceSystemIdentifier'],
	Task: ['Subject', 'ActivityDate', 'Status', 'Priority', 'OwnerId', 'WhoId', 'WhatId', 'Description'],
	Contact: ['FirstName', 'LastName', 'Title', 'Department', 'Email', 'AccountId', 'Description'],
	generic: ['Record type', 'Number', 'Title', 'Parent', 'Status', 'Owner', 'Due date', 'Side', 'Level', 'Function', 'Details']
} as const;

/** Tandem's action statuses → Salesforce's default Task.Status picklist. */
export const TASK_STATUS: Readonly<Record<ActionStatus, string>> = { open: 'Not Started', 'in-progress': 'In Progress', done: 'Completed', dropped: 'Deferred' };

/** "Ana María López" → first name "Ana María", last name "López" (Salesforce requires LastName). */
export function splitName(name: string): { first: string; last: string } {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	if (parts.length <= 1) return { first: '', last: parts[0] ?? '' };
	return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1] };
}

export function crmFiles(input: CrmInput): CrmFile[] {
	const snapshot = normalizeSnapshot(input.snapshot);
	const internal = input.internal ?? null;
	const numbers = numberTargets(snapshot.targets);
	const convergence = new Map(computeConvergence(snapshot).targets.map((t) => [t.targetId, t]));
	const ability = new Map(snapshot.internal.ability.map((a) => [a.targetId, a.ability]));
	const relations = new Map(snapshot.internal.relations.map((r) => [r.stakeholderId, r]));
	const names = new Map(snapshot.stakeholders.map((s) => [s.id, s.name]));
	const initiatives = new Map(input.initiatives.map((i) => [i.id, i]));
	const pct = (x: number) => `${Math.round(x * 100)}%`;

	const accountPlan: CrmFile = {
		name: 'AccountPlan.csv',
		header: CRM_COLUMNS.AccountPlan,
		rows: [[input.board.name, input.board.accountName]]
	};

	const objectives: CsvCell[][] = [];
	for (const t of snapshot.targets) {
		const c = convergence.get(t.id);
		const kind = t.kind === 'goal' ? 'Goal' : 'CSF';
		const parent = t.parentId ? ` of ${targetNumber(numbers, t.parentId)}` : '';
		let description = `${kind} ${targetNumber(numbers, t.id)}${parent}. Shared by the client side: ${pct(c?.shared ?? 0)}${c?.converges ? ' (converges)' : ''}.`;
		if (internal) description += ` Our ability to help: ${ability.has(t.id) ? `${ability.get(t.id)}/3` : 'not rated'}.`;
		objectives.push([`${targetNumber(numbers, t.id)} ${t.text}`, input.board.id, description, 'Not Started', '', `tandem:${t.id}`]);
	}
	for (const i of input.initiatives) {
		const linked = i.targetIds.filter((id) => numbers.has(id)).map((id) => targetNumber(numbers, id));
		objectives.push([i.title, input.board.id, `Initiative${linked.length ? ` for ${linked.join(', ')}` : ''}.`, 'Not Started', '', `tandem:${i.id}`]);
	}

	const tasks: CsvCell[][] = input.actions.map((a) => {
		const initiative = initiatives.get(a.initiativeId);
		const who = a.owner?.kind === 'stakeholder' && names.has(a.owner.id) ? `tandem:${a.owner.id}` : '';
		return [a.text, a.due ?? '', TASK_STATUS[a.status], 'Normal', '', who, initiative ? `tandem:${initiative.id}` : '', `Owner: ${a.owner?.name ?? '—'}.${initiative ? ` Initiative: ${initiative.title}.` : ''}`];
	});
	if (internal) {
		for (const line of touchPointsForReport(internal.engagement, snapshot, { today: internal.today })) {
			if (line.status !== 'planned') continue;
			const tp = internal.engagement.touchPoints.find((x) => x.id === line.id)!;
			tasks.push([`${line.channel}: ${line.purpose || 'touch point'}`, line.due ?? '', 'Not Started', line.overdue ? 'High' : 'Normal', '', `tandem:${tp.stakeholderId}`, '', `Touch point with ${line.stakeholder}, owner ${line.owner}, ${line.function}, ${line.cadence.toLowerCase()}.`]);
		}
	}

	const contacts: CsvCell[][] = snapshot.stakeholders
		.filter((s) => s.side === 'client')
		.map((s) => {
			const { first, last } = splitName(s.name);
			let description = `${LEVEL_LABELS[s.level]} level, on Tandem board ${input.board.name}.`;
			if (internal) {
				const r = relations.get(s.id);
				const sponsor = r?.sponsorId ? names.get(r.sponsorId) : undefined;
				description += ` Relationship: ${RELATIONSHIP_LABELS[r?.relationship ?? 0]}.${sponsor ? ` Sponsor: ${sponsor}.` : ''}`;
			}
			return [first, last, s.title, s.function, internal ? (internal.engagement.plans[s.id]?.email ?? '') : '', input.board.accountName, description];
		});

	const generic: CsvCell[][] = [];
	for (const t of snapshot.targets) {
		const c = convergence.get(t.id);
		generic.push([t.kind === 'goal' ? 'Goal' : 'CSF', targetNumber(numbers, t.id), t.text, t.parentId ? targetNumber(numbers, t.parentId) : '', c?.converges ? 'Converges' : '', '', '', '', '', '', `Shared ${pct(c?.shared ?? 0)}${internal ? `; ability ${ability.get(t.id) ?? '—'}` : ''}`]);
	}
	for (const i of input.initiatives) generic.push(['Initiative', '', i.title, i.targetIds.filter((id) => numbers.has(id)).map((id) => targetNumber(numbers, id)).join(' '), '', '', '', '', '', '', '']);
	for (const a of input.actions) generic.push(['Action', '', a.text, initiatives.get(a.initiativeId)?.title ?? '', STATUS_LABELS[a.status], a.owner?.name ?? '', a.due ?? '', '', '', '', '']);
	for (const s of snapshot.stakeholders) {
		const r = relations.get(s.id);
		const details = internal && s.side === 'client' ? `Relationship ${RELATIONSHIP_LABELS[r?.relationship ?? 0]}${internal.engagement.plans[s.id]?.email ? `; ${internal.engagement.plans[s.id].email}` : ''}` : '';
		generic.push(['Contact', '', s.name, s.title, '', '', '', s.side, LEVEL_LABELS[s.level], s.function, details]);
	}
	if (internal) {
		for (const line of touchPointsForReport(internal.engagement, snapshot, { today: internal.today }))
			generic.push(['Touch point', '', line.purpose, line.stakeholder, line.overdue ? 'Overdue' : line.status, line.owner, line.due ?? '', 'supplier', '', line.function, `${line.channel}, ${line.cadence.toLowerCase()}`]);
	}

	return [
		accountPlan,
		{ name: 'AccountPlanObjective.csv', header: CRM_COLUMNS.AccountPlanObjective, rows: objectives },
		{ name: 'Task.csv', header: CRM_COLUMNS.Task, rows: tasks },
		{ name: 'Contact.csv', header: CRM_COLUMNS.Contact, rows: contacts },
		{ name: 'tandem-plan.csv', header: CRM_COLUMNS.generic, rows: generic }
	];
}

export const CRM_FILE_NAMES = ['AccountPlan', 'AccountPlanObjective', 'Task', 'Contact', 'generic'] as const;
export type CrmFileName = (typeof CRM_FILE_NAMES)[number];
