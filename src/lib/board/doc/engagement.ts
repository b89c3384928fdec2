import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { TextTooLongError } from './input.ts';
import { LIMITS } from '../model/limits.ts';
import { isDueDate, type Author } from '../model/read.ts';
import { CADENCE_DAYS, ENGAGEMENT_LIMITS, type Cadence, type Channel, type OwningFunction, type TouchPointStatus } from '../model/engagement.ts';
import { normalizeEngagement, type EngagementData, type PlanEntry, type Touch, type TouchPoint } from '../views/engagement.ts';

/**
 * internal (supplier side only; never sent to the client side):
 *   engagement   Y.Map<clientStakeholderId, PlanEntry>  owners (supplier stakeholder ids), notes,
 *                                                       email (from a contacts import)
 *   touchPoints  Y.Map<id, TouchPoint>  planned touch points: who, channel, purpose, cadence, next
 *                                       date, owning function (marketing or sales), status
 *   touches      Y.Map<id, Touch>       touches that happened: who, channel, date, outcome
 *
 * Plain values, each replaced whole: one person edits a touch point at a time. What the client
 * stakeholder may see and correct (channels, topics) is in the shared document (preferences.ts).
 */
export const engagementMap = (doc: Y.Doc) => doc.getMap<unknown>('engagement');
export const touchPointsMap = (doc: Y.Doc) => doc.getMap<unknown>('touchPoints');
export const touchesMap = (doc: Y.Doc) => doc.getMap<unknown>('touches');

export function readEngagement(doc: Y.Doc): EngagementData {
	return normalizeEngagement({ engagement: engagementMap(doc).toJSON(), touchPoints: touchPointsMap(doc).toJSON(), touches: touchesMap(doc).toJSON() });
}

function checkLength(text: string, limit: number): string {
	const t = text.trim();
	if (t.length > limit) throw new TextTooLongError(limit);
	return t;
}

export function readPlan(doc: Y.Doc, stakeholderId: string): PlanEntry {
	return readEngagement(doc).plans[stakeholderId] ?? { stakeholderId, owners: [], notes: '', email: '' };
}

export function updatePlan(doc: Y.Doc, stakeholderId: string, patch: Partial<Omit<PlanEntry, 'stakeholderId'>>): void {
	const prev = readPlan(doc, stakeholderId);
	const next = {
		owners: [...new Set(patch.owners ?? prev.owners)].slice(0, ENGAGEMENT_LIMITS.owners),
		notes: patch.notes !== undefined ? checkLength(patch.notes, LIMITS.note) : prev.notes,
		email: patch.email !== undefined ? checkLength(patch.email, LIMITS.name) : prev.email
	};
	if (JSON.stringify(next) === JSON.stringify({ owners: prev.owners, notes: prev.notes, email: prev.email }) && engagementMap(doc).has(stakeholderId)) return;
	doc.transact(() => engagementMap(doc).set(stakeholderId, next), ORIGIN.local);
}

/** What a person fills in for a touch point: the stored one minus what the board sets. */
export type TouchPointInput = Pick<TouchPoint, 'stakeholderId' | 'ownerId' | 'channel' | 'purpose' | 'cadence' | 'due' | 'function'>;

function stored(tp: Omit<TouchPoint, 'id'>): Record<string, unknown> {
	return { ...tp };
}

export function addTouchPoint(doc: Y.Doc, id: string, input: TouchPointInput, by: Author, now = Date.now()): string {
	if (input.due !== null && !isDueDate(input.due)) throw new RangeError('A date is between 2000-01-01 and 2100-12-31.');
	const tp: Omit<TouchPoint, 'id'> = {
		stakeholderId: input.stakeholderId,
		ownerId: input.ownerId || null,
		channel: input.channel,
		purpose: checkLength(input.purpose, ENGAGEMENT_LIMITS.purpose),
		cadence: input.cadence,
		due: input.due,
		function: input.function,
		status: 'planned',
		createdBy: { id: by.id, name: by.name },
		createdAt: now
	};
	doc.transact(() => touchPointsMap(doc).set(id, stored(tp)), ORIGIN.local);
	return id;
}

export function updateTouchPoint(doc: Y.Doc, id: string, patch: Partial<Omit<TouchPointInput, 'stakeholderId'>> & { status?: TouchPointStatus }): void {
	const prev = readEngagement(doc).touchPoints.find((t) => t.id === id);
	if (!prev) return;
	if (patch.due !== undefined && patch.due !== null && !isDueDate(patch.due)) throw new RangeError('A date is between 2000-01-01 and 2100-12-31.');
	const { id: _id, ...rest } = prev;
	const next = { ...rest, ...patch, ...(patch.purpose !== undefined ? { purpose: checkLength(patch.purpose, ENGAGEMENT_LIMITS.purpose) } : {}) };
	doc.transact(() => touchPointsMap(doc).set(id, stored(next)), ORIGIN.local);
}

export function deleteTouchPoint(doc: Y.Doc, id: string): void {
	if (touchPointsMap(doc).has(id)) doc.transact(() => touchPointsMap(doc).delete(id), ORIGIN.local);
}

export interface TouchInput {
	stakeholderId: string;
	byId: string | null;
	channel: Channel;
	date: string;
	outcome: string;
	touchPointId?: string | null;
}

/** The next date of a recurring touch point after a touch on `date` (yyyy-mm-dd), or null for `once`. */
export function nextDate(date: string, cadence: Cadence): string | null {
	const days = CADENCE_DAYS[cadence];
	if (days === null) return null;
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/**
 * Records a touch (the last touch and its outcome). A touch of a planned touch point closes it
 * (`once`) or moves it to its next date (recurring), in the same undoable step.
 */
export function recordTouch(doc: Y.Doc, id: string, input: TouchInput, by: Author, now = Date.now()): string {
	if (!isDueDate(input.date)) throw new RangeError('A date is between 2000-01-01 and 2100-12-31.');
	const touch: Omit<Touch, 'id'> = {
		stakeholderId: input.stakeholderId,
		byId: input.byId || null,
		channel: input.channel,
		date: input.date,
		outcome: checkLength(input.outcome, ENGAGEMENT_LIMITS.outcome),
		touchPointId: input.touchPointId ?? null,
		createdBy: { id: by.id, name: by.name },
		createdAt: now
	};
	const tp = input.touchPointId ? readEngagement(doc).touchPoints.find((t) => t.id === input.touchPointId) : undefined;
	doc.transact(() => {
		touchesMap(doc).set(id, { ...touch });
		if (tp) {
			const { id: tpId, ...rest } = tp;
			const next = nextDate(input.date, tp.cadence);
			touchPointsMap(doc).set(tpId, next ? { ...rest, due: next } : { ...rest, status: 'done' });
		}
	}, ORIGIN.local);
	return id;
}

export function deleteTouch(doc: Y.Doc, id: string): void {
	if (touchesMap(doc).has(id)) doc.transact(() => touchesMap(doc).delete(id), ORIGIN.local);
}
