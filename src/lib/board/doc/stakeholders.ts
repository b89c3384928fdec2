import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { TextTooLongError } from './input.ts';
import { matrixMap } from './matrix.ts';
import { assertClientRoom, assertRoom } from './boardFull.ts';
import { LIMITS } from '../model/limits.ts';
import { keyAfter, orderTag } from '../model/order.ts';
import { SIDES, type Side } from '../model/roles.ts';
import { LEVELS, type Level } from '../model/vocabulary.ts';

/**
 * shared:
 *   stakeholders  Y.Map<id, Y.Map>  name, title, side, level, function, order (fractional key)
 *
 * One Y.Map per stakeholder so two people editing different fields of the same row both win.
 * The pick lists a stakeholder's function comes from are in pickLists.ts.
 */
export const stakeholdersMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('stakeholders');

export interface StakeholderInput {
	name: string;
	title?: string;
	side: Side;
	level?: Level;
	function?: string;
}

export type StakeholderPatch = Partial<Omit<StakeholderInput, 'side'>> & { side?: Side };

export class InvalidValueError extends Error {}

/** Trimmed; refused when over `limit` (an empty text is the caller's to refuse). */
export function cleanText(value: string, limit: number): string {
	const text = value.trim();
	if (text.length > limit) throw new TextTooLongError(limit);
	return text;
}

function checkSide(side: unknown): Side {
	if (!(SIDES as readonly unknown[]).includes(side)) throw new InvalidValueError(`Unknown side: ${String(side)}`);
	return side as Side;
}

function checkLevel(level: unknown): Level {
	if (!(LEVELS as readonly unknown[]).includes(level)) throw new InvalidValueError(`Unknown level: ${String(level)}`);
	return level as Level;
}

function lastOrder(doc: Y.Doc): string | null {
	let last: string | null = null;
	stakeholdersMap(doc).forEach((m) => {
		const o = m instanceof Y.Map ? m.get('order') : undefined;
		if (typeof o === 'string' && (last === null || o > last)) last = o;
	});
	return last;
}

export function addStakeholder(doc: Y.Doc, id: string, input: StakeholderInput): string {
	const name = cleanText(input.name, LIMITS.name);
	if (!name) throw new InvalidValueError('A stakeholder needs a name.');
	const title = cleanText(input.title ?? '', LIMITS.name);
	const side = checkSide(input.side);
	const level = checkLevel(input.level ?? 'manager');
	const fn = cleanText(input.function ?? 'other', LIMITS.name) || 'other';
	const map = stakeholdersMap(doc);
	if (!map.has(id)) assertRoom('stakeholders', map);
	if (side === 'client' && (map.get(id) as Y.Map<unknown> | undefined)?.get?.('side') !== 'client') assertClientRoom(map);
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('name', name);
		m.set('title', title);
		m.set('side', side);
		m.set('level', level);
		m.set('function', fn);
		m.set('order', keyAfter(lastOrder(doc), orderTag(doc)));
		stakeholdersMap(doc).set(id, m);
	}, ORIGIN.local);
	return id;
}

/** Writes only the fields that changed, so a concurrent edit of another field is kept. */
export function updateStakeholder(doc: Y.Doc, id: string, patch: StakeholderPatch): void {
	const m = stakeholdersMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const next: Record<string, string> = {};
	if (patch.name !== undefined) {
		const name = cleanText(patch.name, LIMITS.name);
		if (!name) throw new InvalidValueError('A stakeholder needs a name.');
		next.name = name;
	}
	if (patch.title !== undefined) next.title = cleanText(patch.title, LIMITS.name);
	if (patch.side !== undefined) next.side = checkSide(patch.side);
	if (patch.level !== undefined) next.level = checkLevel(patch.level);
	if (patch.function !== undefined) next.function = cleanText(patch.function, LIMITS.name) || 'other';
	const changed = Object.entries(next).filter(([k, v]) => m.get(k) !== v);
	if (changed.length === 0) return;
	if (next.side === 'client' && m.get('side') !== 'client') assertClientRoom(stakeholdersMap(doc));
	doc.transact(() => {
		for (const [k, v] of changed) m.set(k, v);
	}, ORIGIN.local);
}

/** Deletes the stakeholder and their matrix row in one undoable step. */
export function deleteStakeholder(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		const matrix = matrixMap(doc);
		const prefix = `${id}|`;
		for (const key of [...matrix.keys()]) if (key.startsWith(prefix)) matrix.delete(key);
		stakeholdersMap(doc).delete(id);
	}, ORIGIN.local);
}
