import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { LIMITS, ORIGIN } from './schema.ts';
import { TextTooLongError } from './goals.ts';
import { matrixMap } from './matrix.ts';
import { LEVELS, type Level, type Side } from '../views/types.ts';

/**
 * shared:
 *   stakeholders  Y.Map<id, Y.Map>  name, title, side, level, function, order (fractional key)
 *   lists         Y.Map<`${list}/${entryId}`, { label, order, removed? }>
 *
 * One Y.Map per stakeholder so two people editing different fields of the same row both win.
 * The pick lists are flat (no nested Y types a client would have to create): two browsers
 * creating a list container at once would each make their own and one would be lost.
 */
export const stakeholdersMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('stakeholders');
export const listsMap = (doc: Y.Doc) => doc.getMap<unknown>('lists');

export const SIDES: readonly Side[] = ['client', 'supplier'];
export { LEVELS };

export interface StakeholderInput {
	name: string;
	title?: string;
	side: Side;
	level?: Level;
	function?: string;
}

export type StakeholderPatch = Partial<Omit<StakeholderInput, 'side'>> & { side?: Side };

export class InvalidValueError extends Error {}

function cleanText(value: string, limit: number): string {
	const text = value.trim();
	if (text.length > limit) throw new TextTooLongError(limit);
	return text;
}

