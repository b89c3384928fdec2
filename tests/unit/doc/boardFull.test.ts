import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGoal, deleteGoal, readGoals, restoreGoal } from '../../../src/lib/board/doc/goals.ts';
import { addStakeholder, deleteStakeholder, updateStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { matrixMap, setNote, setPriority, unsetPriority } from '../../../src/lib/board/doc/matrix.ts';
import { BoardFullError, boardFullMessage } from '../../../src/lib/board/doc/boardFull.ts';
import { BOARD_LIMITS } from '../../../src/lib/board/model/limits.ts';
import { DOC_SCHEMA } from '../../../src/lib/board/doc/contentSchema.ts';

// The interface stops at the board's limits with a message that says which limit and what to do;
// the server's hard caps (contentSchema.ts, updateGuard.ts) are the same numbers.
const author = { id: 'u1', name: 'Una' };
const stamp = { by: author, sessionId: 's' };

describe('board limits', () => {
	it('are the server caps of the schema', () => {
		const shared = DOC_SCHEMA.shared as Record<string, { node: { maxEntries?: number } }>;
		expect(shared.goals.node.maxEntries).toBe(BOARD_LIMITS.goals);
		expect(shared.stakeholders.node.maxEntries).toBe(BOARD_LIMITS.stakeholders);
		expect(shared.matrix.node.maxEntries).toBe(BOARD_LIMITS.matrixCells);
		expect(BOARD_LIMITS.matrixCells).toBe(BOARD_LIMITS.goals * BOARD_LIMITS.clientStakeholders);
	});

	it('refuse one goal or CSF past the limit, with a message, and take it back after a removal', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < BOARD_LIMITS.goals; i++) addGoal(doc, { id: `g${i}`, text: `Goal ${i}`, author });
		const more = () => addGoal(doc, { id: 'g-more', text: 'One more', author, kind: 'csf', parentId: 'g0' });
		expect(more).toThrow(BoardFullError);
		expect(more).toThrow('This board already has 300 goals and CSFs, the most one board holds. Remove one before adding another, or start a second board.');
		const view = readGoals(doc).goals.at(-1)!;
		deleteGoal(doc, view.id);
		expect(() => restoreGoal(doc, view, view.text)).not.toThrow();
		expect(() => restoreGoal(doc, { ...view, id: 'g-other' }, 'x')).toThrow(BoardFullError);
	});

	it('refuse a stakeholder past the limit, and a client-side row past the client limit (new or moved)', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < BOARD_LIMITS.clientStakeholders; i++) addStakeholder(doc, `c${i}`, { name: `C${i}`, side: 'client' });
		expect(() => addStakeholder(doc, 'c-more', { name: 'More', side: 'client' })).toThrow(boardFullMessage('clientStakeholders'));
		expect(boardFullMessage('clientStakeholders')).toBe('This board already has 40 client-side stakeholders (the matrix rows), the most one board holds. Remove one before adding another.');
		addStakeholder(doc, 'sup', { name: 'Sam', side: 'supplier' });
		expect(() => updateStakeholder(doc, 'sup', { side: 'client' })).toThrow(BoardFullError);
		updateStakeholder(doc, 'c0', { name: 'Still fine' });
		deleteStakeholder(doc, 'c1');
		updateStakeholder(doc, 'sup', { side: 'client' });
		for (let i = 0; doc.getMap('stakeholders').size < BOARD_LIMITS.stakeholders; i++) addStakeholder(doc, `s${i}`, { name: `S${i}`, side: 'supplier' });
		expect(() => addStakeholder(doc, 's-more', { name: 'More', side: 'supplier' })).toThrow('This board already has 100 stakeholders, the most one board holds. Remove one before adding another.');
	});

	it('refuse a new matrix answer once the matrix holds the most cells, not a change or a clear', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			for (let i = 0; i < BOARD_LIMITS.matrixCells; i++) matrixMap(doc).set(`c${i % 40}|g${Math.floor(i / 40)}`, { priority: 1, validated: false, note: '', setBy: null, setAt: 1, sessionId: null });
		});
		expect(() => setPriority(doc, 'c0', 'g-new', 2, stamp)).toThrow(boardFullMessage('matrixCells'));
		expect(() => setNote(doc, 'c0', 'g-new', 'hello', stamp)).toThrow(BoardFullError);
		expect(() => unsetPriority(doc, 'c0', 'g-new', stamp)).not.toThrow();
		setPriority(doc, 'c0', 'g0', 3, stamp);
		unsetPriority(doc, 'c1', 'g0', stamp);
		expect(() => setPriority(doc, 'c0', 'g-new', 2, stamp)).not.toThrow();
	});
});
