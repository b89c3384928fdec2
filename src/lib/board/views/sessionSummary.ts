// The session summary: what the session planned and took, what it decided, parked and assigned, the
// votes by side, and whose voice shaped it (contributions by side). Pure and framework-free: it
// reads plain data (doc/summaries.ts gathers it from the documents), so the view, the saved
// snapshots and the reports compute the same figures.
import type { Side } from '../model/roles.ts';
import { touchPointsForReport, type TouchPointLine } from './touchPointReport.ts';
import type { Author } from '../model/read.ts';

// ---- input ----

export interface SummaryStepInput {
	id: string;
	title: string;
	minutes: number;
	log: { startedAt: number | null; endedAt: number | null; spentMs: number };
}

export interface SummaryInput {
	/** Server-corrected time of the summary. */
	now: number;
	/** The agenda in order, each step with its log (doc/agenda.ts readAgenda). */
	agenda: readonly SummaryStepInput[];
	decisions: readonly { id: string; text: string; decidedAt: number; createdAt: number; deciders: readonly { name: string; side: Side }[] }[];
	parkingLot: readonly { id: string; text: string; createdAt: number; movedTo: { kind: string; at: number } | null }[];
	actions: readonly { id: string; text: string; createdAt: number; owner: { name: string } | null; due: string | null }[];
	/** The raw `votes` root as plain JSON (or undefined when the document has none): read tolerantly. */
	votes: unknown;
	/** Labels of the things votes are cast on (goals, list items, initiatives…), by id. */
	labels?: Readonly<Record<string, string>>;
	/** Every authored change on the board, with when it was made (doc/summaries.ts collects them). */
	contributions: readonly Contribution[];
	/** personId → side, from the board's people (workspace members: supplier; guests: their side). */
	sides: Readonly<Record<string, Side>>;
}

