import { describe, expect, it } from 'vitest';
import { ownerOptions, personKey } from '../../../src/lib/board/views/ownerOptions.ts';
import type { Stakeholder } from '../../../src/lib/board/views/types.ts';

const sh = (id: string, name: string, side: 'client' | 'supplier', title = ''): Stakeholder => ({ id, name, title, side, level: 'senior', function: '' });

describe('ownerOptions', () => {
	const stakeholders = [sh('c1', 'Clara Chief', 'client', 'CEO'), sh('s1', 'Sam Lee', 'supplier', 'VP Sales'), sh('s2', 'Olga Ops', 'supplier')];
	const members = [{ id: 'u1', name: ' sam  LEE ' }, { id: 'u2', name: 'Mia Member' }];

	it('lists a person who is both a supplier stakeholder and a member once, as the member, with the title', () => {
		const o = ownerOptions(stakeholders, members, null);
		const all = [...o.clients, ...o.suppliers, ...o.members];
		expect(all.filter((x) => personKey(x.name) === 'sam lee')).toHaveLength(1);
		expect(o.suppliers.map((x) => x.key)).toEqual(['stakeholder:s2']);
		expect(o.members).toEqual([
			{ key: 'member:u1', name: ' sam  LEE ', label: ' sam  LEE  — VP Sales' },
			{ key: 'member:u2', name: 'Mia Member', label: 'Mia Member' }
		]);
		expect(o.clients.map((x) => x.key)).toEqual(['stakeholder:c1']);
	});

	it('keeps the stakeholder row when it is the current owner, so the select shows it', () => {
		const o = ownerOptions(stakeholders, members, { kind: 'stakeholder', id: 's1', name: 'Sam Lee' });
		expect(o.suppliers.map((x) => x.key)).toContain('stakeholder:s1');
		expect(o.members.map((x) => x.key)).toContain('member:u1');
	});

	it('never merges a client stakeholder with a member of the same name', () => {
		const o = ownerOptions([sh('c2', 'Mia Member', 'client')], members, null);
		expect(o.clients.map((x) => x.key)).toEqual(['stakeholder:c2']);
		expect(o.members.map((x) => x.key)).toEqual(['member:u1', 'member:u2']);
	});

	it('does not guess when two members share the name', () => {
		const o = ownerOptions([sh('s1', 'Sam Lee', 'supplier')], [{ id: 'u1', name: 'Sam Lee' }, { id: 'u3', name: 'Sam Lee' }], null);
		expect(o.suppliers.map((x) => x.key)).toEqual(['stakeholder:s1']);
		expect(o.members).toHaveLength(2);
	});

	it('ignores stakeholders without a name', () => {
		const o = ownerOptions([sh('s9', '  ', 'supplier')], [{ id: 'u4', name: '' }], null);
		expect(o.suppliers).toHaveLength(1);
		expect(o.members).toHaveLength(1);
	});
});
