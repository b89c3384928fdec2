// Every length and count limit of a board. The interface's limits (what a form accepts) are lower
// than or equal to the server's hard caps (what an incoming update may contain, see contentSchema.ts).

/** Interface limits of goals, stakeholders and notes. */
export const LIMITS = { goalText: 300, note: 2000, name: 120 } as const;
/** Interface limits of initiatives and actions. */
export const PLAN_LIMITS = { title: 300, text: 300 } as const;
/** Interface limits of the item lists (advisory, SOAR). */
export const LIST_LIMITS = { title: 120, item: 300 } as const;

/**
 * The hard caps of one board, enforced by the server. The counts of goals, stakeholders and cells
 * are also the interface's limits (doc/boardFull.ts says so before the server would refuse): the
 * board stays fast up to them (issue #15; `npm run bench -- --only=bigboard`), not much beyond.
 */
export const BOARD_LIMITS = {
	/** Goals and CSFs together (the matrix columns). */
	goals: 300,
	/** Both sides together. */
	stakeholders: 100,
	/** Client-side stakeholders (the matrix rows). */
	clientStakeholders: 40,
	/** Stored matrix cells: every (client stakeholder, goal or CSF) pair at the limits. */
	matrixCells: 12_000,
	initiatives: 500,
	actions: 3_000,
	itemLists: 50,
	itemsPerList: 1_000,
	pickListEntries: 500,
	/** Characters of one co-edited text (interface limit: 300). */
	coEditedText: 4_000,
	idLength: 200,
	/** Characters of one order key. */
	orderKey: 256
} as const;

// ---- facilitation (decisions, parking lot, locks) ----
/** Interface limits and hard caps of the decision log and the parking lot. */
export const FACILITATION_LIMITS = {
	/** Interface limit of a decision's or a parked item's text (the co-edited text cap is BOARD_LIMITS.coEditedText). */
	text: 600,
	/** Hard caps. */
	decisions: 1_000,
	parkedItems: 1_000,
	decidersPerDecision: 100,
	linksPerDecision: 200,
	locks: 100
} as const;
// ---- end facilitation ----

// ---- facilitation: saved session summaries (doc/summaries.ts) ----
/** Caps of one saved summary (texts cut, lists capped, so a snapshot fits one sync message) and of how many a board keeps. */
export const SUMMARY_LIMITS = { saved: 200, text: 300, steps: 50, decisions: 100, actions: 200, parked: 100, votes: 20, voteItems: 50 } as const;
/** Why a summary was saved: the facilitator ended the agenda, or pressed "Save summary". */
export const SAVE_REASONS = ['end', 'manual'] as const;
export type SaveReason = (typeof SAVE_REASONS)[number];
