import * as Y from 'yjs';
import { ORIGIN, goalsMap, initiativesMap } from '../doc/schema.ts';
import { PlanInputError } from '../doc/input.ts';
import { addGoal } from '../doc/goals.ts';
import { addAction } from '../doc/actions.ts';
import { parkItem } from '../doc/parkingLot.ts';
import { LIMITS, PLAN_LIMITS } from '../model/limits.ts';
import type { Area } from '../model/permissions.ts';
import type { Author } from '../model/read.ts';
import { canvasMap, type CanvasDocs } from './binding.ts';
import { PLAN_CARD_SIZE, PLAN_CARD_TYPE, type PlanCardKind, type PlanCardProps } from './planCard.ts';

/*
 * Turning sticky notes into plan items, in one command: each selected note becomes a goal, a CSF
 * under a chosen goal, a parking-lot item or an action of a chosen initiative, and the note on the
 * canvas becomes a plan card of that item (the link back: the card names the item; the item's view
 * finds its cards with cardsOf). Everything — the new items, the notes' removal, the cards, arrows
 * re-attached to the cards — is ONE transaction of the shared document with the board's local
 * origin: one Ctrl+Z undoes the whole conversion, and the sync server checks it as one update
 * (areas canvas + goals / parkingLot / plan, with the locks).
 *
 * Notes on the supplier-only page are refused: that page lives in the internal document precisely
 * so its text never reaches the client side, and a goal would put it in the shared one.
 */

export type ConvertTarget = { kind: 'goal' } | { kind: 'csf'; goalId: string } | { kind: 'parked' } | { kind: 'action'; initiativeId: string };

/** The area each target writes besides the canvas (what the server's guard and the locks check). */
export const TARGET_AREA: Readonly<Record<ConvertTarget['kind'], Area>> = { goal: 'goals', csf: 'goals', parked: 'parkingLot', action: 'plan' };

const TARGET_CARD: Readonly<Record<ConvertTarget['kind'], PlanCardKind>> = { goal: 'goal', csf: 'csf', parked: 'parked', action: 'action' };

export interface Converted {
	noteId: string;
	cardId: string;
	itemId: string;
}

interface StoredShape {
	id: string;
	typeName: 'shape';
	type: string;
	x: number;
	y: number;
	rotation: number;
	index: string;
	parentId: string;
	isLocked: boolean;
	opacity: number;
	props: Record<string, unknown>;
	meta: Record<string, unknown>;
}

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The plain text of a tldraw rich text (TipTap JSON): its text nodes, paragraphs joined by a space. */
export function plainText(richText: unknown): string {
	const blocks: string[] = [];
	const walk = (node: unknown, out: string[]) => {
		if (!isRec(node)) return;
		if (node.type === 'text' && typeof node.text === 'string') out.push(node.text);
		if (node.type === 'hardBreak') out.push(' ');
		if (Array.isArray(node.content)) for (const c of node.content) walk(c, out);
	};
	const top = isRec(richText) && Array.isArray(richText.content) ? richText.content : [richText];
	for (const block of top) {
		const out: string[] = [];
		walk(block, out);
		const t = out.join('').trim();
		if (t) blocks.push(t);
	}
	return blocks.join(' ').replace(/\s+/g, ' ').trim();
}

/** The stored note shapes among `ids`, in the shared document. */
function notesOf(docs: CanvasDocs, ids: readonly string[]): StoredShape[] {
	const shared = canvasMap(docs.shared);
	const internal = docs.internal ? canvasMap(docs.internal) : null;
	const out: StoredShape[] = [];
	for (const id of ids) {
		if (internal?.has(id)) throw new PlanInputError('Notes on the supplier-only page stay there: turning them into plan items would share their text with the client side.');
		const v = shared.get(id);
		if (isRec(v) && v.typeName === 'shape' && v.type === 'note') out.push(v as unknown as StoredShape);
	}
	return out;
}

/** The sticky notes among `ids` (the selection) that convert can turn into plan items. */
export const convertibleNotes = (docs: CanvasDocs, ids: readonly string[]): string[] => {
	const shared = canvasMap(docs.shared);
	return ids.filter((id) => {
		const v = shared.get(id);
		return isRec(v) && v.typeName === 'shape' && v.type === 'note';
	});
};

