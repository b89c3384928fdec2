import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { addGoal, setProcesses, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { TextTooLongError } from '../../../src/lib/board/doc/input.ts';
import { setPriority, matrixMap, cellKey } from '../../../src/lib/board/doc/matrix.ts';
import {
	DEFAULT_PICK_LISTS,
	PickListError,
	addPickListEntry,
	pickListsMap,
	readPickList,
	removePickListEntry,
	renamePickListEntry
} from '../../../src/lib/board/doc/pickLists.ts';
import {
	InvalidValueError,
	addStakeholder,
	deleteStakeholder,
	stakeholdersMap,
	updateStakeholder
} from '../../../src/lib/board/doc/stakeholders.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';

const me = { id: 'u1', name: 'Uma' };
const stamp = { by: me, sessionId: 'tab-1', now: 1000 };

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('stakeholders', () => {
	it('adds, orders, updates and deletes stakeholders, all with the local origin', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		addStakeholder(doc, 'b', { name: ' Ben ', side: 'client', level: 'senior', function: 'R&D', title: 'Head of R&D' });
		addStakeholder(doc, 'a', { name: 'Ana', side: 'client' });
		addStakeholder(doc, 's', { name: 'Sam', side: 'supplier', level: 'executive', function: 'sales' });
		expect(toSnapshot(doc, null).stakeholders).toEqual([
			{ id: 'b', name: 'Ben', title: 'Head of R&D', side: 'client', level: 'senior', function: 'R&D' },
			{ id: 'a', name: 'Ana', title: '', side: 'client', level: 'manager', function: 'other' },
			{ id: 's', name: 'Sam', title: '', side: 'supplier', level: 'executive', function: 'sales' }
		]);
		updateStakeholder(doc, 'a', { level: 'executive', function: 'finance', title: 'CFO' });
		expect(toSnapshot(doc, null).stakeholders[1]).toMatchObject({ level: 'executive', function: 'finance', title: 'CFO' });
		deleteStakeholder(doc, 'b');
		expect(toSnapshot(doc, null).stakeholders.map((s) => s.id)).toEqual(['a', 's']);
		expect(origins.every((o) => o === ORIGIN.local)).toBe(true);
	});

	it('rejects bad input instead of writing it', () => {
		const doc = new Y.Doc();
		expect(() => addStakeholder(doc, 'x', { name: '  ', side: 'client' })).toThrow(InvalidValueError);
		expect(() => addStakeholder(doc, 'x', { name: 'X', side: 'customer' as never })).toThrow(InvalidValueError);
		expect(() => addStakeholder(doc, 'x', { name: 'X', side: 'client', level: 'vp' as never })).toThrow(InvalidValueError);
		expect(() => addStakeholder(doc, 'x', { name: 'x'.repeat(121), side: 'client' })).toThrow(TextTooLongError);
		addStakeholder(doc, 'x', { name: 'X', side: 'client' });
		expect(() => updateStakeholder(doc, 'x', { name: '' })).toThrow(InvalidValueError);
		expect(stakeholdersMap(doc).size).toBe(1);
		expect(toSnapshot(doc, null).stakeholders[0].name).toBe('X');
	});

	it('keeps concurrent edits of different fields of the same stakeholder', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		addStakeholder(a, 'x', { name: 'Xena', side: 'client' });
		sync(a, b);
		updateStakeholder(a, 'x', { level: 'executive' });
		updateStakeholder(b, 'x', { title: 'COO' });
		sync(a, b);
		for (const d of [a, b]) expect(toSnapshot(d, null).stakeholders[0]).toMatchObject({ level: 'executive', title: 'COO' });
	});

	it('deletes the stakeholder’s matrix row with them, and undo brings both back', () => {
		const doc = new Y.Doc();
		const undo = new Y.UndoManager([stakeholdersMap(doc), matrixMap(doc)], { trackedOrigins: new Set([ORIGIN.local]) });
		addStakeholder(doc, 'c', { name: 'Cleo', side: 'client' });
		addStakeholder(doc, 'd', { name: 'Dev', side: 'client' });
		addGoal(doc, { id: 'g', text: 'Grow', author: me });
		setPriority(doc, 'c', 'g', 3, stamp);
		setPriority(doc, 'd', 'g', 1, stamp);
		undo.stopCapturing();
		deleteStakeholder(doc, 'c');
		expect(matrixMap(doc).has(cellKey('c', 'g'))).toBe(false);
		expect(matrixMap(doc).has(cellKey('d', 'g'))).toBe(true);
		undo.undo();
		expect(toSnapshot(doc, null).cells.find((c) => c.stakeholderId === 'c')?.priority).toBe(3);
	});
});

