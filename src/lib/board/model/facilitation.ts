// The facilitation vocabulary: the views an agenda step can open, the modes a step runs in, and the
// default agenda each template starts with. Shared by the document schema, the server's seed and
// the interface; free of Svelte (the components' tabs.ts has the same view ids, a unit test checks).
import type { TemplateId } from './templates.ts';

/** The board's view (tab) ids, in tab order. */
export const VIEW_IDS = ['lists', 'goals', 'stakeholders', 'matrix', 'scorecard', 'where-to-help', 'initiatives', 'actions', 'canvas'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const STEP_MODES = ['discuss', 'private', 'vote', 'decide'] as const;
export type StepMode = (typeof STEP_MODES)[number];

export const STEP_MODE_LABELS: Readonly<Record<StepMode, string>> = {
	discuss: 'Discuss',
	private: 'Private writing',
	vote: 'Vote',
	decide: 'Decide'
};

export const AGENDA_LIMITS = {
	steps: 50,
	title: 120,
	/** Planned minutes of one step. */
	maxMinutes: 480,
	/** Longest timer (planned plus extensions), in minutes. */
	maxTimerMinutes: 24 * 60
} as const;

export interface StepDef {
	title: string;
	minutes: number;
	view: ViewId;
	mode: StepMode;
}

/** The agenda a new board starts with (the facilitator edits it). Every view exists on that template's board. */
export const DEFAULT_AGENDAS: Readonly<Record<TemplateId, readonly StepDef[]>> = {
	'joint-planning': [
		{ title: "The client's goals and critical success factors", minutes: 25, view: 'goals', mode: 'discuss' },
		{ title: 'Who is who on both sides', minutes: 10, view: 'stakeholders', mode: 'discuss' },
		{ title: "Each executive's priorities", minutes: 20, view: 'matrix', mode: 'private' },
		{ title: 'Where we converge', minutes: 10, view: 'scorecard', mode: 'discuss' },
		{ title: 'Where we can help', minutes: 15, view: 'where-to-help', mode: 'vote' },
		{ title: 'Initiatives', minutes: 15, view: 'initiatives', mode: 'decide' },
		{ title: 'Owned, dated actions', minutes: 10, view: 'actions', mode: 'decide' }
	],
	advisory: [
		{ title: 'Client goals for the year', minutes: 15, view: 'lists', mode: 'private' },
		{ title: 'What working with us is like', minutes: 20, view: 'lists', mode: 'discuss' },
		{ title: 'Ideas to try together', minutes: 20, view: 'lists', mode: 'vote' },
		{ title: 'What we will do next', minutes: 10, view: 'actions', mode: 'decide' }
	],
	qbr: [
		{ title: 'Review last quarter’s goals', minutes: 15, view: 'goals', mode: 'discuss' },
		{ title: 'Update the priorities', minutes: 15, view: 'matrix', mode: 'private' },
		{ title: 'Scorecard: what moved', minutes: 10, view: 'scorecard', mode: 'discuss' },
		{ title: 'Actions: done, open, dropped', minutes: 15, view: 'actions', mode: 'decide' }
	],
	soar: [
		{ title: 'Strengths', minutes: 15, view: 'lists', mode: 'private' },
		{ title: 'Opportunities', minutes: 15, view: 'lists', mode: 'discuss' },
		{ title: 'Aspirations', minutes: 15, view: 'lists', mode: 'vote' },
		{ title: 'Results and next steps', minutes: 15, view: 'actions', mode: 'decide' }
	],
	blank: []
};
