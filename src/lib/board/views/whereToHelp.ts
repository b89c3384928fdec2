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

const samePoint = (a: HelpPoint, b: HelpPoint) =>
	a.targetId === b.targetId && a.kind === b.kind && a.parentId === b.parentId && a.text === b.text && a.x === b.x && a.y === b.y && a.abilityKnown === b.abilityKnown && a.converges === b.converges && a.quadrant === b.quadrant;

/**
 * `next` with every point equal to one of `prev` replaced by that one, and `prev` itself when
 * nothing changed: the chart and the table redraw only the points a change touched (issue #15:
 * 300 rows and markers per remote keystroke otherwise).
 */
export function keepUnchangedPoints(prev: WhereToHelpView | null, next: WhereToHelpView): WhereToHelpView {
	if (!prev) return next;
	const byId = new Map(prev.points.map((p) => [p.targetId, p]));
	let same = prev.threshold === next.threshold && prev.points.length === next.points.length;
	const points = next.points.map((p, i) => {
		const old = byId.get(p.targetId);
		const keep = old && samePoint(old, p) ? old : p;
		if (keep !== prev.points[i]) same = false;
		return keep;
	});
	return same ? prev : { ...next, points };
}