describe('pick lists', () => {
	it('shows the defaults on a board that never edited them', () => {
		const doc = new Y.Doc();
		expect(readPickList(doc, 'functions').map((e) => e.label)).toEqual(DEFAULT_PICK_LISTS.functions);
		expect(readPickList(doc, 'processes').map((e) => e.label)).toEqual([
			'sourcing',
			'manufacturing',
			'distribution',
			'sales',
			'service',
			'product development'
		]);
		expect(pickListsMap(doc).size).toBe(0);
	});

	it('adds at the end, ignores a duplicate label, renames and removes (defaults included)', () => {
		const doc = new Y.Doc();
		const id = addPickListEntry(doc, 'functions', 'HR', 'hr');
		expect(readPickList(doc, 'functions').at(-1)).toMatchObject({ id: 'hr', label: 'HR' });
		expect(addPickListEntry(doc, 'functions', 'hr')).toBe(id);
		expect(addPickListEntry(doc, 'functions', 'Finance')).toBe('finance');
		renamePickListEntry(doc, 'functions', 'it', 'Digital');
		removePickListEntry(doc, 'functions', 'other');
		const labels = readPickList(doc, 'functions').map((e) => e.label);
		expect(labels).toContain('Digital');
		expect(labels).not.toContain('IT');
		expect(labels).not.toContain('other');
		expect(labels.indexOf('Digital')).toBe(DEFAULT_PICK_LISTS.functions.indexOf('IT'));
		expect(() => renamePickListEntry(doc, 'functions', 'hr', 'digital')).toThrow(PickListError);
		expect(() => renamePickListEntry(doc, 'functions', 'other', 'x')).toThrow(PickListError);
		expect(() => addPickListEntry(doc, 'functions', ' ')).toThrow(PickListError);
	});

	it('renaming a function renames it on stakeholders; renaming a process renames it on goals; one undo step each', () => {
		const doc = new Y.Doc();
		const undo = new Y.UndoManager([stakeholdersMap(doc), pickListsMap(doc), doc.getMap('goals')], { trackedOrigins: new Set([ORIGIN.local]) });
		addStakeholder(doc, 'a', { name: 'Ana', side: 'client', function: 'IT' });
		addStakeholder(doc, 'b', { name: 'Ben', side: 'client', function: 'finance' });
		addGoal(doc, { id: 'g', text: 'Grow', author: me });
		setProcesses(doc, 'g', ['sales', 'service']);
		undo.stopCapturing();
		renamePickListEntry(doc, 'functions', 'it', 'Digital');
		expect(toSnapshot(doc, null).stakeholders.map((s) => s.function)).toEqual(['Digital', 'finance']);
		undo.stopCapturing();
		renamePickListEntry(doc, 'processes', 'sales', 'selling');
		expect(readGoals(doc).goals[0].processes).toEqual(['selling', 'service']);
		undo.undo();
		expect(readGoals(doc).goals[0].processes).toEqual(['sales', 'service']);
		expect(readPickList(doc, 'processes').map((e) => e.label)).toContain('sales');
		undo.undo();
		expect(toSnapshot(doc, null).stakeholders[0].function).toBe('IT');
	});

	it('removing an entry leaves people who use it alone', () => {
		const doc = new Y.Doc();
		addStakeholder(doc, 'a', { name: 'Ana', side: 'client', function: 'quality' });
		removePickListEntry(doc, 'functions', 'quality');
		expect(toSnapshot(doc, null).stakeholders[0].function).toBe('quality');
	});

	it('tolerates junk a peer wrote into the lists map', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			const m = pickListsMap(doc);
			m.set('functions/x', 42);
			m.set('functions/y', { label: 7 });
			m.set('functions/', { label: 'empty id' });
			m.set('functions/rnd', { label: '', order: 5 }); // override without a label keeps the default
			m.set('functions/z', { label: 'Legal', order: 'zz' });
			m.set('functions/z2', { label: 'legal' }); // same label added twice at once: shown once
			m.set('unrelated', { label: 'nope' });
		}, ORIGIN.local);
		const labels = readPickList(doc, 'functions').map((e) => e.label);
		expect(labels).toEqual([...DEFAULT_PICK_LISTS.functions, 'Legal']);
	});

	it('two people adding to the lists at once both keep their entry', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		addPickListEntry(a, 'processes', 'returns', 'r');
		addPickListEntry(b, 'processes', 'billing', 'bl');
		removePickListEntry(b, 'processes', 'service');
		sync(a, b);
		for (const d of [a, b]) {
			const labels = readPickList(d, 'processes').map((e) => e.label);
			expect(labels).toContain('returns');
			expect(labels).toContain('billing');
			expect(labels).not.toContain('service');
		}
		expect(readPickList(a, 'processes')).toEqual(readPickList(b, 'processes'));
	});
});
