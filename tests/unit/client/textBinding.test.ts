import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffReplace, shiftPosition } from '../../../src/lib/board/client/textBinding.ts';

describe('diffReplace', () => {
	it('finds the single replaced range', () => {
		expect(diffReplace('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
		expect(diffReplace('hello world', 'hello')).toEqual({ index: 5, remove: 6, insert: '' });
		expect(diffReplace('abc', 'aXc')).toEqual({ index: 1, remove: 1, insert: 'X' });
		expect(diffReplace('same', 'same')).toEqual({ index: 4, remove: 0, insert: '' });
	});
	it('handles repeated characters without over-matching', () => {
		// "aa" → "aaa": one insertion, wherever the prefix scan stops.
		const d = diffReplace('aa', 'aaa');
		expect(d.remove).toBe(0);
		expect(d.insert).toBe('a');
	});
});

describe('shiftPosition (caret under remote edits)', () => {
	function deltaOf(edit: (t: Y.Text) => void, initial = 'hello world') {
		const doc = new Y.Doc();
		const t = doc.getText('t');
		t.insert(0, initial);
		let delta: Y.YTextEvent['delta'] = [];
		t.observe((e) => (delta = e.delta));
		edit(t);
		return delta;
	}
	it('moves the caret right for an insertion before it', () => {
		expect(shiftPosition(6, deltaOf((t) => t.insert(0, 'Oh, ')))).toBe(10);
	});
	it('keeps the caret for an insertion after it', () => {
		expect(shiftPosition(3, deltaOf((t) => t.insert(8, 'XYZ')))).toBe(3);
	});
	it('moves the caret left for a deletion before it, clamped inside the deletion', () => {
		expect(shiftPosition(8, deltaOf((t) => t.delete(0, 6)))).toBe(2);
		expect(shiftPosition(3, deltaOf((t) => t.delete(1, 6)))).toBe(1);
	});
});
