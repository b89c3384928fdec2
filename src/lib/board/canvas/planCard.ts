import type * as Y from 'yjs';
import { readGoals } from '../doc/goals.ts';
import { readPlan } from '../doc/actions.ts';
import { readParkingLot } from '../doc/parkingLot.ts';
import { toSnapshot } from '../doc/snapshot.ts';
import { computeConvergence } from '../views/convergence.ts';
import { PLAN_CARD_TYPE } from './cardIndex.ts';
import { STATUS_LABELS, type ActionStatus } from '../model/vocabulary.ts';

/*
 * Plan cards: canvas shapes that are live views of the board's structured items. A card's record
 * (customShapes.ts) holds only { kind, itemId, w, h }; what it shows is read here from the board's
 * documents, so editing the goal in the Goals view changes every card of it, and deleting the goal
 * turns its cards into "deleted" placeholders (never a crash, never stale text). React-free: unit
 * tests read it on bare documents, the browser's card (planCardUtil.ts) through planStore.ts.
 */

export { PLAN_CARD_TYPE };
export const PLAN_CARD_KINDS = ['goal', 'csf', 'initiative', 'parked', 'action'] as const;
export type PlanCardKind = (typeof PLAN_CARD_KINDS)[number];
export const isPlanCardKind = (v: unknown): v is PlanCardKind => (PLAN_CARD_KINDS as readonly unknown[]).includes(v);

export interface PlanCardProps {
	kind: PlanCardKind;
	itemId: string;
	w: number;
	h: number;
}

export const PLAN_CARD_SIZE = { w: 240, h: 150 } as const;

export const KIND_LABELS: Readonly<Record<PlanCardKind, string>> = {
	goal: 'Goal',
	csf: 'CSF',
	initiative: 'Initiative',
	parked: 'Parking lot',
	action: 'Action'
};

export interface CardConvergence {
	/** Share of the client side's weight rating it 2 or 3 (0..1). */
	shared: number;
	converges: boolean;
	threshold: number;
	/** No client-side stakeholder yet: nothing to converge on. */
	noClients: boolean;
}

export type PlanCardData =
	| { state: 'deleted'; kind: PlanCardKind; label: string }
	| {
			state: 'live';
			kind: PlanCardKind;
			label: string;
			text: string;
			/** What it belongs to: a CSF's goal, an action's initiative. */
			context: string | null;
			/** Goals and CSFs only. */
			convergence: CardConvergence | null;
			/** A short status line: an action's status, an initiative's progress, a parked item's fate. */
			status: string | null;
	  };

const cardKey = (kind: PlanCardKind, id: string) => `${kind}:${id}`;

/** Every plan item a card can show, read once from the documents (one pass per change, not per card). */
export class PlanCardIndex {
	readonly #items = new Map<string, PlanCardData>();

	constructor(shared: Y.Doc, internal: Y.Doc | null = null) {
		const conv = computeConvergence(toSnapshot(shared, internal));
		const byTarget = new Map(conv.targets.map((t) => [t.targetId, t]));
		const convOf = (id: string): CardConvergence | null => {
			const t = byTarget.get(id);
			if (!t) return null;
			return { shared: t.shared, converges: t.converges, threshold: conv.threshold, noClients: conv.totalWeight === 0 };
		};
		const convStatus = (c: CardConvergence | null) => (!c || c.noClients ? 'No client ratings yet' : c.converges ? 'Converges' : 'Does not converge yet');
		const { goals, orphans } = readGoals(shared);
		for (const g of goals) {
			const c = convOf(g.id);
			this.#items.set(cardKey('goal', g.id), { state: 'live', kind: 'goal', label: KIND_LABELS.goal, text: g.text, context: null, convergence: c, status: convStatus(c) });
			for (const f of g.csfs) {
				const cc = convOf(f.id);
				this.#items.set(cardKey('csf', f.id), { state: 'live', kind: 'csf', label: KIND_LABELS.csf, text: f.text, context: g.text, convergence: cc, status: convStatus(cc) });
			}
		}
		for (const f of orphans) {
			const cc = convOf(f.id);
			this.#items.set(cardKey('csf', f.id), { state: 'live', kind: 'csf', label: KIND_LABELS.csf, text: f.text, context: null, convergence: cc, status: convStatus(cc) });
		}
		const plan = readPlan(shared);
		for (const i of plan.initiatives) {
			const done = i.actions.filter((a) => a.status === 'done').length;
			const live = i.actions.filter((a) => a.status !== 'dropped').length;
			const status = live === 0 ? 'No actions yet' : `${done} of ${live} action${live === 1 ? '' : 's'} done`;
			this.#items.set(cardKey('initiative', i.id), { state: 'live', kind: 'initiative', label: KIND_LABELS.initiative, text: i.title, context: null, convergence: null, status });
			for (const a of i.actions) this.#items.set(cardKey('action', a.id), actionCard(a.text, a.status, i.title));
		}
		for (const a of plan.orphans) this.#items.set(cardKey('action', a.id), actionCard(a.text, a.status, null));
		for (const p of readParkingLot(shared)) {
			const status = p.movedTo ? `Moved to ${p.movedTo.kind === 'goal' ? 'the goals' : 'the plan'}` : 'Parked';
			this.#items.set(cardKey('parked', p.id), { state: 'live', kind: 'parked', label: KIND_LABELS.parked, text: p.text, context: null, convergence: null, status });
		}
	}

	/** What a card of this item shows; a deleted (or never existing) item is `deleted`. */
	get(kind: PlanCardKind, id: string): PlanCardData {
		return this.#items.get(cardKey(kind, id)) ?? { state: 'deleted', kind, label: KIND_LABELS[kind] };
	}
}

function actionCard(text: string, status: ActionStatus, initiative: string | null): PlanCardData {
	return { state: 'live', kind: 'action', label: KIND_LABELS.action, text, context: initiative, convergence: null, status: STATUS_LABELS[status] };
}

/** The card's one-line accessible summary (its aria-label and the SVG export's text). */
export function cardSummary(d: PlanCardData): string {
	if (d.state === 'deleted') return `${d.label}: deleted`;
	const parts = [`${d.label}: ${d.text || '(no text)'}`];
	if (d.context) parts.push(d.kind === 'csf' ? `under goal ${d.context}` : `in ${d.context}`);
	if (d.convergence && !d.convergence.noClients) parts.push(`${Math.round(d.convergence.shared * 100)}% shared`);
	if (d.status) parts.push(d.status);
	return parts.join(' · ');
}
