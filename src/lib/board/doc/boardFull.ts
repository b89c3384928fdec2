// The counts one board holds (model/limits.ts BOARD_LIMITS), checked where the interface adds to
// them, so a person hears why before the server would refuse the change (updateGuard.ts).
import * as Y from 'yjs';
import { BOARD_LIMITS } from '../model/limits.ts';

/** Adding one more would pass a board limit; the message says which and what to do. */
export class BoardFullError extends Error {}

export type CountedKind = 'goals' | 'stakeholders' | 'clientStakeholders' | 'matrixCells';

const fmt = (n: number) => n.toLocaleString('en-US');

/** What a person reads when a board is full of `kind`. */
export function boardFullMessage(kind: CountedKind): string {
	switch (kind) {
		case 'goals':
			return `This board already has ${fmt(BOARD_LIMITS.goals)} goals and CSFs, the most one board holds. Remove one before adding another, or start a second board.`;
		case 'stakeholders':
			return `This board already has ${fmt(BOARD_LIMITS.stakeholders)} stakeholders, the most one board holds. Remove one before adding another.`;
		case 'clientStakeholders':
			return `This board already has ${fmt(BOARD_LIMITS.clientStakeholders)} client-side stakeholders (the matrix rows), the most one board holds. Remove one before adding another.`;
		case 'matrixCells':
			return `The matrix already holds ${fmt(BOARD_LIMITS.matrixCells)} answers, the most one board holds. Clear a cell before answering another.`;
	}
}

/** Live entries of a map. */
const size = (m: Y.Map<any>) => m.size;

/** Client-side rows in the stakeholders map. */
export function clientCount(stakeholders: Y.Map<any>): number {
	let n = 0;
	stakeholders.forEach((m) => {
		if (m instanceof Y.Map && m.get('side') === 'client') n++;
	});
	return n;
}

/** Throws BoardFullError when `map` (of `kind`) has no room for `more` new entries. */
export function assertRoom(kind: Exclude<CountedKind, 'clientStakeholders'>, map: Y.Map<any>, more = 1): void {
	if (size(map) + more > BOARD_LIMITS[kind]) throw new BoardFullError(boardFullMessage(kind));
}

/** Throws BoardFullError when one more client-side row would pass the limit. */
export function assertClientRoom(stakeholders: Y.Map<any>): void {
	if (clientCount(stakeholders) + 1 > BOARD_LIMITS.clientStakeholders) throw new BoardFullError(boardFullMessage('clientStakeholders'));
}
