import { and, eq, inArray, isNull } from 'drizzle-orm';
import { json, type RequestEvent } from '@sveltejs/kit';
import type { AppDb } from './db/index.ts';
import { getDb } from './db/index.ts';
import { one, q, transaction } from './db/query.ts';
import { resolveBoardAccess, type Principal } from './access.ts';
import { applyServerChange } from './live.ts';
import { newId } from './ids.ts';
import { canManageBoard, canWrite, type BoardAccess, type Side } from '../board/model/roles.ts';
import { ballotError, divergence, dotsUsed, tallyBySide, withDots, VOTE_LIMITS, type Ballot, type VoteRules } from '../board/model/votes.ts';
import { readClientView } from '../board/doc/clientView.ts';
import { readVote, votesMap, writeLiveTotals, writeResults, type VoteView } from '../board/doc/votes.ts';
import { addItem } from '../board/doc/itemLists.ts';
import { addGoal } from '../board/doc/goals.ts';

/*
 * Ballots and private notes are held here, never in a document: a document reaches every browser on
 * the board, these reach only their author (and, as totals or revealed items, everyone once the
 * facilitator reveals them). Every route resolves the caller's board access per request.
 */

export interface Caller {
	access: BoardAccess;
	personKey: string;
	author: { id: string; name: string };
}

/** The caller on this board, or a JSON error response (401 not signed in, 404 no access). */
export async function callerOf(event: Pick<RequestEvent, 'locals' | 'params'>, boardId: string): Promise<Caller | Response> {
	const p: Principal | null | undefined = event.locals.principal;
	if (!p) return json({ error: 'Not signed in.' }, { status: 401 });
	const access = await resolveBoardAccess(getDb(), p, boardId);
	if (!access) return json({ error: 'No access to this board.' }, { status: 404 });
	const id = p.kind === 'user' ? p.userId : p.guestId;
	return { access, personKey: `${p.kind}:${id}`, author: { id, name: p.name } };
}

export const refuse = (status: number, error: string) => json({ error }, { status });