function checkSide(side: unknown): Side {
	if (side !== 'client' && side !== 'supplier') throw new InvalidValueError(`Unknown side: ${String(side)}`);
	return side;
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

function keyAfter(last: string | null): string {
	try {
		return generateKeyBetween(last, null);
	} catch {
		// A peer wrote an invalid key: appending after it is impossible, so start a fresh range.
		return generateKeyBetween(null, null) + Math.random().toString(36).slice(2, 8);
	}
}

export function addStakeholder(doc: Y.Doc, id: string, input: StakeholderInput): string {
	const name = cleanText(input.name, LIMITS.name);
	if (!name) throw new InvalidValueError('A stakeholder needs a name.');
	const title = cleanText(input.title ?? '', LIMITS.name);
	const side = checkSide(input.side);
	const level = checkLevel(input.level ?? 'manager');
	const fn = cleanText(input.function ?? 'other', LIMITS.name) || 'other';
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('name', name);
		m.set('title', title);
		m.set('side', side);
		m.set('level', level);
		m.set('function', fn);
		m.set('order', keyAfter(lastOrder(doc)));
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

// ---- editable pick lists ----

export type ListName = 'functions' | 'processes';
export const LIST_NAMES: readonly ListName[] = ['functions', 'processes'];

/**
 * Defaults are virtual: a board that never edited a list shows them without anyone seeding
 * them (a seed from a browser would race with other browsers). Editing a default entry writes
 * an override under the same stable id.
 */
const DEFAULTS: Record<ListName, ReadonlyArray<readonly [id: string, label: string]>> = {
	functions: [
		['operations', 'operations'],
		['rnd', 'R&D'],
		['marketing', 'marketing'],
		['sales', 'sales'],
		['purchasing', 'purchasing'],
		['finance', 'finance'],
		['it', 'IT'],
		['logistics', 'logistics'],
		['quality', 'quality'],
		['other', 'other']
	],
	processes: [
		['sourcing', 'sourcing'],
		['manufacturing', 'manufacturing'],
		['distribution', 'distribution'],
		['sales', 'sales'],
		['service', 'service'],
		['product-development', 'product development']
	]
};

export const DEFAULT_LISTS: Record<ListName, readonly string[]> = {
	functions: DEFAULTS.functions.map(([, label]) => label),
	processes: DEFAULTS.processes.map(([, label]) => label)
};

const defaultOrders = (n: number): string[] => {
	const out: string[] = [];
	let prev: string | null = null;
	for (let i = 0; i < n; i++) out.push((prev = generateKeyBetween(prev, null)));
	return out;
};
const DEFAULT_ORDERS = defaultOrders(Math.max(DEFAULTS.functions.length, DEFAULTS.processes.length));

export interface ListEntry {
	id: string;
	label: string;
	order: string;
}

export class ListError extends Error {}

const entryKey = (list: ListName, id: string) => `${list}/${id}`;

interface StoredEntry {
	label?: unknown;
	order?: unknown;
	removed?: unknown;
}

function readAll(doc: Y.Doc, list: ListName): Array<ListEntry & { removed: boolean }> {
	const map = listsMap(doc);
	const byId = new Map<string, ListEntry & { removed: boolean }>();
	DEFAULTS[list].forEach(([id, label], i) => byId.set(id, { id, label, order: DEFAULT_ORDERS[i], removed: false }));
	const prefix = `${list}/`;
	map.forEach((raw, key) => {
		if (!key.startsWith(prefix) || key.length === prefix.length) return;
		const id = key.slice(prefix.length);
		const base = byId.get(id);
		const v: StoredEntry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as StoredEntry) : {};
		const label = typeof v.label === 'string' && v.label.trim() ? v.label.trim() : base?.label;
		if (label === undefined) return; // a custom entry without a usable label: ignore it
		const order = typeof v.order === 'string' && v.order ? v.order : (base?.order ?? '~');
		byId.set(id, { id, label, order, removed: v.removed === true });
	});
	return [...byId.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The list in order, without removed entries; a label listed twice (two people adding it at once) shows once. */
export function readList(doc: Y.Doc, list: ListName): ListEntry[] {
	const seen = new Set<string>();
	const out: ListEntry[] = [];
	for (const e of readAll(doc, list)) {
		const k = e.label.toLowerCase();
		if (e.removed || seen.has(k)) continue;
		seen.add(k);
		out.push({ id: e.id, label: e.label, order: e.order });
	}
	return out;
}

function findLabel(doc: Y.Doc, list: ListName, label: string, exceptId?: string): ListEntry | undefined {
	const k = label.toLowerCase();
	return readList(doc, list).find((e) => e.id !== exceptId && e.label.toLowerCase() === k);
}

/** Adds an entry at the end; adding a label already in the list returns the existing entry's id. */
export function addListEntry(doc: Y.Doc, list: ListName, label: string, id: string = crypto.randomUUID()): string {
	const text = cleanText(label, LIMITS.name);
	if (!text) throw new ListError('An entry needs a name.');
	const existing = findLabel(doc, list, text);
	if (existing) return existing.id;
	const all = readAll(doc, list);
	const last = all.reduce<string | null>((max, e) => (max === null || e.order > max ? e.order : max), null);
	doc.transact(() => listsMap(doc).set(entryKey(list, id), { label: text, order: keyAfter(last) }), ORIGIN.local);
	return id;
}

/**
 * Renames an entry and, in the same undoable step, every use of the old label: stakeholders'
 * function for `functions`, goals' and CSFs' processes for `processes`.
 */
export function renameListEntry(doc: Y.Doc, list: ListName, id: string, label: string): void {
	const text = cleanText(label, LIMITS.name);
	if (!text) throw new ListError('An entry needs a name.');
	const entry = readList(doc, list).find((e) => e.id === id);
	if (!entry) throw new ListError('That entry no longer exists.');
	if (entry.label === text) return;
	if (findLabel(doc, list, text, id)) throw new ListError(`“${text}” is already in the list.`);
	doc.transact(() => {
		listsMap(doc).set(entryKey(list, id), { label: text, order: entry.order });
		if (list === 'functions') {
			stakeholdersMap(doc).forEach((m) => {
				if (m instanceof Y.Map && m.get('function') === entry.label) m.set('function', text);
			});
		} else {
			doc.getMap<Y.Map<unknown>>('goals').forEach((m) => {
				const processes = m instanceof Y.Map ? m.get('processes') : undefined;
				if (Array.isArray(processes) && processes.includes(entry.label)) {
					m.set('processes', [...new Set(processes.map((p) => (p === entry.label ? text : p)))]);
				}
			});
		}
	}, ORIGIN.local);
}

/**
 * Removes an entry from the list. Stakeholders and goals that use it keep their value (removing a
 * choice must not silently rewrite people's data); the views show it as not in the list.
 */
export function removeListEntry(doc: Y.Doc, list: ListName, id: string): void {
	const entry = readAll(doc, list).find((e) => e.id === id);
	if (!entry || entry.removed) return;
	// A tombstone rather than a delete: a default entry would otherwise come back.
	doc.transact(() => listsMap(doc).set(entryKey(list, id), { label: entry.label, order: entry.order, removed: true }), ORIGIN.local);
}
