import { describe, expect, it } from 'vitest';
import { AREAS, PERMISSIONS, mayChange, type Area } from '../../../src/lib/board/model/permissions.ts';
import { LOCK_SECTIONS, isLockKey, listLockKey, lockOn, type LockKey, type Locks } from '../../../src/lib/board/model/locks.ts';
import { PERSONAS } from '../../fixtures/boardChanges.ts';

const lock = { by: { id: 'u-f', name: 'Sam' }, at: 1 };
const locked = (...keys: LockKey[]): Locks => Object.fromEntries(keys.map((k) => [k, lock]));

/** What each lock closes, written out by hand: section → the (area, item list) targets it covers. */
const CLOSES: Record<string, { area: Area; itemList?: string }[]> = {
	goals: [{ area: 'goals' }],
	// Communication preferences (issue #13) belong with the stakeholders.
	stakeholders: [{ area: 'supplierPeople' }, { area: 'clientPeople' }, { area: 'lists' }, { area: 'preferences' }, { area: 'ownPreferences' }],
	matrix: [{ area: 'matrix' }],
	initiatives: [{ area: 'plan' }],
	lists: [{ area: 'lists', itemList: 'ideas' }, { area: 'lists', itemList: 'feedback' }],
	'list:ideas': [{ area: 'lists', itemList: 'ideas' }],
	decisions: [{ area: 'decisions' }],
	parkingLot: [{ area: 'parkingLot' }],
	canvas: [{ area: 'canvas' }],
	board: [
		{ area: 'goals' },
		{ area: 'supplierPeople' },
		{ area: 'clientPeople' },
		{ area: 'matrix' },
		{ area: 'plan' },
		{ area: 'lists' },
		{ area: 'lists', itemList: 'ideas' },
		{ area: 'lists', itemList: 'feedback' },
		{ area: 'decisions' },
		{ area: 'parkingLot' },
		{ area: 'preferences' },
		{ area: 'ownPreferences' },
		// The supplier's internal document (relations, sponsors, ability): only the whole-board lock.
		{ area: 'internal' },
		{ area: 'canvas' }
	]
};
const TARGETS: { area: Area; itemList?: string }[] = [
	...AREAS.map((area) => ({ area })),
	{ area: 'lists', itemList: 'ideas' },
	{ area: 'lists', itemList: 'feedback' }
];
const same = (a: { area: Area; itemList?: string }, b: { area: Area; itemList?: string }) => a.area === b.area && a.itemList === b.itemList;
const label = (t: { area: Area; itemList?: string }) => (t.itemList ? `${t.area}[${t.itemList}]` : t.area);

describe('lock rule: section × area × role/side', () => {
	for (const [key, closes] of Object.entries(CLOSES)) {
		for (const target of TARGETS) {
			const closed = closes.some((c) => same(c, target));
			for (const p of PERSONAS) {
				const base = mayChange(p, target.area, {}, target.itemList);
				// Facilitators (supplier side) write through locks; a stored client-side facilitator acts as a participant.
				const expected = base && (!closed || (p.role === 'facilitator' && p.side === 'supplier'));
				it(`${key} locked: ${p.role}/${p.side} on ${label(target)} → ${expected ? 'may' : 'may not'}`, () => {
					expect(mayChange(p, target.area, locked(key as LockKey), target.itemList)).toBe(expected);
				});
			}
		}
	}

	it('without locks the rule is the role × side table', () => {
		for (const p of PERSONAS)
			for (const area of AREAS) expect(mayChange(p, area, {})).toBe(PERMISSIONS[area].includes(`${p.role === 'facilitator' && p.side === 'client' ? 'participant' : p.role}/${p.side}`));
	});

	it('a lock never opens anything: observers and the client side stay where they were', () => {
		const all = locked(...LOCK_SECTIONS, listLockKey('ideas'));
		for (const area of AREAS) {
			expect(mayChange({ role: 'observer', side: 'supplier' }, area, all)).toBe(false);
			expect(mayChange({ role: 'participant', side: 'client' }, area, all)).toBe(false);
		}
		expect(mayChange({ role: 'facilitator', side: 'supplier' }, 'system', all)).toBe(false);
	});

	it('only facilitators change locks, and only the supplier-side ones', () => {
		for (const p of PERSONAS) expect(mayChange(p, 'facilitation')).toBe(p.role === 'facilitator' && p.side === 'supplier');
	});

	it('names the lock that applies: the section before the whole board', () => {
		expect(lockOn(locked('board', 'goals'), { area: 'goals' })?.key).toBe('goals');
		expect(lockOn(locked('board'), { area: 'goals' })?.key).toBe('board');
		expect(lockOn(locked('list:ideas'), { area: 'lists', itemList: 'feedback' })).toBeNull();
		expect(lockOn(locked('board'), { area: 'settings' })).toBeNull();
	});

	it('the whole-board lock also closes the internal document (no section lock does)', () => {
		expect(lockOn(locked('board'), { area: 'internal' })?.key).toBe('board');
		expect(lockOn(locked('goals', 'stakeholders', 'matrix', 'initiatives', 'lists', 'decisions', 'parkingLot'), { area: 'internal' })).toBeNull();
		expect(mayChange({ role: 'participant', side: 'supplier' }, 'internal', locked('board'))).toBe(false);
		expect(mayChange({ role: 'facilitator', side: 'supplier' }, 'internal', locked('board'))).toBe(true);
	});

	it('knows its keys', () => {
		expect(isLockKey('goals')).toBe(true);
		expect(isLockKey('list:ideas')).toBe(true);
		expect(isLockKey('list:')).toBe(false);
		expect(isLockKey('constructor')).toBe(false);
		expect(isLockKey('internal')).toBe(false);
	});
});
