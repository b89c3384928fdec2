import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../../../src/lib/board/model/limits.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { TextTooLongError } from '../../../src/lib/board/doc/input.ts';
import { cellKey, matrixMap, parseCellKey, readCell, setNote, setPriority, toggleValidated, unsetPriority } from '../../../src/lib/board/doc/matrix.ts';

const ana = { by: { id: 'u1', name: 'Ana' }, sessionId: 'tab-a', now: 1_000 };
const ben = { by: { id: 'u2', name: 'Ben' }, sessionId: 'tab-b', now: 2_000 };

describe('matrix cells', () => {
	it('stamps who set what, when and from which editing session', () => {
		const doc = new Y.Doc();
		setPriority(doc, 'c1', 'g1', 2, ana);
		expect(readCell(doc, 'c1', 'g1')).toEqual({
			priority: 2,
			validated: false,
			note: '',
			setBy: { id: 'u1', name: 'Ana' },
			setAt: 1_000,
			sessionId: 'tab-a'
		});
		toggleValidated(doc, 'c1', 'g1', ben);
		expect(readCell(doc, 'c1', 'g1')).toMatchObject({ priority: 2, validated: true, setBy: { id: 'u2', name: 'Ben' }, setAt: 2_000, sessionId: 'tab-b' });
		setNote(doc, 'c1', 'g1', 'said so at dinner', ana);
		expect(readCell(doc, 'c1', 'g1')).toMatchObject({ priority: 2, validated: true, note: 'said so at dinner', setBy: { id: 'u1' } });
	});

	it('stores the cell under `${stakeholderId}|${targetId}` as a plain value', () => {
		const doc = new Y.Doc();
		setPriority(doc, 'c1', 'g1', 0, ana);
		expect([...matrixMap(doc).keys()]).toEqual(['c1|g1']);
		expect(matrixMap(doc).toJSON()['c1|g1']).toMatchObject({ priority: 0 });
		expect(parseCellKey('c1|g1')).toEqual({ stakeholderId: 'c1', targetId: 'g1' });
		expect(parseCellKey('c1g1')).toBeNull();
		expect(parseCellKey('|g1')).toBeNull();
		expect(parseCellKey('c1|')).toBeNull();
	});

	it('changing a priority clears its validation; setting the same one keeps it', () => {
		const doc = new Y.Doc();
		setPriority(doc, 'c', 'g', 3, ana);
		toggleValidated(doc, 'c', 'g', ana);
		setPriority(doc, 'c', 'g', 3, ben);
		expect(readCell(doc, 'c', 'g')).toMatchObject({ validated: true, setBy: { id: 'u1' } });
		setPriority(doc, 'c', 'g', 1, ben);
		expect(readCell(doc, 'c', 'g')).toMatchObject({ priority: 1, validated: false });
	});

	it('unset clears the priority, keeps a note, and drops an empty cell', () => {
		const doc = new Y.Doc();
		setPriority(doc, 'c', 'g', 3, ana);
		setNote(doc, 'c', 'g', 'check', ana);
		toggleValidated(doc, 'c', 'g', ana);
		unsetPriority(doc, 'c', 'g', ben);
		expect(readCell(doc, 'c', 'g')).toMatchObject({ priority: null, validated: false, note: 'check', setBy: { id: 'u2' } });
		setNote(doc, 'c', 'g', '', ben);
		expect(matrixMap(doc).size).toBe(0);
		setPriority(doc, 'c', 'g', 1, ana);
		unsetPriority(doc, 'c', 'g', ana);
		expect(matrixMap(doc).size).toBe(0);
	});

	it('validating needs a priority', () => {
		const doc = new Y.Doc();
		expect(toggleValidated(doc, 'c', 'g', ana)).toBeNull();
		setNote(doc, 'c', 'g', 'n', ana);
		expect(toggleValidated(doc, 'c', 'g', ana)).toBeNull();
		setPriority(doc, 'c', 'g', 0, ana);
		expect(toggleValidated(doc, 'c', 'g', ana)).toBe(true);
		expect(toggleValidated(doc, 'c', 'g', ana)).toBe(false);
	});

	it('refuses out-of-range priorities and over-long notes', () => {
		const doc = new Y.Doc();
		for (const p of [4, -1, 1.5, Number.NaN, '2']) expect(() => setPriority(doc, 'c', 'g', p as never, ana)).toThrow(RangeError);
		expect(() => setNote(doc, 'c', 'g', 'x'.repeat(LIMITS.note + 1), ana)).toThrow(TextTooLongError);
		setNote(doc, 'c', 'g', 'x'.repeat(LIMITS.note), ana);
		expect(readCell(doc, 'c', 'g')?.note).toHaveLength(LIMITS.note);
	});

	it('every write is one transaction with the local origin (one undo step per key press)', () => {
		const doc = new Y.Doc();
		const undo = new Y.UndoManager(matrixMap(doc), { trackedOrigins: new Set([ORIGIN.local]), captureTimeout: 0 });
		setPriority(doc, 'c', 'g', 1, ana);
		setPriority(doc, 'c', 'g', 3, ana);
		toggleValidated(doc, 'c', 'g', ana);
		undo.undo();
		expect(readCell(doc, 'c', 'g')).toMatchObject({ priority: 3, validated: false });
		undo.undo();
		expect(readCell(doc, 'c', 'g')?.priority).toBe(1);
		undo.undo();
		expect(readCell(doc, 'c', 'g')).toBeNull();
	});

	it('reads whatever a peer wrote as a valid cell, and the next write replaces it cleanly', () => {
		const doc = new Y.Doc();
		const junk: Record<string, unknown> = {
			'a|g': 'three',
			'b|g': { priority: 7, validated: 'yes', note: 42, setBy: 'someone', setAt: 'yesterday' },
			'c|g': [1, 2],
			'd|g': null,
			'e|g': { priority: 2.5, setBy: { id: 1, name: 'x' } }
		};
		doc.transact(() => {
			for (const [k, v] of Object.entries(junk)) matrixMap(doc).set(k, v);
		});
		const empty = { priority: null, validated: false, note: '', setBy: null, setAt: null, sessionId: null };
		for (const s of ['a', 'b', 'c', 'd', 'e']) expect(readCell(doc, s, 'g')).toEqual(empty);
		setPriority(doc, 'b', 'g', 2, ana);
		expect(matrixMap(doc).get(cellKey('b', 'g'))).toEqual({ priority: 2, validated: false, note: '', setBy: { id: 'u1', name: 'Ana' }, setAt: 1_000, sessionId: 'tab-a' });
	});
});
