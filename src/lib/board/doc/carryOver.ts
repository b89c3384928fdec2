import * as Y from 'yjs';
import { ORIGIN, goalsMap, meta } from './schema.ts';
import { actionsMap } from './actions.ts';
import { initiativesMap } from './initiatives.ts';
import { isOpenStatus, isStatus } from '../model/vocabulary.ts';
import { pickListsMap } from './pickLists.ts';
import { stakeholdersMap } from './stakeholders.ts';
import { matrixMap } from './matrix.ts';
import { abilityMap, relationsMap } from './internal.ts';

/*
 * A quarterly business review starts from the account's previous planning board: its goals and
 * CSFs, its matrix (stakeholders, priorities and the function/process pick lists, plus the
 * supplier team's relations and ability in the internal document) and the work still open (open
 * and in-progress actions with their initiatives). Ids are kept, so every cross-reference (cell → stakeholder and target, initiative →
 * target, action → initiative) still holds in the copy.
 *
 * Written into the new board's meta:
 *   carriedOver  { boardId, boardName, boardCreatedAt, goals, csfs, stakeholders, initiatives, actions } | null
 *   note         string   what the review started from, shown at the top of the board
 */

/** Copied whole: the matrix (rows, cells, the function/process pick lists) and, internally, relations and ability. */
const CARRIED_SHARED = [stakeholdersMap, matrixMap, pickListsMap] as const;
const CARRIED_INTERNAL = [relationsMap, abilityMap] as const;
/** Meta settings that belong to the account rather than to one session. */
const CARRIED_META_KEYS = ['threshold'] as const;

export interface CarryOverSource {
	boardId: string;
	name: string;
	createdAt: number;
	shared: Y.Doc;
	internal: Y.Doc | null;
}

export interface CarriedOver {
	boardId: string;
	boardName: string;
	boardCreatedAt: number;
	goals: number;
	csfs: number;
	stakeholders: number;
	initiatives: number;
	actions: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// Maps of nested Y.Maps and maps of plain values alike.
type AnyMap = Y.Map<any>;

function copyEntry(to: AnyMap, key: string, value: unknown, extra?: Record<string, unknown>) {
	if (value instanceof Y.Map) {
		const c = value.clone() as Y.Map<unknown>;
		for (const [k, v] of Object.entries(extra ?? {})) c.set(k, v);
		to.set(key, c);
	} else if (value instanceof Y.AbstractType) to.set(key, value.clone());
	else to.set(key, value);
}

function copyMap(from: AnyMap, to: AnyMap): number {
	let n = 0;
	from.forEach((v, k) => {
		copyEntry(to, k, v);
		n++;
	});
	return n;
}

/**
 * Fills a new review board's documents (`to`) from the previous board (`from`), or leaves them
 * empty with a note when there is none. Runs on the server before the board is first stored.
 */
export function carryOver(to: { shared: Y.Doc; internal: Y.Doc }, from: CarryOverSource | null, locale = 'en-GB'): CarriedOver | null {
	if (!from) {
		to.shared.transact(() => {
			meta(to.shared).set('carriedOver', null);
			meta(to.shared).set('note', 'This account has no earlier planning board, so this review starts empty: add goals, stakeholders and actions as usual.');
		}, ORIGIN.seed);
		return null;
	}
	const summary: CarriedOver = {
		boardId: from.boardId,
		boardName: from.name,
		boardCreatedAt: from.createdAt,
		goals: 0,
		csfs: 0,
		stakeholders: 0,
		initiatives: 0,
		actions: 0
	};
	to.shared.transact(() => {
		goalsMap(from.shared).forEach((g, id) => {
			if (!(g instanceof Y.Map)) return;
			copyEntry(goalsMap(to.shared), id, g);
			if (g.get('kind') === 'csf') summary.csfs++;
			else summary.goals++;
		});
		for (const map of CARRIED_SHARED) {
			const n = copyMap(map(from.shared), map(to.shared));
			if (map === stakeholdersMap) summary.stakeholders = n;
		}
		const m = meta(from.shared);
		for (const key of CARRIED_META_KEYS) {
			const v = m.get(key);
			if (v !== undefined) copyEntry(meta(to.shared), key, v);
		}

		// Open work only: open and in-progress actions, with their initiatives. An initiative with no
		// actions yet is still open work; one whose actions are all done or dropped is finished.
		const openByInitiative = new Map<string, number>();
		const closedByInitiative = new Set<string>();
		actionsMap(from.shared).forEach((a) => {
			if (!(a instanceof Y.Map)) return;
			const initiativeId = a.get('initiativeId');
			if (typeof initiativeId !== 'string') return;
			const status = a.get('status');
			if (isStatus(status) && !isOpenStatus(status)) closedByInitiative.add(initiativeId);
			else openByInitiative.set(initiativeId, (openByInitiative.get(initiativeId) ?? 0) + 1);
		});
		const keep = new Set<string>();
		initiativesMap(from.shared).forEach((i, id) => {
			if (!(i instanceof Y.Map)) return;
			if (!openByInitiative.has(id) && closedByInitiative.has(id)) return;
			keep.add(id);
			copyEntry(initiativesMap(to.shared), id, i, { carriedFrom: from.boardId });
			summary.initiatives++;
		});
		actionsMap(from.shared).forEach((a, id) => {
			if (!(a instanceof Y.Map) || !keep.has(a.get('initiativeId') as string)) return;
			const status = a.get('status');
			if (isStatus(status) && !isOpenStatus(status)) return;
			copyEntry(actionsMap(to.shared), id, a, { carriedFrom: from.boardId });
			summary.actions++;
		});

		const date = new Date(from.createdAt).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
		meta(to.shared).set('carriedOver', { ...summary });
		meta(to.shared).set(
			'note',
			`Carried over from “${from.name}” (${date}): ${plural(summary.goals, 'goal')}, ${plural(summary.csfs, 'CSF')}, ` +
				`${plural(summary.stakeholders, 'stakeholder')} with their priorities, and ${plural(summary.actions, 'open action')} ` +
				`in ${plural(summary.initiatives, 'initiative')}. Review and update them for this quarter.`
		);
	}, ORIGIN.seed);

	if (from.internal) {
		const src = from.internal;
		to.internal.transact(() => {
			for (const map of CARRIED_INTERNAL) copyMap(map(src), map(to.internal));
		}, ORIGIN.seed);
	}
	return summary;
}

// The banner's reads live on their own (the board page loads them without the carry-over code).
export { readBoardNote, readCarriedFrom } from './boardNote.ts';
