// The planning model's computed views: pure functions over a board snapshot.
import { computeAlignment, type AlignmentOptions, type AlignmentView } from './alignment.ts';
import { computeConfidence, type ConfidenceView } from './confidence.ts';
import { computeConvergence, type ConvergenceOptions, type ConvergenceView } from './convergence.ts';
import { normalizeSnapshot } from './normalize.ts';
import { computePositioning, type PositioningView } from './positioning.ts';
import type { BoardSnapshot } from './types.ts';
import { computeWhereToHelp, type WhereToHelpView } from './whereToHelp.ts';

export * from './types.ts';
export { normalizeSnapshot, resolveThreshold, ratio } from './normalize.ts';
export * from './convergence.ts';
export * from './alignment.ts';
export * from './positioning.ts';
export * from './confidence.ts';
export * from './whereToHelp.ts';

/** One-line explanations for the scorecard UI. */
export const EXPLAIN = {
	shared:
		'Weighted share of client stakeholders rating this 2 (medium) or 3 (high); executive ×3, senior ×2, manager ×1.',
	known: 'Weighted share of client stakeholders who have rated this at all (any priority, including 0).',
	converges: 'A goal or CSF converges when its weighted share reaches the board threshold (50% by default).',
	alignment:
		'How closely two client stakeholders agree: 1 minus the average priority gap (out of 3) on items both rated.',
	boardAlignment:
		'Average alignment over all client pairs who rated something in common, weighting each pair by their seniority weights multiplied.',
	high: 'The most senior client level where we have an engaged (2) or trusted (3) relationship.',
	wide: 'Share of the client functions on the board where we have at least one engaged or trusted relationship.',
	deep: 'In the functions we cover, the average number of client stakeholders we have an engaged or trusted relationship with.',
	sponsorCoverage: 'Share of client executives and seniors who have a named sponsor on our side.',
	setShare: 'Share of matrix cells (client stakeholders × goals and CSFs) with a priority filled in.',
	validatedShare: 'Of the priorities filled in, the share confirmed in person rather than assumed.',
	whereToHelp:
		'Each goal or CSF placed by how widely the client shares it (across) against our ability to help (up, 0–3).'
} as const;

export type Metric = keyof typeof EXPLAIN;

export interface Scorecard {
	/** The normalized snapshot the views were computed from (names, texts, order for the UI). */
	snapshot: BoardSnapshot;
	convergence: ConvergenceView;
	alignment: AlignmentView;
	positioning: PositioningView;
	confidence: ConfidenceView;
	whereToHelp: WhereToHelpView;
}

export type ScorecardOptions = ConvergenceOptions & AlignmentOptions;

/** Every view at once, from a snapshot or from raw board data (normalized once). */
export function computeScorecard(board: unknown, options: ScorecardOptions = {}): Scorecard {
	const snapshot = normalizeSnapshot(board);
	return {
		snapshot,
		convergence: computeConvergence(snapshot, options),
		alignment: computeAlignment(snapshot, options),
		positioning: computePositioning(snapshot),
		confidence: computeConfidence(snapshot),
		whereToHelp: computeWhereToHelp(snapshot, options)
	};
}
export * from './numbering.ts';
