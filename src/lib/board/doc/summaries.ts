import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { readAgenda } from './agenda.ts';
import { readDecisions } from './decisions.ts';
import { readParkingLot } from './parkingLot.ts';
import { readActions } from './actions.ts';
import { readGoals } from './goals.ts';
import { readItemLists } from './itemLists.ts';
import { readInitiatives } from './initiatives.ts';
import { matrixMap } from './matrix.ts';
import { endSession } from './session.ts';
import { author, isRec, num, str, type Author } from '../model/read.ts';
import type { Side } from '../model/roles.ts';
import { SAVE_REASONS, SUMMARY_LIMITS, type SaveReason } from '../model/limits.ts';
import { summarizeSession, type Contribution, type SessionSummary, type SummaryInput } from '../views/sessionSummary.ts';

/*
 * Saved session summaries, in the shared document (facilitators only; area `facilitation`),
 * written with ORIGIN.session (synced, never undone by Ctrl+Z):
 *
 *   summaries  Y.Map<summaryId, SavedSummary>   a plain object: the figures of views/sessionSummary.ts
 *                                               as they stood, with createdAt, createdBy and why it was saved
 *
 * A snapshot is written once and never edited, so a later session and the reports read what the
 * team saw at the end. Texts are cut and lists capped (SUMMARY_LIMITS) so one snapshot stays well
 * inside one sync message; contentSchema.ts checks the same bounds.
 */

export { SAVE_REASONS, SUMMARY_LIMITS, type SaveReason };

export interface SavedSummary extends SessionSummary {
	createdAt: number;
	createdBy: Author;
	reason: SaveReason;
}

export const summariesMap = (doc: Y.Doc) => doc.getMap<unknown>('summaries');

/** The `votes` root as plain JSON, without creating it when this document has none (the votes work adds it). */
function rawVotes(doc: Y.Doc): unknown {
	if (!doc.share.has('votes')) return undefined;
	try {
		return doc.getMap('votes').toJSON();
	} catch {
		return undefined; // another type under that name: no votes to show
	}
}

/** Everything authored on the board, with when: what the contribution shares count. */
export function readContributions(doc: Y.Doc): Contribution[] {
	const out: Contribution[] = [];
	const add = (kind: Contribution['kind'], by: Author | null, at: number) => out.push({ kind, by, at });
	const { goals, orphans } = readGoals(doc);
	for (const g of goals) {
		add('item', g.author, g.createdAt);
		for (const c of g.csfs) add('item', c.author, c.createdAt);
	}
	for (const g of orphans) add('item', g.author, g.createdAt);
	for (const l of readItemLists(doc)) for (const i of l.items) add('item', i.author, i.createdAt);
	for (const i of readInitiatives(doc)) add('item', i.createdBy, i.createdAt);
	for (const a of readActions(doc)) add('item', a.createdBy, a.createdAt);
	for (const d of readDecisions(doc)) add('item', d.createdBy, d.createdAt);
	for (const p of readParkingLot(doc)) add('item', p.author, p.createdAt);
	// A cell keeps its last writer: a priority set counts as a cell, a note written as a note.
	matrixMap(doc).forEach((v) => {
		if (!isRec(v)) return;
		const by = author(v.setBy);
		const at = num(v.setAt);
		if (v.priority !== null && v.priority !== undefined) add('cell', by, at);
		if (str(v.note).trim() !== '') add('note', by, at);
	});
	return out;
}

/** Labels of what votes may be cast on, by id. */
function labels(doc: Y.Doc): Record<string, string> {
	const out: Record<string, string> = {};
	const { goals, orphans } = readGoals(doc);
	for (const g of [...goals, ...goals.flatMap((x) => x.csfs), ...orphans]) out[g.id] = g.text;
	for (const l of readItemLists(doc)) for (const i of l.items) out[i.id] = i.text;
	for (const i of readInitiatives(doc)) out[i.id] = i.title;
	return out;
}

/** The summary's input, read from the shared document. */
export function summaryInput(doc: Y.Doc, sides: Readonly<Record<string, Side>>, now: number): SummaryInput {
	return {
		now,
		agenda: readAgenda(doc),
		decisions: readDecisions(doc),
		parkingLot: readParkingLot(doc),
		actions: readActions(doc),
		votes: rawVotes(doc),
		labels: labels(doc),
		contributions: readContributions(doc),
		sides
	};
}