export interface ConvertOptions {
	author: Author;
	/** Whether I may change an area now (board.may: role, side, locks, archive). */
	may(area: Area): boolean;
	/** A new item id (crypto.randomUUID in the browser). */
	newId(): string;
	/** A new shape id for each card (`shape:…`). */
	newShapeId(): string;
	now?: number;
}

/**
 * Turns the notes `noteIds` into `target` items and their cards. Throws PlanInputError (nothing
 * written) when I may not, when a note is empty or too long, or when the chosen goal / initiative
 * is gone.
 */
export function convertNotes(docs: CanvasDocs, noteIds: readonly string[], target: ConvertTarget, opts: ConvertOptions): Converted[] {
	const area = TARGET_AREA[target.kind];
	if (!opts.may('canvas') || !opts.may(area)) throw new PlanInputError('You cannot change this part of the board now (your role or a lock).');
	const notes = notesOf(docs, noteIds);
	if (!notes.length) throw new PlanInputError('Select one or more sticky notes first.');
	const limit = target.kind === 'goal' || target.kind === 'csf' ? LIMITS.goalText : PLAN_LIMITS.text;
	const texts = notes.map((n) => plainText(n.props.richText));
	if (texts.some((t) => !t)) throw new PlanInputError('An empty note cannot become a plan item: write on it first.');
	if (texts.some((t) => t.length > limit)) throw new PlanInputError(`A note is longer than ${limit} characters, too long for this kind of item.`);
	const shared = docs.shared;
	if (target.kind === 'csf') {
		const g = goalsMap(shared).get(target.goalId);
		if (!(g instanceof Y.Map) || g.get('kind') === 'csf') throw new PlanInputError('That goal no longer exists.');
	}
	if (target.kind === 'action' && !(initiativesMap(shared).get(target.initiativeId) instanceof Y.Map)) throw new PlanInputError('That initiative no longer exists.');

	const now = opts.now ?? Date.now();
	const out: Converted[] = [];
	const records = canvasMap(shared);
	shared.transact(() => {
		notes.forEach((note, n) => {
			const itemId = opts.newId();
			const text = texts[n]!;
			if (target.kind === 'goal') addGoal(shared, { id: itemId, text, author: opts.author, now });
			else if (target.kind === 'csf') addGoal(shared, { id: itemId, text, author: opts.author, kind: 'csf', parentId: target.goalId, now });
			else if (target.kind === 'parked') parkItem(shared, { id: itemId, text, author: opts.author, now });
			else addAction(shared, { id: itemId, initiativeId: target.initiativeId, text, author: opts.author, now });
			const cardId = opts.newShapeId();
			const props: PlanCardProps = { kind: TARGET_CARD[target.kind], itemId, ...PLAN_CARD_SIZE };
			const card: StoredShape = {
				id: cardId,
				typeName: 'shape',
				type: PLAN_CARD_TYPE,
				x: note.x,
				y: note.y,
				rotation: note.rotation,
				index: note.index,
				parentId: note.parentId,
				isLocked: false,
				opacity: note.opacity,
				props: props as unknown as Record<string, unknown>,
				meta: {}
			};
			records.delete(note.id);
			records.set(cardId, card);
			// Arrows that pointed at the note point at its card; anything else bound to the note goes with it.
			for (const [key, v] of [...records.entries()]) {
				if (!isRec(v) || v.typeName !== 'binding') continue;
				if (v.toId === note.id) records.set(key, { ...v, toId: cardId });
				else if (v.fromId === note.id) records.delete(key);
			}
			out.push({ noteId: note.id, cardId, itemId });
		});
	}, ORIGIN.local);
	return out;
}

/** The cards of one item on the canvas (the way back from an item to where it sits on the canvas). */
export function cardsOf(docs: CanvasDocs, kind: PlanCardKind, itemId: string): string[] {
	const out: string[] = [];
	for (const doc of [docs.shared, docs.internal]) {
		if (!doc) continue;
		for (const [id, v] of canvasMap(doc).entries()) {
			if (isRec(v) && v.type === PLAN_CARD_TYPE && isRec(v.props) && v.props.kind === kind && v.props.itemId === itemId) out.push(id);
		}
	}
	return out;
}
