import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { votesMap } from './votesMap.ts';
import { PlanInputError } from './input.ts';
import { addInitiative } from './initiatives.ts';
import { addStep, readAgenda } from './agenda.ts';
import { AGENDA_LIMITS, type ViewId } from '../model/facilitation.ts';
import { readGoals } from './goals.ts';
import { readInitiatives } from './initiatives.ts';
import { readItemLists } from './itemLists.ts';
import { VOTE_LIMITS, VOTE_STATUSES, topItems, type Divergence, type SideTotals, type VoteStatus } from '../model/votes.ts';
import { author, isRec, num, str, type Author } from '../model/read.ts';

/*
 * Dot votes, in the shared document. The definition is the facilitator's (area `facilitation`);
 * what the server computes is `system` (written by the server only, contentSchema.ts):
 *
 *   votes  Y.Map<voteId, Y.Map>  title, items: [{ ref, label }], budget, maxPerItem, anonymous,
 *                                status: 'open' | 'closed' | 'revealed', openedBy, openedAt
 *                                (server) liveTotals: { ref: dots } | null   only while showLiveVoteTotals
 *                                (server) results: { ref: { client, supplier } } | null
 *                                (server) divergence: [{ ref, clientRank, supplierRank, gap }]
 *                                (server) voters: { client, supplier }  how many people voted
 *                                (server) revealedAt: number | null
 *
 * Ballots are never here: the server holds them (vote_ballots) until the reveal.
 * Item refs: `goal:<id>`, `initiative:<id>`, `item:<listId>:<itemId>`.
 */

export interface VoteItem {
	ref: string;
	label: string;
}
export interface VoteView {
	id: string;
	title: string;
	items: VoteItem[];
	budget: number;
	maxPerItem: number;
	anonymous: boolean;
	status: VoteStatus;
	openedBy: Author | null;
	openedAt: number;
	liveTotals: Record<string, number> | null;
	results: Record<string, SideTotals> | null;
	divergence: Divergence[];
	voters: { client: number; supplier: number };
	revealedAt: number | null;
}

export { votesMap };

const count = (v: unknown) => Math.max(0, Math.round(num(v)));

function readResults(v: unknown): Record<string, SideTotals> | null {
	if (!isRec(v)) return null;
	const out: Record<string, SideTotals> = {};
	for (const [ref, t] of Object.entries(v)) if (isRec(t)) out[ref] = { client: count(t.client), supplier: count(t.supplier) };
	return out;
}

export function readVote(id: string, m: unknown): VoteView | null {
	if (!(m instanceof Y.Map)) return null;
	const items = Array.isArray(m.get('items')) ? (m.get('items') as unknown[]).filter(isRec).map((i) => ({ ref: str(i.ref), label: str(i.label) })) : [];
	const status = (VOTE_STATUSES as readonly unknown[]).includes(m.get('status')) ? (m.get('status') as VoteStatus) : 'closed';
	const live = m.get('liveTotals');
	const voters = m.get('voters');
	const revealedAt = m.get('revealedAt');
	const results = readResults(m.get('results'));
	return {
		id,
		title: str(m.get('title')),
		items,
		budget: count(m.get('budget')),
		maxPerItem: count(m.get('maxPerItem')),
		anonymous: m.get('anonymous') !== false,
		// Only the server's reveal makes results: a 'revealed' status without them is still closed.
		status: status === 'revealed' && !results ? 'closed' : status,
		openedBy: author(m.get('openedBy')),
		openedAt: num(m.get('openedAt')),
		liveTotals: isRec(live) ? Object.fromEntries(Object.entries(live).map(([k, v]) => [k, count(v)])) : null,
		results,
		divergence: Array.isArray(m.get('divergence'))
			? (m.get('divergence') as unknown[]).filter(isRec).map((d) => ({ ref: str(d.ref), clientRank: count(d.clientRank), supplierRank: count(d.supplierRank), gap: Math.round(num(d.gap)) }))
			: [],
		voters: isRec(voters) ? { client: count(voters.client), supplier: count(voters.supplier) } : { client: 0, supplier: 0 },
		revealedAt: typeof revealedAt === 'number' ? revealedAt : null
	};
}

/** Every vote, newest first. */
export function readVotes(doc: Y.Doc): VoteView[] {
	const out: VoteView[] = [];
	votesMap(doc).forEach((m, id) => {
		const v = readVote(id, m);
		if (v) out.push(v);
	});
	return out.sort((a, b) => b.openedAt - a.openedAt);
}

/** What may be voted on: goals and CSFs, initiatives, list items, with their current labels. */
export function votableItems(doc: Y.Doc): { group: string; items: VoteItem[] }[] {
	const goals = readGoals(doc).goals.flatMap((g) => [g, ...g.csfs]);
	const groups = [
		{ group: 'Goals and CSFs', items: goals.map((g) => ({ ref: `goal:${g.id}`, label: g.text || '(untitled)' })) },
		{ group: 'Initiatives', items: readInitiatives(doc).map((i) => ({ ref: `initiative:${i.id}`, label: i.title || '(untitled)' })) },
		...readItemLists(doc).map((l) => ({ group: l.title, items: l.items.map((i) => ({ ref: `item:${l.id}:${i.id}`, label: i.text || '(empty)' })) }))
	];
	return groups.filter((g) => g.items.length > 0);
}

