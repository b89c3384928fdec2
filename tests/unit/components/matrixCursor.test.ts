import { describe, expect, it } from 'vitest';
import { MatrixCursor, commandFor } from '../../../src/lib/components/board/matrix/cursor.svelte.ts';

const ids = (...xs: string[]) => xs.map((id) => ({ id }));

describe('matrix key map', () => {
	const at = { r: 2, c: 3 };
	const cmd = (key: string, mods: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean } = {}) => commandFor({ key, ...mods }, at, 7);

	it('moves with the arrows, Home and End', () => {
		expect(cmd('ArrowUp')).toEqual({ kind: 'move', r: 1, c: 3 });
		expect(cmd('ArrowDown')).toEqual({ kind: 'move', r: 3, c: 3 });
		expect(cmd('ArrowLeft')).toEqual({ kind: 'move', r: 2, c: 2 });
		expect(cmd('ArrowRight')).toEqual({ kind: 'move', r: 2, c: 4 });
		expect(cmd('Home')).toEqual({ kind: 'move', r: 2, c: 0 });
		expect(cmd('End')).toEqual({ kind: 'move', r: 2, c: 6 });
	});

	it('sets 0–3, clears with Delete or Backspace, validates with V, opens the note with Enter or N', () => {
		expect(['0', '1', '2', '3'].map((k) => cmd(k))).toEqual([0, 1, 2, 3].map((priority) => ({ kind: 'priority', priority })));
		expect(cmd('Delete')).toEqual({ kind: 'clear' });
		expect(cmd('Backspace')).toEqual({ kind: 'clear' });
		expect(cmd('v')).toEqual({ kind: 'validate' });
		expect(cmd('V')).toEqual({ kind: 'validate' });
		for (const k of ['Enter', 'n', 'N']) expect(cmd(k)).toEqual({ kind: 'note' });
	});

	it('leaves every other key, and anything with Ctrl, Meta or Alt, to the page', () => {
		for (const k of ['4', 'x', 'Tab', 'Escape', ' ', 'PageDown']) expect(cmd(k)).toBeNull();
		expect(cmd('z', { ctrlKey: true })).toBeNull();
		expect(cmd('2', { metaKey: true })).toBeNull();
		expect(cmd('ArrowDown', { altKey: true })).toBeNull();
	});
});

describe('matrix cursor', () => {
	it('starts at the top left and keeps moves on the grid', () => {
		const cur = new MatrixCursor(() => ids('a', 'b', 'c'), () => ids('x', 'y'));
		expect([cur.r, cur.c]).toEqual([0, 0]);
		expect(cur.ids).toEqual({ stakeholderId: 'a', targetId: 'x' });
		expect(cur.moveTo(-1, 5)).toEqual({ r: 0, c: 1 });
		expect(cur.moveTo(9, -3)).toEqual({ r: 2, c: 0 });
		expect(cur.ids).toEqual({ stakeholderId: 'c', targetId: 'x' });
	});

	it('stays on its cell when someone adds or moves rows and columns', () => {
		let rows = ids('a', 'b', 'c');
		let cols = ids('x', 'y', 'z');
		const cur = new MatrixCursor(() => rows, () => cols);
		cur.moveTo(1, 2); // b × z
		rows = ids('new', 'a', 'c', 'b');
		cols = ids('z', 'x', 'y');
		expect([cur.r, cur.c]).toEqual([3, 0]);
		expect(cur.ids).toEqual({ stakeholderId: 'b', targetId: 'z' });
	});

	it('falls back to its last position when its row or column is deleted, kept on the grid', () => {
		let rows = ids('a', 'b', 'c');
		let cols = ids('x', 'y', 'z');
		const cur = new MatrixCursor(() => rows, () => cols);
		cur.moveTo(2, 1); // c × y
		rows = ids('a', 'b', 'd'); // c gone: same index
		expect(cur.ids).toEqual({ stakeholderId: 'd', targetId: 'y' });
		rows = ids('a'); // fewer rows than the index: the last one
		cols = ids('x');
		expect([cur.r, cur.c]).toEqual([0, 0]);
		rows = [];
		expect(cur.r).toBe(-1);
		expect(cur.ids).toBeNull();
	});

	it('maps keys from where it is: End goes to the last column, ArrowUp from the top stays on the grid', () => {
		const cur = new MatrixCursor(() => ids('a', 'b'), () => ids('x', 'y', 'z'));
		cur.moveTo(1, 0);
		expect(cur.command({ key: 'End' })).toEqual({ kind: 'move', r: 1, c: 2 });
		cur.moveTo(0, 1);
		const up = cur.command({ key: 'ArrowUp' });
		expect(up).toEqual({ kind: 'move', r: -1, c: 1 });
		if (up?.kind === 'move') expect(cur.moveTo(up.r, up.c)).toEqual({ r: 0, c: 1 });
	});
});
