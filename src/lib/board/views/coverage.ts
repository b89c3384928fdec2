// Who on our side engages whom on theirs (issue #13): supplier people × client stakeholders, with
// the gaps the research warns about — a converging goal nobody on our side engages anyone for, and
// "pumping up the volume" on one person. Pure: hand-computed tests in tests/unit/views/coverage.test.ts.
import { computeConvergence } from './convergence.ts';
import { normalizeSnapshot } from './normalize.ts';
import { daysBetween, isOverdue, normalizeEngagement, type EngagementData, type TouchPoint } from './engagement.ts';
import { CHANNELS, COVERAGE_RULES, type Channel } from '../model/engagement.ts';
import type { Stakeholder } from './types.ts';

export interface CoverageCell {
	supplierId: string;
	clientId: string;
	/** Owns the relationship (engagement plan). */
	owner: boolean;
	/** Channels of this person's planned touch points and recorded touches with the client stakeholder, in model order. */
	channels: Channel[];
	/** Planned touch points (status planned). */
	planned: number;
	/** The last recorded touch on or before today (yyyy-mm-dd), and how many days ago. */
	lastTouch: string | null;
	daysSince: number | null;
	/** Touched within COVERAGE_RULES.engagedDays, or a touch point planned. */
	engaged: boolean;
}

export interface VolumeWindow {
	/** `recent`: recorded touches of the last 30 days; `planned`: touch points of the next 30 days. */
	window: 'recent' | 'planned';
	people: string[];
	functions: string[];
}

export type CoverageGap =
	| { kind: 'unengaged-goal'; targetId: string; text: string; holders: string[] }
	| { kind: 'volume'; stakeholderId: string; windows: VolumeWindow[] }
	| { kind: 'off-channel'; stakeholderId: string; touchPointId: string; channel: Channel; preferred: Channel[] }
	| { kind: 'overdue'; stakeholderId: string; touchPointId: string; due: string };

export interface CoverageView {
	today: string;
	suppliers: Stakeholder[];
	clients: Stakeholder[];
	/** One per supplier × client pair that has anything (owner, touch point or touch). */
	cells: CoverageCell[];
	/** Per client stakeholder: supplier people engaging them, last touch, days since. */
	rows: { clientId: string; engagedBy: string[]; lastTouch: string | null; daysSince: number | null }[];
	gaps: CoverageGap[];
}

export interface CoverageInput {
	/** The board snapshot (or raw, normalized here). */
	board: unknown;
	engagement: EngagementData | unknown;
	/** Client stakeholder id → preferred channels (shared document). */
	preferences?: Readonly<Record<string, { channels: readonly Channel[] }>>;
	/** yyyy-mm-dd. */
	today: string;
}

const fnKey = (f: string) => f.trim().toLocaleLowerCase('en');

/** Whether a planned touch point falls in the next `days` days (overdue ones are still to happen; an undated recurring one always does). */
function plannedWithin(tp: TouchPoint, today: string, days: number): boolean {
	if (tp.status !== 'planned') return false;
	if (tp.due === null) return tp.cadence !== 'once';
	return daysBetween(today, tp.due) < days;
}