export function openVote(
	doc: Y.Doc,
	input: { id: string; title: string; items: VoteItem[]; budget: number; maxPerItem: number; anonymous: boolean; by: Author; now?: number }
): string {
	const title = input.title.trim().slice(0, VOTE_LIMITS.title) || 'Dot vote';
	const items = input.items.slice(0, VOTE_LIMITS.items).map((i) => ({ ref: i.ref, label: i.label.slice(0, VOTE_LIMITS.label) }));
	if (items.length === 0) throw new PlanInputError('Pick at least one item to vote on.');
	const budget = Math.round(input.budget);
	const maxPerItem = Math.round(input.maxPerItem);
	if (!(budget >= 1 && budget <= VOTE_LIMITS.maxBudget)) throw new PlanInputError(`Dots per person: 1 to ${VOTE_LIMITS.maxBudget}.`);
	if (!(maxPerItem >= 1 && maxPerItem <= budget)) throw new PlanInputError('The maximum per item is 1 to the dots per person.');
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('title', title);
		m.set('items', items);
		m.set('budget', budget);
		m.set('maxPerItem', maxPerItem);
		m.set('anonymous', input.anonymous);
		m.set('status', 'open');
		m.set('openedBy', { id: input.by.id, name: input.by.name });
		m.set('openedAt', input.now ?? Date.now());
		votesMap(doc).set(input.id, m);
	}, ORIGIN.session);
	return input.id;
}

/** Closes (or reopens) voting; the reveal is the server's (it holds the ballots). */
export function setVoteStatus(doc: Y.Doc, voteId: string, status: 'open' | 'closed'): void {
	const m = votesMap(doc).get(voteId);
	if (!(m instanceof Y.Map) || m.get('status') === status || m.get('results')) return;
	doc.transact(() => m.set('status', status), ORIGIN.session);
}

/** The open vote, if any (the newest). */
export const openVoteOf = (doc: Y.Doc): VoteView | null => readVotes(doc).find((v) => v.status === 'open') ?? null;

/**
 * Makes the `n` items with the most dots initiatives in one move (one undo step), titled by their
 * labels and linked to the goal or CSF when the item is one. Returns the new initiatives' ids.
 */
export function addTopItemsAsInitiatives(doc: Y.Doc, voteId: string, n: number, author: Author, newId: () => string, now = Date.now()): string[] {
	const vote = readVote(voteId, votesMap(doc).get(voteId));
	if (!vote?.results) return [];
	const labels = new Map(vote.items.map((i) => [i.ref, i.label]));
	const existing = new Set(readInitiatives(doc).map((i) => i.title.trim()));
	const ids: string[] = [];
	doc.transact(() => {
		for (const ref of topItems(vote.results!, n)) {
			const label = (labels.get(ref) ?? '').trim();
			if (!label || existing.has(label) || ref.startsWith('initiative:')) continue;
			const targetIds = ref.startsWith('goal:') ? [ref.slice('goal:'.length)] : [];
			ids.push(addInitiative(doc, { id: newId(), title: label, author, targetIds, now }));
		}
	}, ORIGIN.local);
	return ids;
}

/** The view an agenda step about a voted item opens. */
function viewOfRef(ref: string): ViewId {
	if (ref.startsWith('goal:')) return 'goals';
	if (ref.startsWith('initiative:')) return 'initiatives';
	return 'lists';
}

/** Planned minutes of an agenda step made from a vote result (the facilitator edits it later). */
export const TOP_ITEM_STEP_MINUTES = 10;

/**
 * Makes the `n` items with the most dots the session's next agenda steps in one move (one undo
 * step): "discuss" steps titled by their labels, on the view the item lives on, after the existing
 * steps. Items already on the agenda (same title) are skipped, and the agenda's step limit holds.
 * Facilitators only: the agenda is in the `facilitation` area, which the server enforces.
 */
export function addTopItemsAsSteps(doc: Y.Doc, voteId: string, n: number, newId: () => string): string[] {
	const vote = readVote(voteId, votesMap(doc).get(voteId));
	if (!vote?.results) return [];
	const labels = new Map(vote.items.map((i) => [i.ref, i.label]));
	const agenda = readAgenda(doc);
	const existing = new Set(agenda.map((s) => s.title.trim()));
	let room = AGENDA_LIMITS.steps - agenda.length;
	const ids: string[] = [];
	doc.transact(() => {
		for (const ref of topItems(vote.results!, n)) {
			const title = (labels.get(ref) ?? '').trim().slice(0, AGENDA_LIMITS.title);
			if (!title || existing.has(title) || room <= 0) continue;
			const id = newId();
			addStep(doc, id, { title, minutes: TOP_ITEM_STEP_MINUTES, view: viewOfRef(ref), mode: 'discuss' });
			existing.add(title);
			room--;
			ids.push(id);
		}
	}, ORIGIN.local);
	return ids;
}

// ---- written by the server (src/lib/server/votes.ts) ----

export function writeLiveTotals(doc: Y.Doc, voteId: string, totals: Record<string, number> | null): void {
	const m = votesMap(doc).get(voteId);
	if (m instanceof Y.Map) m.set('liveTotals', totals);
}

export function writeResults(
	doc: Y.Doc,
	voteId: string,
	r: { results: Record<string, SideTotals>; divergence: Divergence[]; voters: { client: number; supplier: number }; now: number }
): void {
	const m = votesMap(doc).get(voteId);
	if (!(m instanceof Y.Map)) return;
	m.set('results', r.results);
	m.set('divergence', r.divergence);
	m.set('voters', r.voters);
	m.set('liveTotals', null);
	m.set('revealedAt', r.now);
	m.set('status', 'revealed');
}
