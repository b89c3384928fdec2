// Plain, framework-free snapshot of a board, as the computed views consume it.
// Produce one with `normalizeSnapshot(anything)`; the views also accept raw data and normalize it.
import type { Side } from '../roles.ts';

export type { Side };
export type Level = 'executive' | 'senior' | 'manager';
export type TargetKind = 'goal' | 'csf';
/** 0 not a priority, 1 low, 2 medium, 3 high. */
export type Priority = 0 | 1 | 2 | 3;
/** 0 none, 1 aware, 2 engaged, 3 trusted. */
export type Relationship = 0 | 1 | 2 | 3;
/** Our ability to help with a target, 0..3. */
export type Ability = 0 | 1 | 2 | 3;

export const LEVELS: readonly Level[] = ['executive', 'senior', 'manager'];
export const LEVEL_WEIGHT: Readonly<Record<Level, number>> = { executive: 3, senior: 2, manager: 1 };
export const DEFAULT_THRESHOLD = 0.5;

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
