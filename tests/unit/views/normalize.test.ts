import { describe, expect, it } from 'vitest';
import { normalizeSnapshot } from '../../../src/lib/board/views/index.ts';
import { TARGET_ORDER, noisyExample, workedExample } from '../../fixtures/worked-example.ts';

describe('normalizeSnapshot', () => {
	it('orders targets goal-then-CSFs by fractional order keys and drops orphan CSFs', () => {
		expect(normalizeSnapshot(workedExample).targets.map((t) => t.id)).toEqual(TARGET_ORDER);
		expect(normalizeSnapshot(noisyExample).targets.map((t) => t.id)).toEqual(TARGET_ORDER);
	});

	it('keeps only valid cells, relations and ability entries', () => {
		const s = normalizeSnapshot(noisyExample);
		expect(s.stakeholders.map((x) => x.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 's1', 's2']);
		expect(s.cells.every((c) => ['c1', 'c2', 'c3', 'c4', 'c5'].includes(c.stakeholderId))).toBe(true);
		expect(s.cells.every((c) => TARGET_ORDER.includes(c.targetId))).toBe(true);
		expect(s.cells.filter((c) => c.priority !== null)).toHaveLength(23);
		expect(s.internal.relations.map((r) => [r.stakeholderId, r.relationship, r.sponsorId])).toEqual([
			['c1', 3, 's1'],
			['c2', 2, null], // 'c3' is a client, not a sponsor
			['c3', 1, 's2'],
			['c4', 2, null],
			['c5', 0, 's1'] // '3' (string) is not a strength
		]);
		expect(s.internal.ability.map((a) => a.targetId)).toEqual(['G1', 'C1a', 'C1b', 'G2', 'C2a', 'G3', 'C3a']);
	});

	it('gives safe defaults for missing fields and tolerates case and whitespace in enums', () => {
		const s = normalizeSnapshot({
			stakeholders: [{ id: 'a', side: ' Client ', level: 'Executive' }, { id: 'b', side: 'client', level: 'director' }],
			targets: [{ id: 'g' }, { id: 'c', parentId: 'g' }, { id: 'k', kind: 'GOAL', parentId: 'g', processes: ['x', 3] }],
			cells: [{ stakeholderId: 'a', targetId: 'c', priority: 2 }]
		});
		expect(s.stakeholders).toEqual([
			{ id: 'a', name: '', title: '', side: 'client', level: 'executive', function: 'other' },
			{ id: 'b', name: '', title: '', side: 'client', level: 'manager', function: 'other' }
		]);
		expect(s.targets).toEqual([
			{ id: 'g', kind: 'goal', parentId: null, text: '', processes: [] },
			{ id: 'c', kind: 'csf', parentId: 'g', text: '', processes: [] },
			{ id: 'k', kind: 'goal', parentId: null, text: '', processes: ['x'] }
		]);
		expect(s.cells).toEqual([
			{
				stakeholderId: 'a',
				targetId: 'c',
				priority: 2,
				validated: false,
				note: '',
				provenance: { setBy: null, setAt: null, sessionId: null }
			}
		]);
		expect(s.settings).toEqual({ threshold: 0.5 });
	});

	it('accepts arrays, Maps and records; a map key wins over an id field; first duplicate id wins', () => {
		const fromRecord = normalizeSnapshot({ stakeholders: { a: { id: 'zzz', side: 'client', name: 'A' } } });
		expect(fromRecord.stakeholders[0]?.id).toBe('a');
		const fromMap = normalizeSnapshot({ stakeholders: new Map([['a', { side: 'client', name: 'A' }]]) });
		expect(fromMap.stakeholders).toEqual(fromRecord.stakeholders);
		const dup = normalizeSnapshot({
			stakeholders: [
				{ id: 'a', side: 'client', name: 'first' },
				{ id: 'a', side: 'client', name: 'second' },
				{ side: 'client', name: 'no id' },
				{ id: '', side: 'client' },
				{ id: 7, side: 'client' }
			]
		});
		expect(dup.stakeholders.map((s) => s.name)).toEqual(['first']);
	});

	it('reads provenance, with setAt as epoch ms or ISO text and setBy as id or author', () => {
		const s = normalizeSnapshot({
			stakeholders: [{ id: 'a', side: 'client' }],
			targets: [{ id: 'g' }, { id: 'h' }],
			cells: [
				{ stakeholderId: 'a', targetId: 'g', priority: 1, provenance: { setBy: 'u1', setAt: 5, sessionId: 'w1' } },
				{ stakeholderId: 'a', targetId: 'h', priority: 1, setBy: { id: 'u2', name: 'U' }, setAt: '1970-01-01T00:00:01Z' }
			]
		});
		expect(s.cells.map((c) => c.provenance)).toEqual([
			{ setBy: 'u1', setAt: 5, sessionId: 'w1' },
			{ setBy: 'u2', setAt: 1000, sessionId: null }
		]);
	});

	it('resolves duplicate cells: newest setAt wins; on a tie a set cell beats an unset one', () => {
		const base = { stakeholders: [{ id: 'a', side: 'client' }], targets: [{ id: 'g' }] };
		const cell = (priority: unknown, setAt?: number) => ({ stakeholderId: 'a', targetId: 'g', priority, setAt });
		const p = (cells: unknown[]) => normalizeSnapshot({ ...base, cells }).cells.map((c) => c.priority);
		expect(p([cell(3, 2), cell(1, 1)])).toEqual([3]);
		expect(p([cell(1, 1), cell(3, 2)])).toEqual([3]);
		expect(p([cell(3, 1), cell(null, 2)])).toEqual([null]); // cleared later
		expect(p([cell(3), cell(null)])).toEqual([3]);
		expect(p([cell(null), cell(3)])).toEqual([3]);
		expect(p([cell(1), cell(2)])).toEqual([2]); // full tie: later entry
	});

	it('reads the threshold from settings or meta and rejects out-of-range values', () => {
		expect(normalizeSnapshot({ settings: { threshold: 0.6 } }).settings.threshold).toBe(0.6);
		expect(normalizeSnapshot({ meta: { threshold: 1 } }).settings.threshold).toBe(1);
		for (const bad of [-0.1, 1.01, Number.NaN, Infinity, '0.6', null]) {
			expect(normalizeSnapshot({ settings: { threshold: bad } }).settings.threshold).toBe(0.5);
		}
	});

	it('returns a frozen snapshot, reuses it as-is, and is idempotent on a plain copy', () => {
		const s = normalizeSnapshot(noisyExample);
		expect(Object.isFrozen(s) && Object.isFrozen(s.cells) && Object.isFrozen(s.cells[0])).toBe(true);
		expect(normalizeSnapshot(s)).toBe(s);
		expect(normalizeSnapshot(structuredClone(s))).toEqual(s);
	});

	it('does not share or mutate the input', () => {
		const input = structuredClone(workedExample);
		const s = normalizeSnapshot(input);
		expect(input).toEqual(workedExample);
		expect(s.targets[0]?.processes).not.toBe(input.goals.G1.processes);
	});
});
