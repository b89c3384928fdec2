import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { ORIGIN, goalsMap } from './schema.ts';
import { cleanText, stakeholdersMap } from './stakeholders.ts';
import { LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, maxKey, orderTag } from '../model/order.ts';
import { isRec } from '../model/read.ts';
import type { PickListName } from '../model/vocabulary.ts';

/**
 * The board's editable pick lists (the choices of a stakeholder's function and of a goal's
 * business processes), in the shared document:
 *
 *   lists  Y.Map<`${list}/${entryId}`, { label, order, removed? }>
 *
 * Flat (no nested Y types a client would have to create): two browsers creating a list container
 * at once would each make their own and one would be lost. Not to be confused with the item lists
 * of the advisory and SOAR templates (itemLists.ts).
 */
export const pickListsMap = (doc: Y.Doc) => doc.getMap<unknown>('lists');

/**
 * Defaults are virtual: a board that never edited a list shows them without anyone seeding
 * them (a seed from a browser would race with other browsers). Editing a default entry writes
 * an override under the same stable id.
 */
const DEFAULTS: Record<PickListName, ReadonlyArray<readonly [id: string, label: string]>> = {
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

export const DEFAULT_PICK_LISTS: Record<PickListName, readonly string[]> = {
	functions: DEFAULTS.functions.map(([, label]) => label),
	processes: DEFAULTS.processes.map(([, label]) => label)
};

// The defaults' keys are the same on every peer (a0, a1, …), with no client's tag.
const defaultOrders = (n: number): string[] => {
	const out: string[] = [];
	let prev: string | null = null;
	for (let i = 0; i < n; i++) out.push((prev = generateKeyBetween(prev, null)));
	return out;
};
const DEFAULT_ORDERS = defaultOrders(Math.max(DEFAULTS.functions.length, DEFAULTS.processes.length));

export interface PickListEntry {
	id: string;
	label: string;
	order: string;
}

export class PickListError extends Error {}

const entryKey = (list: PickListName, id: string) => `${list}/${id}`;

interface StoredEntry {
	label?: unknown;
	order?: unknown;
	removed?: unknown;
}

function readAll(doc: Y.Doc, list: PickListName): Array<PickListEntry & { removed: boolean }> {
	const map = pickListsMap(doc);
	const byId = new Map<string, PickListEntry & { removed: boolean }>();
	DEFAULTS[list].forEach(([id, label], i) => byId.set(id, { id, label, order: DEFAULT_ORDERS[i], removed: false }));
	const prefix = `${list}/`;
	map.forEach((raw, key) => {
		if (!key.startsWith(prefix) || key.length === prefix.length) return;
		const id = key.slice(prefix.length);
		const base = byId.get(id);
		const v: StoredEntry = isRec(raw) ? raw : {};
		const label = typeof v.label === 'string' && v.label.trim() ? v.label.trim() : base?.label;
		if (label === undefined) return; // a custom entry without a usable label: ignore it
		const order = typeof v.order === 'string' && v.order ? v.order : (base?.order ?? '~');
		byId.set(id, { id, label, order, removed: v.removed === true });
	});
	return [...byId.values()].sort(byOrderKey);
}

/** The list in order, without removed entries; a label listed twice (two people adding it at once) shows once. */
export function readPickList(doc: Y.Doc, list: PickListName): PickListEntry[] {
	const seen = new Set<string>();
	const out: PickListEntry[] = [];
	for (const e of readAll(doc, list)) {
		const k = e.label.toLowerCase();
		if (e.removed || seen.has(k)) continue;
		seen.add(k);
		out.push({ id: e.id, label: e.label, order: e.order });
	}
	return out;
}

function findLabel(doc: Y.Doc, list: PickListName, label: string, exceptId?: string): PickListEntry | undefined {
	const k = label.toLowerCase();
	return readPickList(doc, list).find((e) => e.id !== exceptId && e.label.toLowerCase() === k);
}

/** Adds an entry at the end; adding a label already in the list returns the existing entry's id. */
export function addPickListEntry(doc: Y.Doc, list: PickListName, label: string, id: string = crypto.randomUUID()): string {
	const text = cleanText(label, LIMITS.name);
	if (!text) throw new PickListError('An entry needs a name.');
	const existing = findLabel(doc, list, text);
	if (existing) return existing.id;
	const all = readAll(doc, list);
	doc.transact(() => pickListsMap(doc).set(entryKey(list, id), { label: text, order: keyAfter(maxKey(all), orderTag(doc)) }), ORIGIN.local);
	return id;
}

/**
 * Renames an entry and, in the same undoable step, every use of the old label: stakeholders'
 * function for `functions`, goals' and CSFs' processes for `processes`.
 */
export function renamePickListEntry(doc: Y.Doc, list: PickListName, id: string, label: string): void {
	const text = cleanText(label, LIMITS.name);
	if (!text) throw new PickListError('An entry needs a name.');
	const entry = readPickList(doc, list).find((e) => e.id === id);
	if (!entry) throw new PickListError('That entry no longer exists.');
	if (entry.label === text) return;
	if (findLabel(doc, list, text, id)) throw new PickListError(`“${text}” is already in the list.`);
	doc.transact(() => {
		pickListsMap(doc).set(entryKey(list, id), { label: text, order: entry.order });
		if (list === 'functions') {
			stakeholdersMap(doc).forEach((m) => {
				if (m instanceof Y.Map && m.get('function') === entry.label) m.set('function', text);
			});
		} else {
			goalsMap(doc).forEach((m) => {
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
export function removePickListEntry(doc: Y.Doc, list: PickListName, id: string): void {
	const entry = readAll(doc, list).find((e) => e.id === id);
	if (!entry || entry.removed) return;
	// A tombstone rather than a delete: a default entry would otherwise come back.
	doc.transact(() => pickListsMap(doc).set(entryKey(list, id), { label: entry.label, order: entry.order, removed: true }), ORIGIN.local);
}
