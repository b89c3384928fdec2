// Supplier-only: how high, wide and deep our relationships into the client reach.
import { clientsOf, normalizeSnapshot, ratio } from './normalize.ts';
import { compareKeys } from '../model/order.ts';
import { LEVELS, type Level } from '../model/vocabulary.ts';

/** Relationship at or above this (2 engaged, 3 trusted) counts as a real relationship. */
export const ENGAGED = 2;

export interface FunctionCoverage {
	function: string;
	/** Client stakeholder ids in this function, and those we are engaged with (relationship ≥ 2). */
	clients: string[];
	engaged: string[];
}

export interface PositioningView {
	/** Highest level we are engaged at; null when engaged with nobody. */
	high: Level | null;
	/** Covered functions / functions with any client stakeholder; 0 when there are none. */
	wide: number;
	/** Mean engaged stakeholders per covered function; 0 when none is covered. */
	deep: number;
	/** Sponsored executives+seniors / all client executives+seniors; null when there are none. */
	sponsorCoverage: number | null;
	/** Sorted by function name. */
	functions: FunctionCoverage[];
	/** Client executive/senior ids with and without a supplier sponsor. */
	sponsored: string[];
	unsponsored: string[];
}

export function computePositioning(board: unknown): PositioningView {
	const snapshot = normalizeSnapshot(board);
	const clients = clientsOf(snapshot); // sorted by id
	const relations = new Map(snapshot.internal.relations.map((r) => [r.stakeholderId, r]));
	const isEngaged = (sid: string) => (relations.get(sid)?.relationship ?? 0) >= ENGAGED;

	const byFunction = new Map<string, FunctionCoverage>();
	for (const s of clients) {
		let f = byFunction.get(s.function);
		if (!f) byFunction.set(s.function, (f = { function: s.function, clients: [], engaged: [] }));
		f.clients.push(s.id);
		if (isEngaged(s.id)) f.engaged.push(s.id);
	}
	const functions = [...byFunction.values()].sort((a, b) => compareKeys(a.function, b.function));
	const covered = functions.filter((f) => f.engaged.length > 0);
	const engagedCount = covered.reduce((n, f) => n + f.engaged.length, 0);

	const engagedLevels = new Set(clients.filter((s) => isEngaged(s.id)).map((s) => s.level));
	const high = LEVELS.find((l) => engagedLevels.has(l)) ?? null; // LEVELS runs highest first

	// Normalization already dropped sponsors that aren't existing supplier stakeholders.
	const senior = clients.filter((s) => s.level === 'executive' || s.level === 'senior');
	const sponsored = senior.filter((s) => relations.get(s.id)?.sponsorId != null).map((s) => s.id);
	const unsponsored = senior.filter((s) => relations.get(s.id)?.sponsorId == null).map((s) => s.id);

	return {
		high,
		wide: ratio(covered.length, functions.length),
		deep: ratio(engagedCount, covered.length),
		// No executives or seniors: nothing to cover, which is not the same as 0 % covered.
		sponsorCoverage: senior.length > 0 ? sponsored.length / senior.length : null,
		functions,
		sponsored,
		unsponsored
	};
}
