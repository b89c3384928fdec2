import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { DOC_SCHEMA } from '../../../src/lib/board/doc/contentSchema.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { addAction, readActions } from '../../../src/lib/board/doc/actions.ts';
import { addInitiative } from '../../../src/lib/board/doc/initiatives.ts';
import { addStakeholder, stakeholdersMap } from '../../../src/lib/board/doc/stakeholders.ts';
import { setThreshold, readThreshold } from '../../../src/lib/board/doc/settings.ts';
import { UNDO_SCOPE, undoScopeTypes } from '../../../src/lib/board/model/undoScope.ts';
import { DOC_NAMES } from '../../../src/lib/board/model/docNames.ts';

const author = { id: 'u1', name: 'Ana' };

describe('undo scope', () => {
	it('names every top-level type of both documents', () => {
		for (const name of DOC_NAMES) expect([...UNDO_SCOPE[name]].sort()).toEqual(Object.keys(DOC_SCHEMA[name]).sort());
	});

	it('undoes my edits to any part of the board without a view having opened it', () => {
		const shared = new Y.Doc();
		const internal = new Y.Doc();
		const undo = new PersonalUndo({ origin: ORIGIN.local, captureTimeout: 0 });
		for (const type of undoScopeTypes({ shared, internal })) undo.track(type);
		addStakeholder(shared, 's1', { name: 'Kim', side: 'client' });
		addInitiative(shared, { id: 'i1', title: 'Pilot', author });
		addAction(shared, { id: 'a1', initiativeId: 'i1', text: 'Call', author });
		setThreshold(shared, 0.7);
		undo.undo();
		expect(readThreshold(shared)).toBe(0.5);
		undo.undo();
		expect(readActions(shared)).toEqual([]);
		undo.undo();
		undo.undo();
		expect(stakeholdersMap(shared).size).toBe(0);
	});

	it('leaves out the internal document for the client side', () => {
		const types = undoScopeTypes({ shared: new Y.Doc(), internal: null });
		expect(types).toHaveLength(UNDO_SCOPE.shared.length);
	});
});
