import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, schemaVersionOf } from '../../../src/lib/board/doc/schema.ts';
import { MIGRATIONS, migrateDocument } from '../../../src/lib/board/doc/migrate.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { addStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { readPickList, DEFAULT_PICK_LISTS } from '../../../src/lib/board/doc/pickLists.ts';
import { setPriority } from '../../../src/lib/board/doc/matrix.ts';
import { setRelationship } from '../../../src/lib/board/doc/internal.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { addGoal } from '../../../src/lib/board/doc/goals.ts';

const stamp = { by: { id: 'u', name: 'U' }, sessionId: 't', now: 1 };

describe('migrations and the new maps', () => {
	it('has one step per version', () => {
		expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
	});

	it('stakeholders, matrix, lists and internal data need no migration: an unversioned document keeps them as they are', () => {
		const shared = new Y.Doc();
		const internal = new Y.Doc();
		addStakeholder(shared, 'c', { name: 'Cleo', side: 'client', level: 'senior' });
		addGoal(shared, { id: 'g', text: 'Grow', author: { id: 'u', name: 'U' } });
		setPriority(shared, 'c', 'g', 2, stamp);
		setRelationship(internal, 'c', 3);
		const before = toSnapshot(shared, internal);
		expect(migrateDocument(shared, 'shared')).toBe(true);
		expect(migrateDocument(internal, 'internal')).toBe(true);
		expect(schemaVersionOf(shared)).toBe(SCHEMA_VERSION);
		expect(toSnapshot(shared, internal)).toEqual(before);
		expect(migrateDocument(shared, 'shared')).toBe(false); // idempotent
	});

	it('a freshly created board already shows the default pick lists (nothing to seed)', () => {
		const { shared } = initialDocuments('joint-planning');
		expect(readPickList(shared, 'functions').map((e) => e.label)).toEqual(DEFAULT_PICK_LISTS.functions);
		expect(readPickList(shared, 'processes').map((e) => e.label)).toEqual(DEFAULT_PICK_LISTS.processes);
	});
});