export async function readJson(request: Request): Promise<Record<string, unknown> | null> {
	if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) return null;
	try {
		const v = await request.json();
		return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

// ---- ballots ----

function parseDots(s: string): Ballot {
	try {
		const v = JSON.parse(s) as unknown;
		if (typeof v !== 'object' || v === null) return {};
		return Object.fromEntries(Object.entries(v).filter(([, d]) => typeof d === 'number' && d > 0)) as Ballot;
	} catch {
		return {};
	}
}

export async function ballotOf(db: AppDb, boardId: string, voteId: string, personKey: string): Promise<Ballot> {
	const { orm, t } = q(db);
	const { voteBallots } = t;
	const row = await one(
		orm
			.select({ dots: voteBallots.dots })
			.from(voteBallots)
			.where(and(eq(voteBallots.boardId, boardId), eq(voteBallots.voteId, voteId), eq(voteBallots.personKey, personKey)))
	);
	return row ? parseDots(row.dots) : {};
}

export async function ballotsOf(db: AppDb, boardId: string, voteId: string): Promise<{ personKey: string; name: string; side: Side; dots: Ballot }[]> {
	const { orm, t } = q(db);
	const { voteBallots } = t;
	const rows = await orm
		.select()
		.from(voteBallots)
		.where(and(eq(voteBallots.boardId, boardId), eq(voteBallots.voteId, voteId)));
	return rows.map((r) => ({ personKey: r.personKey, name: r.name, side: r.side, dots: parseDots(r.dots) }));
}

/** Stores the caller's whole ballot for this vote (checked by the caller against the vote's rules). */
export async function saveBallot(db: AppDb, boardId: string, voteId: string, c: Pick<Caller, 'personKey' | 'author' | 'access'>, dots: Ballot, now = Date.now()): Promise<void> {
	const { orm, t } = q(db);
	const { voteBallots } = t;
	const row = { dots: JSON.stringify(dots), name: c.author.name, side: c.access.side, updatedAt: now };
	await orm
		.insert(voteBallots)
		.values({ boardId, voteId, personKey: c.personKey, ...row })
		.onConflictDoUpdate({ target: [voteBallots.boardId, voteBallots.voteId, voteBallots.personKey], set: row });
}

export const readLiveVote = (boardId: string, voteId: string): Promise<VoteView | null> =>
	applyServerChange(boardId, 'shared', (doc) => readVote(voteId, votesMap(doc).get(voteId)));

/** A person's ballot as they see it: their dots and how many they have left. */
export const ownBallot = (vote: Pick<VoteView, 'budget'>, dots: Ballot) => ({ dots, dotsLeft: Math.max(0, vote.budget - dotsUsed(dots)) });

/**
 * Adds `delta` dots to `ref` on the caller's ballot, within the vote's rules (checked here, not in
 * the browser). Refuses unless the vote is open. With live totals on, the new totals (all sides
 * together, no names) are written into the document.
 */
export async function castDots(c: Caller, boardId: string, voteId: string, ref: string, delta: number): Promise<Response> {
	if (!canWrite(c.access)) return refuse(403, 'Observers do not vote.');
	if (!Number.isInteger(delta) || Math.abs(delta) > VOTE_LIMITS.maxBudget) return refuse(400, 'Send a whole number of dots.');
	const vote = await readLiveVote(boardId, voteId);
	if (!vote) return refuse(404, 'No such vote.');
	if (vote.status !== 'open') return refuse(409, 'This vote is closed.');
	const cast = await castBallot(getDb(), boardId, voteId, c, { items: vote.items.map((i) => i.ref), budget: vote.budget, maxPerItem: vote.maxPerItem }, ref, delta);
	if (!cast.ok) return json({ error: cast.problem, ...ownBallot(vote, cast.ballot) }, { status: 422 });
	await syncLiveTotals(boardId, voteId);
	return json(ownBallot(vote, cast.ballot));
}

/** A cast the rules refuse: thrown to roll its transaction back (nothing of it is stored). */
class Refused {
	readonly problem: string;
	readonly ballot: Ballot;
	constructor(problem: string, ballot: Ballot) {
		this.problem = problem;
		this.ballot = ballot;
	}
}

/**
 * Adds `delta` dots to `ref` on the caller's stored ballot, if the result keeps to `rules`: read,
 * checked and written in one transaction holding the ballot's row, so casts arriving at once (a
 * double click, two tabs) each count exactly once on either backend.
 */
export async function castBallot(
	db: AppDb,
	boardId: string,
	voteId: string,
	c: Pick<Caller, 'personKey' | 'author' | 'access'>,
	rules: VoteRules,
	ref: string,
	delta: number,
	now = Date.now()
): Promise<{ ok: true; ballot: Ballot } | { ok: false; problem: string; ballot: Ballot }> {
	try {
		return await transaction(db, async (tx) => {
			const { orm, t } = q(tx);
			const { voteBallots } = t;
			const own = and(eq(voteBallots.boardId, boardId), eq(voteBallots.voteId, voteId), eq(voteBallots.personKey, c.personKey));
			// The row exists (empty if new), then is locked: on PostgreSQL the UPDATE holds it until the
			// commit, so a concurrent cast waits here and then reads this one's result (READ COMMITTED
			// reads afresh per statement). SQLite runs one transaction at a time (db/query.ts).
			await orm.insert(voteBallots).values({ boardId, voteId, personKey: c.personKey, dots: '{}', name: c.author.name, side: c.access.side, updatedAt: now }).onConflictDoNothing();
			await orm.update(voteBallots).set({ updatedAt: now }).where(own);
			const current = await ballotOf(tx, boardId, voteId, c.personKey);
			const next = withDots(current, ref, delta);
			const problem = ballotError(rules, next);
			if (problem) throw new Refused(problem, current);
			await saveBallot(tx, boardId, voteId, c, next, now);
			return { ok: true as const, ballot: next };
		});
	} catch (err) {
		if (err instanceof Refused) return { ok: false, problem: err.problem, ballot: err.ballot };
		throw err;
	}
}

/** Writes (or clears) the running totals, per the facilitator's clientView.showLiveVoteTotals. */
export async function syncLiveTotals(boardId: string, voteId: string): Promise<void> {
	// Read before the change (a document change is synchronous); the change itself re-checks the vote.
	const ballots = await ballotsOf(getDb(), boardId, voteId);
	await applyServerChange(boardId, 'shared', (doc) => {
		const vote = readVote(voteId, votesMap(doc).get(voteId));
		if (!vote || vote.status !== 'open') return;
		if (!readClientView(doc).showLiveVoteTotals) {
			if (vote.liveTotals) writeLiveTotals(doc, voteId, null);
			return;
		}
		const byItem = tallyBySide(vote.items.map((i) => i.ref), ballots);
		writeLiveTotals(doc, voteId, Object.fromEntries(Object.entries(byItem).map(([ref, t]) => [ref, t.client + t.supplier])));
	});
}

/**
 * For facilitators: who has voted and their dots left; never where anyone's dots went. (Totals are
 * left out too: with one voter they would be that person's ballot.)
 */
export async function voteProgress(boardId: string, vote: VoteView) {
	const people = (await ballotsOf(getDb(), boardId, vote.id)).map((b) => ({ name: b.name, side: b.side, dotsUsed: dotsUsed(b.dots), dotsLeft: Math.max(0, vote.budget - dotsUsed(b.dots)) }));
	return { voteId: vote.id, status: vote.status, budget: vote.budget, people: people.filter((p) => p.dotsUsed > 0).sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The facilitator's reveal: totals split by side and the divergence, written into the document. */
export async function revealVote(c: Caller, boardId: string, voteId: string): Promise<Response> {
	if (!canManageBoard(c.access) || !canWrite(c.access)) return refuse(403, 'Only a facilitator reveals a vote.');
	// The room loads first, then the ballots are read and the totals written: a cast stored while the
	// room loaded counts (a document change is synchronous, so the read cannot sit inside it).
	await readLiveVote(boardId, voteId);
	const ballots = await ballotsOf(getDb(), boardId, voteId);
	const outcome = await applyServerChange(boardId, 'shared', (doc) => {
		const vote = readVote(voteId, votesMap(doc).get(voteId));
		if (!vote) return null;
		if (vote.results) return vote;
		const results = tallyBySide(vote.items.map((i) => i.ref), ballots);
		const voted = ballots.filter((b) => dotsUsed(b.dots) > 0);
		writeResults(doc, voteId, {
			results,
			divergence: divergence(results),
			voters: { client: voted.filter((b) => b.side === 'client').length, supplier: voted.filter((b) => b.side === 'supplier').length },
			now: Date.now()
		});
		return readVote(voteId, votesMap(doc).get(voteId));
	});
	if (!outcome) return refuse(404, 'No such vote.');
	return json({ ok: true, results: outcome.results });
}

// ---- private notes ----

export interface OwnNote {
	id: string;
	text: string;
	createdAt: number;
}

/** The caller's own notes not yet revealed: never anyone else's (the query is by person). */
export async function ownNotes(db: AppDb, boardId: string, personKey: string): Promise<OwnNote[]> {
	const { orm, t } = q(db);
	const { privateNotes } = t;
	return orm
		.select({ id: privateNotes.id, text: privateNotes.text, createdAt: privateNotes.createdAt })
		.from(privateNotes)
		.where(and(eq(privateNotes.boardId, boardId), eq(privateNotes.personKey, personKey), isNull(privateNotes.revealedAt)))
		.orderBy(privateNotes.createdAt);
}

export async function addNote(db: AppDb, c: Caller, boardId: string, text: string): Promise<OwnNote | string> {
	const clean = text.trim();
	if (!clean) return 'A note cannot be empty.';
	if (clean.length > VOTE_LIMITS.noteText) return `A note has at most ${VOTE_LIMITS.noteText} characters.`;
	if ((await ownNotes(db, boardId, c.personKey)).length >= VOTE_LIMITS.notesPerPerson) return `At most ${VOTE_LIMITS.notesPerPerson} notes each.`;
	const note = { id: newId(), text: clean, createdAt: Date.now() };
	const { orm, t } = q(db);
	await orm.insert(t.privateNotes).values({ ...note, boardId, personKey: c.personKey, name: c.author.name, side: c.access.side });
	return note;
}

export async function deleteNote(db: AppDb, c: Caller, boardId: string, noteId: string): Promise<void> {
	const { orm, t } = q(db);
	const { privateNotes } = t;
	await orm
		.delete(privateNotes)
		.where(and(eq(privateNotes.id, noteId), eq(privateNotes.boardId, boardId), eq(privateNotes.personKey, c.personKey), isNull(privateNotes.revealedAt)));
}

/** The notes are in the shared document now: no longer private, no longer the author's to delete. */
export async function markNotesRevealed(db: AppDb, boardId: string, ids: string[], now = Date.now()): Promise<void> {
	const { orm, t } = q(db);
	const { privateNotes } = t;
	for (let i = 0; i < ids.length; i += 500)
		await orm
			.update(privateNotes)
			.set({ revealedAt: now })
			.where(and(eq(privateNotes.boardId, boardId), inArray(privateNotes.id, ids.slice(i, i + 500))));
}

/** How many notes wait, per side (for the facilitator's reveal button; no texts, no names). */
export async function pendingNoteCount(db: AppDb, boardId: string): Promise<{ client: number; supplier: number }> {
	const { orm, t } = q(db);
	const { privateNotes } = t;
	const rows = await orm.select({ side: privateNotes.side }).from(privateNotes).where(and(eq(privateNotes.boardId, boardId), isNull(privateNotes.revealedAt)));
	return { client: rows.filter((r) => r.side === 'client').length, supplier: rows.filter((r) => r.side === 'supplier').length };
}

export type NoteTarget = { kind: 'goals' } | { kind: 'list'; listId: string };

/**
 * The facilitator's reveal of every waiting note, into goals or an item list, as ordinary items:
 * with their authors, or under the facilitator's name when `anonymous`. Returns how many went in.
 */
export async function revealNotes(c: Caller, boardId: string, target: NoteTarget, anonymous: boolean): Promise<Response> {
	if (!canManageBoard(c.access) || !canWrite(c.access)) return refuse(403, 'Only a facilitator reveals the notes.');
	const db = getDb();
	const { orm, t } = q(db);
	const { privateNotes } = t;
	const rows = await orm
		.select()
		.from(privateNotes)
		.where(and(eq(privateNotes.boardId, boardId), isNull(privateNotes.revealedAt)))
		.orderBy(privateNotes.createdAt);
	const anon = { id: 'anonymous', name: 'Anonymous' };
	const authorOf = (r: (typeof rows)[number]) => (anonymous ? anon : { id: r.personKey.slice(r.personKey.indexOf(':') + 1), name: r.name });
	let added: number;
	try {
		added = await applyServerChange(boardId, 'shared', (doc) => {
			for (const r of rows) {
				if (target.kind === 'goals') addGoal(doc, { id: newId(), text: r.text, author: authorOf(r) });
				else addItem(doc, { id: newId(), listId: target.listId, text: r.text, author: authorOf(r) });
			}
			return rows.length;
		});
	} catch (err) {
		return refuse(422, err instanceof Error ? err.message : 'Could not add the notes.');
	}
	await markNotesRevealed(db, boardId, rows.map((r) => r.id));
	return json({ ok: true, added });
}
