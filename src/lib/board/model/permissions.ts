// The one permission model for document content, shared by the sync server (which enforces it on
// every incoming update, before anything is stored) and the interface (which only mirrors it).
import { effectiveRole, type BoardAccess, type BoardRole, type Side } from './roles.ts';
import { lockOn, NO_LOCKS, type Locks } from './locks.ts';

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
	// ---- facilitation (agenda, timer, bring everyone here, locks, what the client side sees; decisions, parking lot) ----
	'facilitation',
	'decisions',
	'parkingLot',
	// ---- end facilitation ----
	// ---- engagement (issue #13): a client stakeholder's communication preferences ----
	'preferences',
	'ownPreferences',
	'personLinks',
	// The freeform canvas (src/lib/board/canvas/): its records in either document.
	'canvas'
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
	facilitation: 'running the session and its settings (agenda, current step, timer, bring everyone here, locks, what the client side sees)',
	decisions: 'the decision log',
	parkingLot: 'the parking lot',
	// ---- end facilitation ----
	preferences: "client stakeholders' communication preferences (channels, topics)",
	ownPreferences: 'your own communication preferences (channels, topics)',
	personLinks: 'which person on the board a stakeholder is',
	canvas: 'the canvas'
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
	// ---- facilitation ----
	// Only a facilitator runs the session, locks sections and sets what the client side sees.
	// Decisions are taken by both sides together, so client participants record them too; anyone
	// who writes may park an item.
	facilitation: ['facilitator/supplier'],
	decisions: WRITERS,
	parkingLot: WRITERS,
	// ---- end facilitation ----
	// ---- engagement ----
	// The supplier side records how each client stakeholder wants to be engaged; a client-side
	// person corrects their own preferences only: the guard (server/sync/updateGuard.ts) files a
	// change of stakeholder X's preferences under ownPreferences exactly when X is linked to the
	// sender (shared root personLinks), which only a supplier-side facilitator sets.
	preferences: SUPPLIER_WRITERS,
	ownPreferences: WRITERS,
	personLinks: ['facilitator/supplier'],
	// Everyone who writes draws; the supplier-only page is in the internal document, which the
	// client side cannot open at all.
	canvas: WRITERS
};

/**
 * Whether this person may change `area` while `locks` (the document's current lock state,
 * model/locks.ts) hold: the role × side table, then the locks, which close a section to everyone
 * but facilitators. `itemList` names the item list a change is in (a list can be locked alone).
 * The sync server's guard and the interface (`board.may`) both ask exactly this.
 */
export function mayChange(access: Pick<BoardAccess, 'role' | 'side'>, area: Area, locks: Locks = NO_LOCKS, itemList?: string): boolean {
	const role = effectiveRole(access.role, access.side);
	if (!PERMISSIONS[area].includes(`${role}/${access.side}`)) return false;
	return role === 'facilitator' || lockOn(locks, { area, itemList }) === null;
}

/** The area of a stakeholder row on `side`. */
export const peopleArea = (side: Side): Area => (side === 'supplier' ? 'supplierPeople' : 'clientPeople');
