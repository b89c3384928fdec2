import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { PlanInputError, replaceText, requiredText } from './input.ts';
import { FACILITATION_LIMITS } from '../model/limits.ts';
import { byOrderKey, keyAfter, orderTag } from '../model/order.ts';
import { author, isRec, num, str, textOf, uniqueIds, type Author } from '../model/read.ts';
import { OWNER_KINDS, type OwnerKind } from '../model/vocabulary.ts';
import type { Side } from '../model/roles.ts';

/*
 * The decision log, in the shared document (every board has one):
 *
 *   decisions  Y.Map<id, Y.Map>  text: Y.Text (what was decided, co-edited),
 *                                deciders: Decider[] (who decided: stakeholders or workspace members, with their side),
 *                                decidedAt: number, targetIds: string[] (goals and CSFs), initiativeIds: string[],
 *                                order: string, createdBy: Author, createdAt: number
 *
 * Both sides decide jointly, so anyone who may write records decisions (permissions.ts `decisions`).
 * Deciders keep their name and side with the decision, so it still reads right after a stakeholder
 * is deleted; links to deleted goals or initiatives are dropped when read.
 */

export interface Decider {
	kind: OwnerKind;
	id: string;
	name: string;
	side: Side;
}

export interface DecisionView {
	id: string;
	text: string;
	deciders: Decider[];
	decidedAt: number;
	targetIds: string[];
	initiativeIds: string[];
	order: string;
	createdBy: Author | null;
	createdAt: number;
}

export const decisionsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('decisions');

function decider(v: unknown): Decider | null {
	if (!isRec(v) || !(OWNER_KINDS as readonly unknown[]).includes(v.kind) || typeof v.id !== 'string' || !v.id) return null;
	if (v.side !== 'supplier' && v.side !== 'client') return null;
	return { kind: v.kind as OwnerKind, id: v.id, name: str(v.name), side: v.side };
}

function deciders(v: unknown): Decider[] {
	if (!Array.isArray(v)) return [];
	const seen = new Set<string>();
	const out: Decider[] = [];
	for (const x of v) {
		const d = decider(x);
		if (d && !seen.has(`${d.kind}:${d.id}`)) {
			seen.add(`${d.kind}:${d.id}`);
			out.push(d);
		}
	}
	return out;
}

function readDecision(id: string, m: Y.Map<unknown>): DecisionView {
	return {
		id,
		text: textOf(m.get('text')),
		deciders: deciders(m.get('deciders')),
		decidedAt: num(m.get('decidedAt')),
		targetIds: uniqueIds(m.get('targetIds')),
		initiativeIds: uniqueIds(m.get('initiativeIds')),
		order: str(m.get('order'), 'a0'),
		createdBy: author(m.get('createdBy')),
		createdAt: num(m.get('createdAt'))
	};
}

/** Every decision, in the order they were recorded. */
export function readDecisions(doc: Y.Doc): DecisionView[] {
	const out: DecisionView[] = [];
	decisionsMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) out.push(readDecision(id, m));
	});
	return out.sort(byOrderKey);
}

function cleanDeciders(list: readonly Decider[]): Decider[] {
	const out = deciders(list.map((d) => ({ ...d, name: d.name.trim().slice(0, 120) })));
	if (out.length !== list.length) throw new PlanInputError('Each decider must be a stakeholder or a workspace member, with a side, named once.');
	if (out.length > FACILITATION_LIMITS.decidersPerDecision) throw new PlanInputError(`At most ${FACILITATION_LIMITS.decidersPerDecision} people decide one decision.`);
	return out;
}

function cleanLinks(ids: readonly string[]): string[] {
	const out = uniqueIds(ids);
	if (out.length > FACILITATION_LIMITS.linksPerDecision) throw new PlanInputError(`A decision links at most ${FACILITATION_LIMITS.linksPerDecision} items.`);
	return out;
}

function cleanWhen(at: number): number {
	if (!Number.isFinite(at) || at < 0 || at > 8.64e15) throw new PlanInputError('A decision needs a real date and time.');
	return at;
}

export function addDecision(
	doc: Y.Doc,
	input: {
		id: string;
		text: string;
		author: Author;
		deciders?: readonly Decider[];
		decidedAt?: number;
		targetIds?: readonly string[];
		initiativeIds?: readonly string[];
		now?: number;
	}
): string {
	const text = requiredText('A decision', input.text, FACILITATION_LIMITS.text);
	const who = cleanDeciders(input.deciders ?? []);
	const now = input.now ?? Date.now();
	const when = cleanWhen(input.decidedAt ?? now);
	const targetIds = cleanLinks(input.targetIds ?? []);
	const initiativeIds = cleanLinks(input.initiativeIds ?? []);
	doc.transact(() => {
		const last = readDecisions(doc).at(-1)?.order ?? null;
		const m = new Y.Map<unknown>();
		m.set('text', new Y.Text(text));
		m.set('deciders', who);
		m.set('decidedAt', when);
		m.set('targetIds', targetIds);
		m.set('initiativeIds', initiativeIds);
		m.set('order', keyAfter(last, orderTag(doc)));
		m.set('createdBy', { id: input.author.id, name: input.author.name });
		m.set('createdAt', now);
		decisionsMap(doc).set(input.id, m);
	}, ORIGIN.local);
	return input.id;
}

/** The live text of a decision, for co-editing through a text binding. */
export function decisionText(doc: Y.Doc, id: string): Y.Text | null {
	const t = decisionsMap(doc).get(id)?.get('text');
	return t instanceof Y.Text ? t : null;
}

/** Several fields in one undoable step. */
export function editDecision(
	doc: Y.Doc,
	id: string,
	patch: { text?: string; deciders?: readonly Decider[]; decidedAt?: number; targetIds?: readonly string[]; initiativeIds?: readonly string[] }
): void {
	const m = decisionsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return;
	const text = patch.text === undefined ? undefined : requiredText('A decision', patch.text, FACILITATION_LIMITS.text);
	const who = patch.deciders === undefined ? undefined : cleanDeciders(patch.deciders);
	const when = patch.decidedAt === undefined ? undefined : cleanWhen(patch.decidedAt);
	const targetIds = patch.targetIds === undefined ? undefined : cleanLinks(patch.targetIds);
	const initiativeIds = patch.initiativeIds === undefined ? undefined : cleanLinks(patch.initiativeIds);
	doc.transact(() => {
		if (text !== undefined) {
			const t = m.get('text');
			if (t instanceof Y.Text) replaceText(t, text);
			else m.set('text', new Y.Text(text));
		}
		if (who !== undefined) m.set('deciders', who);
		if (when !== undefined) m.set('decidedAt', when);
		if (targetIds !== undefined) m.set('targetIds', targetIds);
		if (initiativeIds !== undefined) m.set('initiativeIds', initiativeIds);
	}, ORIGIN.local);
}

export function deleteDecision(doc: Y.Doc, id: string): void {
	if (!decisionsMap(doc).has(id)) return;
	doc.transact(() => decisionsMap(doc).delete(id), ORIGIN.local);
}
