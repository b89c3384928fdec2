import * as Y from 'yjs';
import { goalsMap, meta } from './schema.ts';
import { stakeholdersMap } from './stakeholders.ts';
import { matrixMap, parseCellKey } from './matrix.ts';
import { abilityMap, relationsMap } from './internal.ts';
import { normalizeSnapshot } from '../views/normalize.ts';
import type { BoardSnapshot } from '../views/types.ts';

/** A Y.Map's entries as a plain record, nested Y.Maps flattened one level (Y.Text becomes its string). */
function plainItems(map: Y.Map<any>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	map.forEach((value, key) => {
		if (!(value instanceof Y.Map)) {
			out[key] = value;
			return;
		}
		const rec: Record<string, unknown> = {};
		value.forEach((v, k) => (rec[k] = v instanceof Y.Text ? v.toString() : v instanceof Y.AbstractType ? undefined : v));
		out[key] = rec;
	});
	return out;
}

/** Matrix cells with their ids taken from the key (the key is the truth, not fields inside the value). */
function cells(map: Y.Map<unknown>): unknown[] {
	const out: unknown[] = [];
	map.forEach((value, key) => {
		const ids = parseCellKey(key);
		if (!ids || typeof value !== 'object' || value === null || Array.isArray(value)) return;
		out.push({ ...(value as Record<string, unknown>), ...ids });
	});
	return out;
}

/**
 * The board as the computed views want it. Everything goes through `normalizeSnapshot`, so
 * whatever an old or buggy peer wrote is dropped rather than shown or thrown on.
 * `internal` is null for the client side: the snapshot then has no relations and no ability.
 */
export function toSnapshot(shared: Y.Doc, internal: Y.Doc | null): BoardSnapshot {
	return normalizeSnapshot({
		stakeholders: plainItems(stakeholdersMap(shared)),
		goals: plainItems(goalsMap(shared)),
		cells: cells(matrixMap(shared)),
		internal: internal ? { relations: relationsMap(internal).toJSON(), ability: abilityMap(internal).toJSON() } : {},
		settings: { threshold: meta(shared).get('threshold') }
	});
}

/** The Y types a snapshot reads: observe these to know when it changes. */
export function snapshotSources(shared: Y.Doc, internal: Y.Doc | null): Y.AbstractType<any>[] {
	const out: Y.AbstractType<any>[] = [stakeholdersMap(shared), goalsMap(shared), matrixMap(shared), meta(shared)];
	if (internal) out.push(relationsMap(internal), abilityMap(internal));
	return out;
}