export const CONTRIBUTION_KINDS = ['item', 'cell', 'note'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
/** `item`: something added (goal, CSF, list item, initiative, action, decision, parked item); `cell`: a matrix priority set; `note`: a matrix note written. */
export interface Contribution {
	kind: ContributionKind;
	by: Author | null;
	at: number;
}

// ---- output (plain data: this is also what a saved summary stores) ----

export interface StepSummary {
	id: string;
	title: string;
	plannedMin: number;
	/** 0 for a step that never ran. */
	actualMs: number;
	/** actual − planned for a step that ran (negative: it finished early); 0 for one that did not. */
	overrunMs: number;
	ran: boolean;
}

export interface SideCounts {
	client: number;
	supplier: number;
	/** Authors no longer on the board, or writes without an author. */
	unknown: number;
}

export interface VoteSummary {
	id: string;
	title: string;
	revealedAt: number;
	items: { itemId: string; label: string; client: number; supplier: number }[];
}

export interface SessionSummary {
	/** From the first step's start to the end of the last run (or now while a step runs); null before any step ran. */
	window: { start: number; end: number } | null;
	steps: StepSummary[];
	totals: { plannedMin: number; plannedRunMin: number; actualMs: number; overrunMs: number };
	decisions: { id: string; text: string; decidedAt: number; deciders: { name: string; side: Side }[] }[];
	parkingLot: { open: { id: string; text: string }[]; moved: { id: string; text: string; kind: string }[] };
	actions: { id: string; text: string; owner: string | null; due: string | null }[];
	votes: VoteSummary[];
	/** Votes that exist but are not revealed yet (their results are not summarised). */
	votesHidden: number;
	contributions: { total: SideCounts } & Record<ContributionKind, SideCounts>;
}

// ---- computation ----

const MIN = 60_000;
const zero = (): SideCounts => ({ client: 0, supplier: 0, unknown: 0 });
const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Time a step took: its finished runs plus the running one up to `now`. */
function stepActual(log: SummaryStepInput['log'], now: number): number {
	const running = log.startedAt !== null && log.endedAt === null ? Math.max(0, now - log.startedAt) : 0;
	return log.spentMs + running;
}

/**
 * The session's window. A step's log keeps its last run's start only, so a step that ran twice
 * counts from its later start: the earliest start over all steps is still the session's start unless
 * the first step was run again later and no other step ran before it (rare; then the window is shorter).
 */
export function sessionWindow(agenda: readonly SummaryStepInput[], now: number): { start: number; end: number } | null {
	const ran = agenda.filter((s) => s.log.startedAt !== null);
	if (ran.length === 0) return null;
	const start = Math.min(...ran.map((s) => s.log.startedAt!));
	const running = ran.some((s) => s.log.endedAt === null);
	const end = running ? now : Math.max(...ran.map((s) => s.log.endedAt ?? now));
	return { start, end: Math.max(start, end) };
}

const within = (w: { start: number; end: number } | null, t: number) => w !== null && t >= w.start && t <= w.end;

/**
 * Votes as the votes branch stores them: voteId → { results: { itemId: { client, supplier } },
 * revealedAt, title? }. Anything else is skipped; only revealed votes are summarised.
 */
export function readVotes(raw: unknown, labels: Readonly<Record<string, string>> = {}): { votes: VoteSummary[]; hidden: number } {
	if (!isRec(raw)) return { votes: [], hidden: 0 };
	const votes: VoteSummary[] = [];
	let hidden = 0;
	for (const [id, v] of Object.entries(raw)) {
		if (!isRec(v) || !isRec(v.results)) continue;
		if (!finite(v.revealedAt)) {
			hidden++;
			continue;
		}
		const items: VoteSummary['items'] = [];
		// Results are keyed by item refs (`goal:<id>`, `item:<listId>:<id>`, `initiative:<id>`): the
		// thing's current label by its id, else the label the vote stored when it opened.
		const stored = new Map<string, string>();
		if (Array.isArray(v.items)) for (const i of v.items) if (isRec(i) && typeof i.ref === 'string' && typeof i.label === 'string') stored.set(i.ref, i.label);
		for (const [itemId, r] of Object.entries(v.results)) {
			if (!isRec(r)) continue;
			const client = finite(r.client) && r.client >= 0 ? r.client : 0;
			const supplier = finite(r.supplier) && r.supplier >= 0 ? r.supplier : 0;
			const id = itemId.slice(itemId.lastIndexOf(':') + 1);
			items.push({ itemId, label: labels[itemId] ?? labels[id] ?? stored.get(itemId) ?? itemId, client, supplier });
		}
		items.sort((a, b) => b.client + b.supplier - (a.client + a.supplier) || a.label.localeCompare(b.label));
		votes.push({ id, title: typeof v.title === 'string' && v.title ? v.title : 'Vote', revealedAt: v.revealedAt, items });
	}
	votes.sort((a, b) => a.revealedAt - b.revealedAt);
	return { votes, hidden };
}

export function summarizeSession(input: SummaryInput): SessionSummary {
	const { now } = input;
	const window = sessionWindow(input.agenda, now);

	const steps = input.agenda.map((s): StepSummary => {
		const ran = s.log.startedAt !== null;
		const actualMs = ran ? stepActual(s.log, now) : 0;
		return { id: s.id, title: s.title, plannedMin: s.minutes, actualMs, overrunMs: ran ? actualMs - s.minutes * MIN : 0, ran };
	});
	const ranSteps = steps.filter((s) => s.ran);
	const plannedRunMin = ranSteps.reduce((n, s) => n + s.plannedMin, 0);
	const actualMs = ranSteps.reduce((n, s) => n + s.actualMs, 0);
	const totals = { plannedMin: steps.reduce((n, s) => n + s.plannedMin, 0), plannedRunMin, actualMs, overrunMs: actualMs - plannedRunMin * MIN };

	const decisions = input.decisions
		.filter((d) => within(window, d.createdAt))
		.map((d) => ({ id: d.id, text: d.text, decidedAt: d.decidedAt, deciders: d.deciders.map((p) => ({ name: p.name, side: p.side })) }));

	// What is still open (whenever it was parked), and what the session moved on.
	const parkingLot = {
		open: input.parkingLot.filter((p) => !p.movedTo).map((p) => ({ id: p.id, text: p.text })),
		moved: input.parkingLot.filter((p) => p.movedTo && within(window, p.movedTo.at)).map((p) => ({ id: p.id, text: p.text, kind: p.movedTo!.kind }))
	};

	const actions = input.actions.filter((a) => within(window, a.createdAt)).map((a) => ({ id: a.id, text: a.text, owner: a.owner?.name || null, due: a.due }));

	const { votes, hidden } = readVotes(input.votes, input.labels);

	const contributions = { total: zero(), item: zero(), cell: zero(), note: zero() };
	for (const c of input.contributions) {
		if (!within(window, c.at) || !(c.kind in contributions)) continue;
		const side = (c.by && Object.hasOwn(input.sides, c.by.id) ? input.sides[c.by.id] : undefined) ?? 'unknown';
		contributions[c.kind][side]++;
		contributions.total[side]++;
	}

	return { window, steps, totals, decisions, parkingLot, actions, votes, votesHidden: hidden, contributions };
}

/** Each side's share of the attributed contributions (client + supplier = 1; both 0 when none). */
export function sideShares(c: SideCounts): { client: number; supplier: number } {
	const n = c.client + c.supplier;
	return n === 0 ? { client: 0, supplier: 0 } : { client: c.client / n, supplier: c.supplier / n };
}

/** "+3 min", "−2 min", "on time": an overrun for people, rounded to the minute. */
export function overrunLabel(ms: number): string {
	const m = Math.round(ms / MIN);
	if (m === 0) return 'on time';
	return m > 0 ? `+${m} min` : `−${-m} min`;
}

/** Minutes, rounded, for the "actual" column. */
export const minutesOf = (ms: number): number => Math.round(ms / MIN);

/**
 * The touch points agreed in a session (created within its window), for the supplier side's view
 * of the summary (issue #13). They come from the internal document, so they are never part of a
 * saved summary (which the client side reads): the view computes them for each window.
 */
export function summaryTouchPoints(engagement: unknown, board: unknown, window: { start: number; end: number } | null, today: string): TouchPointLine[] {
	if (window === null) return [];
	return touchPointsForReport(engagement, board, { today, window });
}
