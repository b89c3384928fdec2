// The planning model's words, shared by the documents, the views, the server's schema check and
// the interface: each list of values (and its labels) is defined here once.

/** Seniority of a stakeholder, highest first (the views rely on that order). */
export const LEVELS = ['executive', 'senior', 'manager'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Readonly<Record<Level, string>> = { executive: 'Executive', senior: 'Senior', manager: 'Manager' };
/** A stakeholder's weight in the shared and alignment figures. */
export const LEVEL_WEIGHT: Readonly<Record<Level, number>> = { executive: 3, senior: 2, manager: 1 };

/** What a matrix column, an initiative or an ability score points at: a goal or a critical success factor. */
export const TARGET_KINDS = ['goal', 'csf'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** 0 not a priority, 1 low, 2 medium, 3 high. */
export type Priority = 0 | 1 | 2 | 3;
/** 0 none, 1 aware, 2 engaged, 3 trusted. */
export type Relationship = 0 | 1 | 2 | 3;
/** Our ability to help with a target, 0..3. */
export type Ability = 0 | 1 | 2 | 3;

/** The convergence threshold of a board that never changed it. */
export const DEFAULT_THRESHOLD = 0.5;

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
	open: 'Open',
	'in-progress': 'In progress',
	done: 'Done',
	dropped: 'Dropped'
};
export const isStatus = (v: unknown): v is ActionStatus => (ACTION_STATUSES as readonly unknown[]).includes(v);
/** Open and in-progress actions are still to do; done and dropped ones are closed. */
export const isOpenStatus = (s: ActionStatus): boolean => s === 'open' || s === 'in-progress';

/** Who can own an action: a stakeholder on the board, or a member of the workspace. */
export const OWNER_KINDS = ['stakeholder', 'member'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** The board's editable pick lists (shared root key `lists`). */
export const PICK_LIST_NAMES = ['functions', 'processes'] as const;
export type PickListName = (typeof PICK_LIST_NAMES)[number];
