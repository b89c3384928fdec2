// The engagement plan as plain data (issue #13), read tolerantly: whatever a peer wrote that does
// not fit is dropped, never thrown on. Written by doc/engagement.ts (internal document) and
// doc/preferences.ts (shared document).
import { CADENCES, CHANNELS, ENGAGEMENT_LIMITS, OWNING_FUNCTIONS, TOUCH_POINT_STATUSES, type Cadence, type Channel, type OwningFunction, type TouchPointStatus } from '../model/engagement.ts';
import { isDueDate, isRec, str, strings, type Author } from '../model/read.ts';

/** The supplier side's plan for one client stakeholder. */
export interface PlanEntry {
	stakeholderId: string;
	/** Supplier stakeholders who own the relationship. */
	owners: string[];
	/** Supplier-only notes. */
	notes: string;
	/** From a contacts import: supplier-only (kept out of the shared document). */
	email: string;
}

export interface TouchPoint {
	id: string;
	stakeholderId: string;
	/** A supplier stakeholder, or null (not yet assigned). */
	ownerId: string | null;
	channel: Channel;
	purpose: string;
	cadence: Cadence;
	/** The next (or only) date, yyyy-mm-dd; null when not dated yet. */
	due: string | null;
	function: OwningFunction;
	status: TouchPointStatus;
	createdBy: Author | null;
	createdAt: number;
}

export interface Touch {
	id: string;
	stakeholderId: string;
	byId: string | null;
	channel: Channel;
	date: string;
	outcome: string;
	touchPointId: string | null;
	createdBy: Author | null;
	createdAt: number;
}

export interface EngagementData {
	plans: Record<string, PlanEntry>;
	/** Oldest first (createdAt, then id). */
	touchPoints: TouchPoint[];
	/** Oldest first (date, then createdAt). */
	touches: Touch[];
}

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null => ((values as readonly unknown[]).includes(v) ? (v as T) : null);
const authorOf = (v: unknown): Author | null => (isRec(v) && typeof v.id === 'string' && typeof v.name === 'string' ? { id: v.id, name: v.name } : null);
const idOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const stamp = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function normalizeEngagement(raw: unknown): EngagementData {
	const r = isRec(raw) ? raw : {};
	const plans: Record<string, PlanEntry> = {};
	for (const [id, v] of Object.entries(isRec(r.engagement) ? r.engagement : {})) {
		if (!isRec(v)) continue;
		plans[id] = { stakeholderId: id, owners: [...new Set(strings(v.owners))].slice(0, ENGAGEMENT_LIMITS.owners), notes: str(v.notes), email: str(v.email) };
	}
	const touchPoints: TouchPoint[] = [];
	for (const [id, v] of Object.entries(isRec(r.touchPoints) ? r.touchPoints : {})) {
		if (!isRec(v)) continue;
		const stakeholderId = idOrNull(v.stakeholderId);
		const channel = oneOf(CHANNELS, v.channel);
		if (!stakeholderId || !channel) continue;
		touchPoints.push({
			id,
			stakeholderId,
			ownerId: idOrNull(v.ownerId),
			channel,
			purpose: str(v.purpose),
			cadence: oneOf(CADENCES, v.cadence) ?? 'once',
			due: typeof v.due === 'string' && isDueDate(v.due) ? v.due : null,
			function: oneOf(OWNING_FUNCTIONS, v.function) ?? 'sales',
			status: oneOf(TOUCH_POINT_STATUSES, v.status) ?? 'planned',
			createdBy: authorOf(v.createdBy),
			createdAt: stamp(v.createdAt)
		});
	}
	touchPoints.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const touches: Touch[] = [];
	for (const [id, v] of Object.entries(isRec(r.touches) ? r.touches : {})) {
		if (!isRec(v)) continue;
		const stakeholderId = idOrNull(v.stakeholderId);
		const channel = oneOf(CHANNELS, v.channel);
		if (!stakeholderId || !channel || typeof v.date !== 'string' || !isDueDate(v.date)) continue;
		touches.push({
			id,
			stakeholderId,
			byId: idOrNull(v.byId),
			channel,
			date: v.date,
			outcome: str(v.outcome),
			touchPointId: idOrNull(v.touchPointId),
			createdBy: authorOf(v.createdBy),
			createdAt: stamp(v.createdAt)
		});
	}
	touches.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt - b.createdAt));
	return { plans, touchPoints, touches };
}

/** Whole days from `from` to `to` (yyyy-mm-dd, UTC calendar days). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** yyyy-mm-dd of `ms` (UTC). */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A planned touch point past its date. */
export const isOverdue = (tp: TouchPoint, today: string): boolean => tp.status === 'planned' && tp.due !== null && tp.due < today;

/** The last touch of a client stakeholder (on or before `today`), or null. */
export function lastTouchOf(data: EngagementData, stakeholderId: string, today: string): Touch | null {
	let last: Touch | null = null;
	for (const t of data.touches) if (t.stakeholderId === stakeholderId && t.date <= today) last = t;
	return last;
}
