// fast-check generators for raw boards: valid data mixed with the junk a peer might write.
import fc from 'fast-check';

export const CLIENT_IDS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
export const SUPPLIER_IDS = ['s0', 's1'];
export const GOAL_IDS = ['g0', 'g1', 'g2'];
export const CSF_IDS = ['k0', 'k1', 'k2', 'k3'];
const anyStakeholder = [...CLIENT_IDS, ...SUPPLIER_IDS, 'gone'];
const anyTarget = [...GOAL_IDS, ...CSF_IDS, 'gone'];

export const junk = fc.constantFrom<unknown>(7, '2', null, Number.NaN, 2.5, -1, undefined, Infinity, true, {}, []);
const scale = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 1, 2, 3) }, { weight: 1, arbitrary: junk });
const level = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('executive', 'senior', 'manager') }, { weight: 1, arbitrary: junk });

const stakeholder = (ids: string[], side: string) =>
	fc.record({
		id: fc.constantFrom(...ids),
		side: fc.constant(side),
		level,
		function: fc.constantFrom('operations', 'R&D', 'finance', 'IT', '', undefined)
	});

export const cellArb = fc.record({
	stakeholderId: fc.constantFrom(...anyStakeholder),
	targetId: fc.constantFrom(...anyTarget),
	priority: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1, 2, 3) }, { weight: 1, arbitrary: junk }),
	validated: fc.oneof(fc.boolean(), junk)
});

// One optional cell per (stakeholder, target) pair, so permuting the array is a true no-op;
// about half of the grid is written, some of it junk or pointing at missing ids.
const gridArb = fc
	.tuple(
		...anyStakeholder.flatMap((stakeholderId) =>
			anyTarget.map((targetId) =>
				fc.option(cellArb.map((c) => ({ ...c, stakeholderId, targetId })), { nil: undefined, freq: 2 })
			)
		)
	)
	.map((cells) => cells.filter((c) => c !== undefined));

export const boardArb = fc.record({
	stakeholders: fc
		.tuple(
			fc.uniqueArray(stakeholder(CLIENT_IDS, 'client'), { selector: (s) => s.id, maxLength: CLIENT_IDS.length }),
			fc.uniqueArray(stakeholder(SUPPLIER_IDS, 'supplier'), { selector: (s) => s.id, maxLength: 2 })
		)
		.map(([c, s]) => [...c, ...s]),
	targets: fc
		.tuple(
			fc.subarray(GOAL_IDS, { minLength: 1 }),
			fc.uniqueArray(fc.record({ id: fc.constantFrom(...CSF_IDS), parentId: fc.constantFrom(...GOAL_IDS, 'gone') }), {
				selector: (t) => t.id
			})
		)
		.map(([goals, csfs]) => [
			...goals.map((id) => ({ id, kind: 'goal', text: id })),
			...csfs.map((c) => ({ ...c, kind: 'csf', text: c.id }))
		]),
	cells: gridArb,
	internal: fc.record({
		relations: fc
			.tuple(
				...anyStakeholder.map((stakeholderId) =>
					fc.option(
						fc.record({
							stakeholderId: fc.constant(stakeholderId),
							relationship: scale,
							sponsorId: fc.constantFrom(...anyStakeholder, null)
						}),
						{ nil: undefined, freq: 3 }
					)
				)
			)
			.map((list) => list.filter((r) => r !== undefined)),
		ability: fc.dictionary(fc.constantFrom(...anyTarget), scale)
	}),
	settings: fc.record({ threshold: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), junk) })
});

export type RawBoard = typeof boardArb extends fc.Arbitrary<infer T> ? T : never;

/** A board together with a shuffled copy of its stakeholders, cells and relations. */
export const boardAndShuffleArb = boardArb.chain((b) =>
	fc
		.tuple(
			fc.shuffledSubarray(b.stakeholders, { minLength: b.stakeholders.length }),
			fc.shuffledSubarray(b.cells, { minLength: b.cells.length }),
			fc.shuffledSubarray(b.internal.relations, { minLength: b.internal.relations.length })
		)
		.map(([stakeholders, cells, relations]) => ({
			board: b,
			shuffled: { ...b, stakeholders, cells, internal: { ...b.internal, relations } }
		}))
);
