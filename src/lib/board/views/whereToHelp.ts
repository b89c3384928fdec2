// Places each target by how shared it is (x) against our ability to help (y).
import { computeConvergence, type ConvergenceOptions } from './convergence.ts';
import { normalizeSnapshot } from './normalize.ts';
import type { Ability, TargetKind } from './types.ts';

export type Quadrant = 'help-now' | 'build-or-partner' | 'our-agenda' | 'park';
export const QUADRANTS: readonly Quadrant[] = ['help-now', 'build-or-partner', 'our-agenda', 'park'];
export const QUADRANT_LABELS: Readonly<Record<Quadrant, string>> = {
	'help-now': 'Help now',
	'build-or-partner': 'Build or partner',
	'our-agenda': 'Our agenda, not theirs',
	park: 'Park'
};

/** Ability at or above this counts as "we can help". */
export const ABLE = 2;

export interface HelpPoint {
	targetId: string;
	kind: TargetKind;
	parentId: string | null;
	text: string;
	/** shared(target), 0..1. */
	x: number;
	/** Ability 0..3; 0 when unknown. */
	y: Ability;
	abilityKnown: boolean;
	converges: boolean;
	quadrant: Quadrant;
}

export interface WhereToHelpView {
	threshold: number;
	/** In board order. */
	points: HelpPoint[];
	/** Target ids per quadrant, in board order. */
	byQuadrant: Record<Quadrant, string[]>;
}

/** `converges` is shared(g) ≥ threshold (and at least one client stakeholder on the board). */
export function quadrantOf(converges: boolean, ability: number): Quadrant {
	const able = ability >= ABLE;
	if (converges) return able ? 'help-now' : 'build-or-partner';
	return able ? 'our-agenda' : 'park';
}

export function computeWhereToHelp(board: unknown, options: ConvergenceOptions = {}): WhereToHelpView {
	const snapshot = normalizeSnapshot(board);
	const convergence = computeConvergence(snapshot, options);
	const ability = new Map(snapshot.internal.ability.map((a) => [a.targetId, a.ability]));
	const byQuadrant: Record<Quadrant, string[]> = { 'help-now': [], 'build-or-partner': [], 'our-agenda': [], park: [] };

	const points = convergence.targets.map((t): HelpPoint => {
		const known = ability.get(t.targetId);
		const y: Ability = known ?? 0;
		const quadrant = quadrantOf(t.converges, y);
		byQuadrant[quadrant].push(t.targetId);
		return {
			targetId: t.targetId,
			kind: t.kind,
			parentId: t.parentId,
			text: t.text,
			x: t.shared,
			y,
			abilityKnown: known !== undefined,
			converges: t.converges,
			quadrant
		};
	});
	return { threshold: convergence.threshold, points, byQuadrant };
}