export function computeCoverage(input: CoverageInput): CoverageView {
	const snapshot = normalizeSnapshot(input.board);
	const data = isData(input.engagement) ? input.engagement : normalizeEngagement(input.engagement);
	const { today } = input;
	const suppliers = snapshot.stakeholders.filter((s) => s.side === 'supplier');
	const clients = snapshot.stakeholders.filter((s) => s.side === 'client');
	const supplierById = new Map(suppliers.map((s) => [s.id, s]));
	const clientIds = new Set(clients.map((s) => s.id));
	const R = COVERAGE_RULES;

	const cellOf = new Map<string, CoverageCell>();
	const cell = (supplierId: string, clientId: string): CoverageCell | null => {
		if (!supplierById.has(supplierId) || !clientIds.has(clientId)) return null;
		const key = `${supplierId}|${clientId}`;
		let c = cellOf.get(key);
		if (!c) cellOf.set(key, (c = { supplierId, clientId, owner: false, channels: [], planned: 0, lastTouch: null, daysSince: null, engaged: false }));
		return c;
	};
	const addChannel = (c: CoverageCell, ch: Channel) => {
		if (!c.channels.includes(ch)) c.channels = CHANNELS.filter((x) => x === ch || c.channels.includes(x));
	};
	for (const plan of Object.values(data.plans)) for (const o of plan.owners) { const c = cell(o, plan.stakeholderId); if (c) c.owner = true; }
	for (const tp of data.touchPoints) {
		if (tp.status !== 'planned' || !tp.ownerId) continue;
		const c = cell(tp.ownerId, tp.stakeholderId);
		if (!c) continue;
		c.planned++;
		addChannel(c, tp.channel);
	}
	for (const t of data.touches) {
		if (!t.byId || t.date > today) continue;
		const c = cell(t.byId, t.stakeholderId);
		if (!c) continue;
		addChannel(c, t.channel);
		if (c.lastTouch === null || t.date > c.lastTouch) c.lastTouch = t.date;
	}
	for (const c of cellOf.values()) {
		c.daysSince = c.lastTouch === null ? null : daysBetween(c.lastTouch, today);
		c.engaged = c.planned > 0 || (c.daysSince !== null && c.daysSince <= R.engagedDays);
	}
	// Board order: suppliers, then clients.
	const sIndex = new Map(suppliers.map((s, i) => [s.id, i]));
	const cIndex = new Map(clients.map((s, i) => [s.id, i]));
	const cells = [...cellOf.values()].sort((a, b) => sIndex.get(a.supplierId)! - sIndex.get(b.supplierId)! || cIndex.get(a.clientId)! - cIndex.get(b.clientId)!);

	const rows = clients.map((c) => {
		const mine = cells.filter((x) => x.clientId === c.id);
		const lastTouch = mine.reduce<string | null>((m, x) => (x.lastTouch !== null && (m === null || x.lastTouch > m) ? x.lastTouch : m), null);
		return { clientId: c.id, engagedBy: mine.filter((x) => x.engaged).map((x) => x.supplierId), lastTouch, daysSince: lastTouch === null ? null : daysBetween(lastTouch, today) };
	});
	const engaged = new Set(rows.filter((r) => r.engagedBy.length > 0).map((r) => r.clientId));

	const gaps: CoverageGap[] = [];
	// 1. A converging goal or CSF none of whose holders (client stakeholders at priority 2 or 3) we engage.
	const convergence = computeConvergence(snapshot);
	for (const t of convergence.targets) {
		if (!t.converges) continue;
		const holders = clients.filter((c) => snapshot.cells.some((x) => x.stakeholderId === c.id && x.targetId === t.targetId && x.priority !== null && x.priority >= 2)).map((c) => c.id);
		if (holders.length > 0 && !holders.some((h) => engaged.has(h))) gaps.push({ kind: 'unengaged-goal', targetId: t.targetId, text: t.text, holders });
	}
	// 2. Too much volume on one client stakeholder, in the last or the next 30 days.
	for (const c of clients) {
		const windows: VolumeWindow[] = [];
		const judge = (window: VolumeWindow['window'], peopleIds: Iterable<string>) => {
			const people = [...new Set(peopleIds)].filter((p) => supplierById.has(p)).sort((a, b) => sIndex.get(a)! - sIndex.get(b)!);
			const functions = [...new Set(people.map((p) => fnKey(supplierById.get(p)!.function)).filter((f) => f !== ''))];
			if (people.length >= R.volumePeople || functions.length >= R.volumeFunctions) windows.push({ window, people, functions });
		};
		judge(
			'recent',
			data.touches.filter((t) => t.stakeholderId === c.id && t.byId && t.date <= today && daysBetween(t.date, today) < R.volumeWindowDays).map((t) => t.byId!)
		);
		judge(
			'planned',
			data.touchPoints.filter((tp) => tp.stakeholderId === c.id && tp.ownerId && plannedWithin(tp, today, R.volumeWindowDays)).map((tp) => tp.ownerId!)
		);
		if (windows.length) gaps.push({ kind: 'volume', stakeholderId: c.id, windows });
	}
	// 3. Planned touch points through a channel the person did not choose (when they chose any).
	for (const tp of data.touchPoints) {
		if (tp.status !== 'planned' || !clientIds.has(tp.stakeholderId)) continue;
		const preferred = input.preferences?.[tp.stakeholderId]?.channels ?? [];
		if (preferred.length > 0 && !preferred.includes(tp.channel)) gaps.push({ kind: 'off-channel', stakeholderId: tp.stakeholderId, touchPointId: tp.id, channel: tp.channel, preferred: [...preferred] });
	}
	// 4. Overdue touch points.
	for (const tp of data.touchPoints) if (clientIds.has(tp.stakeholderId) && isOverdue(tp, today)) gaps.push({ kind: 'overdue', stakeholderId: tp.stakeholderId, touchPointId: tp.id, due: tp.due! });

	return { today, suppliers, clients, cells, rows, gaps };
}

/** Planned touch points past their date, oldest first (the account's boards list counts them). */
export function overdueTouchPoints(engagement: EngagementData | unknown, today: string): TouchPoint[] {
	const data = normalizeEngagement(isData(engagement) ? { engagement: {}, touchPoints: Object.fromEntries(engagement.touchPoints.map(({ id, ...tp }) => [id, tp])), touches: {} } : engagement);
	return data.touchPoints.filter((tp) => isOverdue(tp, today)).sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0));
}

function isData(v: unknown): v is EngagementData {
	return typeof v === 'object' && v !== null && 'plans' in v && Array.isArray((v as EngagementData).touchPoints);
}
