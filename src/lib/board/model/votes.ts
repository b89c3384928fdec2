// Dot voting, pure: what a ballot may hold, the tally split by side, and where the sides diverge.
// The server enforces these on every cast (src/lib/server/votes.ts); the interface only mirrors them.
import type { Side } from './roles.ts';

export const VOTE_LIMITS = { votes: 200, items: 60, maxBudget: 50, title: 120, label: 300, noteText: 300, notesPerPerson: 50 } as const;
export const VOTE_STATUSES = ['open', 'closed', 'revealed'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

/** A person's dots: item ref → dots (only positive counts are kept). */
export type Ballot = Record<string, number>;
export interface VoteRules {
	items: readonly string[];
	budget: number;
	maxPerItem: number;
}

export const dotsUsed = (b: Ballot): number => Object.values(b).reduce((n, d) => n + d, 0);

/** Null when `ballot` fits the rules, else why not (unknown item, over the budget or the per-item cap). */
export function ballotError(rules: VoteRules, ballot: Ballot): string | null {
	for (const [ref, d] of Object.entries(ballot)) {
		if (!rules.items.includes(ref)) return 'That item is not part of this vote.';
		if (!Number.isInteger(d) || d < 0) return 'Dots are whole numbers.';
		if (d > rules.maxPerItem) return `At most ${rules.maxPerItem} dots per item.`;
	}
	if (dotsUsed(ballot) > rules.budget) return `You have ${rules.budget} dots in all.`;
	return null;
}

/** `ballot` with `delta` dots more (or fewer) on `ref`, zero counts dropped. Check it with ballotError. */
export function withDots(ballot: Ballot, ref: string, delta: number): Ballot {
	const next = { ...ballot, [ref]: Math.max(0, (ballot[ref] ?? 0) + delta) };
	if (next[ref] === 0) delete next[ref];
	return next;
}

export interface SideTotals {
	client: number;
	supplier: number;
}

/** Totals per item, split by the voter's side; every item of the vote is present (0 when no dots). */
export function tallyBySide(items: readonly string[], ballots: ReadonlyArray<{ side: Side; dots: Ballot }>): Record<string, SideTotals> {
	const out: Record<string, SideTotals> = {};
	for (const ref of items) out[ref] = { client: 0, supplier: 0 };
	for (const b of ballots) for (const [ref, d] of Object.entries(b.dots)) if (out[ref]) out[ref][b.side] += d;
	return out;
}

/**
 * Competition ranks (1, 2, 2, 4) of the items by one side's dots, most dots first; ties share the
 * better rank. Items are ordered by ref for a stable result.
 */
export function ranksOf(results: Record<string, SideTotals>, side: Side): Record<string, number> {
	const refs = Object.keys(results).sort();
	const ranks: Record<string, number> = {};
	for (const ref of refs) ranks[ref] = 1 + refs.filter((o) => results[o][side] > results[ref][side]).length;
	return ranks;
}

export interface Divergence {
	ref: string;
	clientRank: number;
	supplierRank: number;
	/** supplierRank - clientRank: positive when the client ranks it higher. */
	gap: number;
}

/**
 * The items where the sides' rankings differ, widest gap first ("the client ranks X first, the
 * supplier ranked it fifth"). Items neither side gave a dot are left out; equal ranks are no divergence.
 */
export function divergence(results: Record<string, SideTotals>): Divergence[] {
	const c = ranksOf(results, 'client');
	const s = ranksOf(results, 'supplier');
	return Object.keys(results)
		.filter((ref) => results[ref].client + results[ref].supplier > 0 && c[ref] !== s[ref])
		.map((ref) => ({ ref, clientRank: c[ref], supplierRank: s[ref], gap: s[ref] - c[ref] }))
		.sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap) || Math.min(a.clientRank, a.supplierRank) - Math.min(b.clientRank, b.supplierRank) || a.ref.localeCompare(b.ref));
}

/** The `n` items with the most dots (both sides together), most first; items with no dots are left out. */
export function topItems(results: Record<string, SideTotals>, n: number): string[] {
	return Object.entries(results)
		.map(([ref, t]) => ({ ref, total: t.client + t.supplier }))
		.filter((x) => x.total > 0)
		.sort((a, b) => b.total - a.total || a.ref.localeCompare(b.ref))
		.slice(0, n)
		.map((x) => x.ref);
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
export function ordinal(n: number): string {
	if (ORDINALS[n - 1]) return ORDINALS[n - 1];
	const teen = n % 100 >= 11 && n % 100 <= 13;
	return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/** "The client ranks “X” first, the supplier ranked it fifth." */
export function describeDivergence(d: Divergence, label: string): string {
	return `The client side ranks “${label}” ${ordinal(d.clientRank)}, the supplier side ranks it ${ordinal(d.supplierRank)}.`;
}
