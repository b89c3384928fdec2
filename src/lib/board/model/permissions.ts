// The one permission model for document content, shared by the sync server (which enforces it on
// every incoming update, before anything is stored) and the interface (which only mirrors it).
import { effectiveRole, type BoardAccess, type BoardRole, type Side } from './roles.ts';

/**
 * What a change touches. Every key of the document schema names one area (see doc/contentSchema.ts);
 * a stakeholder row's area follows from its side.
 */
export const AREAS = [
	'settings',
	'supplierPeople',
	'clientPeople',
	'goals',
	'matrix',
	'plan',
	'lists',
	'internal',
	'system',
	// ---- facilitation (agenda, timer, bring everyone here) ----
	'facilitation'
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_LABELS: Readonly<Record<Area, string>> = {
	settings: 'board settings (convergence threshold)',
	supplierPeople: 'supplier-side stakeholders',
	clientPeople: 'client-side stakeholders',
	goals: 'goals and CSFs',
	matrix: 'positioning matrix cells',
	plan: 'initiatives and actions',
	lists: 'pick lists and item lists',
	internal: 'internal document (relations, ability)',
	system: 'server-written state (schema version, template, carry-over)',
	// ---- facilitation ----
	facilitation: 'running the session (agenda, current step, timer, bring everyone here)'
};

type Who = `${BoardRole}/${Side}`;
const WRITERS: readonly Who[] = ['facilitator/supplier', 'participant/supplier', 'participant/client'];
const SUPPLIER_WRITERS: readonly Who[] = ['facilitator/supplier', 'participant/supplier'];

/**
 * role/side → may change. Observers change nothing; `system` is written by the server only; the
 * client side has no facilitators (roles.ts: a stored one acts as a participant).
 * Client-side people may not touch supplier-side rows (their level and function feed the supplier's
 * positioning figures) and never reach `internal` (they cannot even open it).
 */
export const PERMISSIONS: Readonly<Record<Area, readonly Who[]>> = {
	settings: ['facilitator/supplier'],
	supplierPeople: SUPPLIER_WRITERS,
	clientPeople: WRITERS,
	goals: WRITERS,
	matrix: WRITERS,
	plan: WRITERS,
	lists: WRITERS,
	internal: SUPPLIER_WRITERS,
	system: [],
	// ---- facilitation: only a facilitator runs the session ----
	facilitation: ['facilitator/supplier']
};

export function mayChange(access: Pick<BoardAccess, 'role' | 'side'>, area: Area): boolean {
	return PERMISSIONS[area].includes(`${effectiveRole(access.role, access.side)}/${access.side}`);
}

/** The area of a stakeholder row on `side`. */
export const peopleArea = (side: Side): Area => (side === 'supplier' ? 'supplierPeople' : 'clientPeople');
