// Plain, framework-free snapshot of a board, as the computed views consume it.
// Produce one with `normalizeSnapshot(anything)`; the views also accept raw data and normalize it.
// The vocabulary (levels, target kinds, scales) is the model's (../model/); re-exported as types
// so the views' callers can name what a snapshot holds.
import type { Side } from '../model/roles.ts';
import type { Ability, Level, Priority, Relationship, TargetKind } from '../model/vocabulary.ts';

export type { Ability, Level, Priority, Relationship, Side, TargetKind };

export interface Stakeholder {
	id: string;
	name: string;
	title: string;
	side: Side;
	level: Level;
	/** From the board's editable function list (operations, R&D, …); compared as an exact string. */
	function: string;
}

/** A goal or a CSF; both are "targets" of the matrix. */
export interface Target {
	id: string;
	kind: TargetKind;
	/** The goal a CSF belongs to; null for goals. */
	parentId: string | null;
	text: string;
	processes: string[];
}

export interface Provenance {
	setBy: string | null;
	/** Epoch milliseconds. */
	setAt: number | null;
	sessionId: string | null;
}

/** One (client stakeholder, target) cell. `priority: null` = unset (a cell may still carry a note). */
export interface Cell {
	stakeholderId: string;
	targetId: string;
	priority: Priority | null;
	validated: boolean;
	note: string;
	provenance: Provenance;
}

/** Supplier-only view of one client stakeholder. */
export interface Relation {
	stakeholderId: string;
	relationship: Relationship;
	/** A supplier stakeholder id, or null. */
	sponsorId: string | null;
	notes: string;
}

export interface AbilityEntry {
	targetId: string;
	ability: Ability;
}

export interface BoardSettings {
	/** Convergence threshold in 0..1. */
	threshold: number;
}

/**
 * The clean snapshot. Invariants after normalization: ids unique; targets in board order (each goal
 * followed by its CSFs); cells, relations and ability only reference existing client stakeholders /
 * targets, at most one per key.
 */
export interface BoardSnapshot {
	stakeholders: Stakeholder[];
	targets: Target[];
	cells: Cell[];
	/** Supplier-only data (the `internal` doc); empty arrays when not available. */
	internal: {
		relations: Relation[];
		ability: AbilityEntry[];
	};
	settings: BoardSettings;
}