export const liveSummary = (doc: Y.Doc, sides: Readonly<Record<string, Side>>, now: number): SessionSummary => summarizeSession(summaryInput(doc, sides, now));

const cut = (s: string) => s.slice(0, SUMMARY_LIMITS.text);

/** The summary as stored: texts cut, lists capped (the schema's bounds). */
export function toSaved(s: SessionSummary, meta: { createdAt: number; createdBy: Author; reason: SaveReason }): SavedSummary {
	return {
		createdAt: meta.createdAt,
		createdBy: { id: meta.createdBy.id, name: meta.createdBy.name.slice(0, 200) },
		reason: meta.reason,
		window: s.window && { start: s.window.start, end: s.window.end },
		steps: s.steps.slice(0, SUMMARY_LIMITS.steps).map((x) => ({ ...x, title: cut(x.title) })),
		totals: { ...s.totals },
		decisions: s.decisions
			.slice(0, SUMMARY_LIMITS.decisions)
			.map((d) => ({ id: d.id, text: cut(d.text), decidedAt: d.decidedAt, deciders: d.deciders.slice(0, 20).map((p) => ({ name: p.name.slice(0, 200), side: p.side })) })),
		parkingLot: {
			open: s.parkingLot.open.slice(0, SUMMARY_LIMITS.parked).map((p) => ({ id: p.id, text: cut(p.text) })),
			moved: s.parkingLot.moved.slice(0, SUMMARY_LIMITS.parked).map((p) => ({ id: p.id, text: cut(p.text), kind: p.kind }))
		},
		actions: s.actions.slice(0, SUMMARY_LIMITS.actions).map((a) => ({ id: a.id, text: cut(a.text), owner: a.owner && a.owner.slice(0, 200), due: a.due })),
		votes: s.votes.slice(0, SUMMARY_LIMITS.votes).map((v) => ({
			id: v.id,
			title: cut(v.title),
			revealedAt: v.revealedAt,
			items: v.items.slice(0, SUMMARY_LIMITS.voteItems).map((i) => ({ itemId: i.itemId, label: cut(i.label), client: i.client, supplier: i.supplier }))
		})),
		votesHidden: s.votesHidden,
		contributions: {
			total: { ...s.contributions.total },
			item: { ...s.contributions.item },
			cell: { ...s.contributions.cell },
			note: { ...s.contributions.note }
		}
	};
}

/** Writes a snapshot of the live summary; returns its id. */
export function saveSummary(doc: Y.Doc, input: { id: string; by: Author; sides: Readonly<Record<string, Side>>; now: number; reason?: SaveReason }): string {
	const saved = toSaved(liveSummary(doc, input.sides, input.now), { createdAt: input.now, createdBy: input.by, reason: input.reason ?? 'manual' });
	doc.transact(() => summariesMap(doc).set(input.id, saved), ORIGIN.session);
	return input.id;
}

/** Ends the agenda and keeps its summary with the board, in one step. */
export function endAgenda(doc: Y.Doc, input: { summaryId: string; by: Author; sides: Readonly<Record<string, Side>>; now: number }): void {
	doc.transact(() => {
		endSession(doc, input.now);
		saveSummary(doc, { id: input.summaryId, by: input.by, sides: input.sides, now: input.now, reason: 'end' });
	}, ORIGIN.session);
}

const isSaved = (v: unknown): v is SavedSummary =>
	isRec(v) && typeof v.createdAt === 'number' && author(v.createdBy) !== null && Array.isArray(v.steps) && isRec(v.totals) && isRec(v.parkingLot) && isRec(v.contributions) && Array.isArray(v.decisions) && Array.isArray(v.actions) && Array.isArray(v.votes);

/** The saved summaries, newest first (malformed entries are skipped). */
export function readSummaries(doc: Y.Doc): (SavedSummary & { id: string })[] {
	const out: (SavedSummary & { id: string })[] = [];
	summariesMap(doc).forEach((v, id) => {
		if (isSaved(v)) out.push({ ...v, id });
	});
	return out.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}
