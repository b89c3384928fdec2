import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../../../src/lib/board/model/limits.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { TextTooLongError } from '../../../src/lib/board/doc/input.ts';
import { abilityMap, readAbility, readRelation, relationsMap, setAbility, setRelationNotes, setRelationship, setSponsor } from '../../../src/lib/board/doc/internal.ts';

describe('internal document', () => {
	it('keeps relationship, sponsor and notes per client stakeholder', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		expect(readRelation(doc, 'c1')).toEqual({ relationship: 0, sponsorId: null, notes: '' });
		setRelationship(doc, 'c1', 2);
		setSponsor(doc, 'c1', 's1');
		setRelationNotes(doc, 'c1', 'plays golf with our CEO');
		expect(readRelation(doc, 'c1')).toEqual({ relationship: 2, sponsorId: 's1', notes: 'plays golf with our CEO' });
		setSponsor(doc, 'c1', null);
		expect(readRelation(doc, 'c1').sponsorId).toBeNull();
		expect(relationsMap(doc).get('c1')).toEqual({ relationship: 2, sponsorId: null, notes: 'plays golf with our CEO' });
		expect(origins.every((o) => o === ORIGIN.local)).toBe(true);
	});

	it('refuses bad values', () => {
		const doc = new Y.Doc();
		expect(() => setRelationship(doc, 'c1', 4 as never)).toThrow(RangeError);
		expect(() => setRelationNotes(doc, 'c1', 'x'.repeat(LIMITS.note + 1))).toThrow(TextTooLongError);
		expect(() => setAbility(doc, 'g', 1.5 as never)).toThrow(RangeError);
		expect(relationsMap(doc).size + abilityMap(doc).size).toBe(0);
	});

	it('keeps ability per target, null forgets it', () => {
		const doc = new Y.Doc();
		setAbility(doc, 'g1', 3);
		setAbility(doc, 'g2', 0);
		expect(abilityMap(doc).toJSON()).toEqual({ g1: 3, g2: 0 });
		setAbility(doc, 'g1', null);
		expect(readAbility(doc, 'g1')).toBeNull();
		expect(readAbility(doc, 'g2')).toBe(0);
	});

	it('reads junk from a peer as "no relation" and overwrites it cleanly', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			relationsMap(doc).set('c1', 'trusted');
			relationsMap(doc).set('c2', { relationship: '3', sponsorId: 5, notes: ['x'] });
			abilityMap(doc).set('g', 'high');
		});
		expect(readRelation(doc, 'c1')).toEqual({ relationship: 0, sponsorId: null, notes: '' });
		expect(readRelation(doc, 'c2')).toEqual({ relationship: 0, sponsorId: null, notes: '' });
		expect(readAbility(doc, 'g')).toBeNull();
		setRelationship(doc, 'c2', 3);
		expect(relationsMap(doc).get('c2')).toEqual({ relationship: 3, sponsorId: null, notes: '' });
	});
});
