import type { Area } from '../model/permissions.ts';
import type { DocName } from '../model/docNames.ts';
import { BOARD_LIMITS, FACILITATION_LIMITS, LIMITS, LIST_LIMITS, SAVE_REASONS, SUMMARY_LIMITS } from '../model/limits.ts';
import { LOCK_SECTIONS } from '../model/locks.ts';
import { SIDES } from '../model/roles.ts';
import { TEMPLATES } from '../model/templates.ts';
import { AGENDA_LIMITS, STEP_MODES, VIEW_IDS } from '../model/facilitation.ts';
import { VOTE_LIMITS, VOTE_STATUSES } from '../model/votes.ts';
import { ACTION_STATUSES, LEVELS, OWNER_KINDS, PICK_LIST_NAMES, TARGET_KINDS } from '../model/vocabulary.ts';
import { CANVAS_LIMITS, RECORD_KEY, checkCanvasRecord, checkCanvasSchema } from '../canvas/records.ts';
import { DUE_DATE_MAX, DUE_DATE_MIN, isDueDate } from '../model/read.ts';
import { CADENCES, CHANNELS, ENGAGEMENT_LIMITS, OWNING_FUNCTIONS, TOUCH_POINT_STATUSES } from '../model/engagement.ts';

/*
 * The shape every stored document must have, as data: the sync server checks each incoming update
 * against it before storing it (server/sync/updateGuard.ts), so whatever is stored loads again.
 * Only the root types and keys named here exist; plain values are checked field by field (which
 * also bounds their nesting: no validator descends into a shape it does not expect).
 *
 * Co-edited texts (Y.Text) get a server cap above the interface's limit: two people typing into the
 * same text at once can each stay within the limit and together pass it, and refusing the second
 * would leave that person's copy apart from everyone's.
 */

/** Returns null when `v` is acceptable, else what is wrong with it; `key` is the map key it is stored under. */
export type Check = (v: unknown, key?: string) => string | null;

export interface ValueNode {
	type: 'value';
	check: Check;
	area?: Area;
}
export interface TextNode {
	type: 'text';
	maxLength: number;
	area?: Area;
}
export interface MapNode {
	type: 'map';
	/** Named keys with their own shape. */
	fields?: Readonly<Record<string, Node>>;
	/** Any key (an id) with this shape. */
	entries?: Node;
	/** Which keys `entries` accepts. */
	key?: RegExp;
	/** Hard cap on live entries. */
	maxEntries?: number;
	area?: Area;
}
export type Node = ValueNode | TextNode | MapNode;

// ---- value checks ----

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str =
	(max: number): Check =>
	(v) =>
		typeof v !== 'string' ? 'expected a string' : v.length > max ? `text longer than ${max} characters` : null;
const oneOf =
	(values: readonly unknown[]): Check =>
	(v) =>
		values.includes(v) ? null : `expected one of ${values.join(', ')}`;
const num =
	(min: number, max: number, int = false): Check =>
	(v) =>
		typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v)) ? `expected a number in ${min}..${max}` : null;
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'expected true or false');
const nullable =
	(c: Check): Check =>
	(v) =>
		v === null ? null : c(v);
const listOf =
	(c: Check, max: number): Check =>
	(v) => {
		if (!Array.isArray(v)) return 'expected a list';
		if (v.length > max) return `list longer than ${max}`;
		for (const x of v) {
			const e = c(x);
			if (e) return e;
		}
		return null;
	};
/** An object with exactly these fields (those in `optional` may be missing). */
const obj =
	(fields: Record<string, Check>, optional: readonly string[] = []): Check =>
	(v) => {
		if (!isObj(v)) return 'expected an object';
		for (const k of Object.keys(v)) if (!(k in fields)) return `unknown field “${k.slice(0, 40)}”`;
		for (const [k, c] of Object.entries(fields)) {
			if (!(k in v)) {
				if (optional.includes(k)) continue;
				return `missing field “${k}”`;
			}
			const e = c(v[k]);
			if (e) return `${k}: ${e}`;
		}
		return null;
	};

const id = str(BOARD_LIMITS.idLength);
const name = str(200);
const timestamp = num(0, 8.64e15);
/** Fractional-indexing keys (base 62), with the writer's run tag (model/order.ts). */
const ORDER_KEY = new RegExp(`^[0-9A-Za-z]{1,${BOARD_LIMITS.orderKey}}$`);
const orderKey: Check = (v) => (typeof v === 'string' && ORDER_KEY.test(v) ? null : 'expected an order key');
const scale = num(0, 3, true);
const author = obj({ id, name });
const isoDate: Check = (v) => (typeof v === 'string' && isDueDate(v) ? null : `expected a yyyy-mm-dd date from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}`);

const value = (check: Check, area?: Area): ValueNode => ({ type: 'value', check, area });
const text = (): TextNode => ({ type: 'text', maxLength: BOARD_LIMITS.coEditedText });
const ID_KEY = /^[^\u0000-\u001f]{1,200}$/;
const map = (fields: Record<string, Node>): MapNode => ({ type: 'map', fields });
const mapOf = (entries: Node, maxEntries: number, key = ID_KEY): MapNode => ({ type: 'map', entries, maxEntries, key });

// ---- the two documents ----

const goal = map({
	kind: value(oneOf(TARGET_KINDS)),
	parentId: value(id),
	text: text(),
	order: value(orderKey),
	processes: value(listOf(str(LIMITS.name), 200)),
	author: value(author),
	createdAt: value(timestamp)
});

const stakeholder = map({
	name: value(str(LIMITS.name)),
	title: value(str(LIMITS.name)),
	side: value(oneOf(SIDES)),
	level: value(oneOf(LEVELS)),
	function: value(str(LIMITS.name)),
	order: value(orderKey)
});

const cell = obj({
	priority: nullable(scale),
	validated: bool,
	note: str(LIMITS.note),
	setBy: nullable(author),
	setAt: nullable(timestamp),
	sessionId: nullable(id)
});

const initiative = map({
	title: text(),
	targetIds: value(listOf(id, BOARD_LIMITS.goals)),
	processes: value(listOf(str(LIMITS.name), 200)),
	order: value(orderKey),
	createdBy: value(author),
	createdAt: value(timestamp),
	carriedFrom: value(id)
});

const owner = obj({ kind: oneOf(OWNER_KINDS), id, name });
const action = map({
	text: text(),
	initiativeId: value(id),
	owner: value(nullable(owner)),
	due: value(nullable(isoDate)),
	status: value(oneOf(ACTION_STATUSES)),
	order: value(orderKey),
	createdBy: value(author),
	createdAt: value(timestamp),
	carriedFrom: value(id)
});

const listItem = map({ text: text(), author: value(author), order: value(orderKey), createdAt: value(timestamp) });
const itemList = map({
	title: value(str(LIST_LIMITS.title)),
	hint: value(str(600)),
	order: value(orderKey),
	createdAt: value(timestamp),
	items: mapOf(listItem, BOARD_LIMITS.itemsPerList)
});

const pickEntry = obj({ label: str(LIMITS.name), order: orderKey, removed: bool }, ['removed']);

// ---- facilitation (doc/agenda.ts, doc/session.ts): facilitators only ----

const agendaStep = obj({
	title: str(AGENDA_LIMITS.title),
	minutes: num(1, AGENDA_LIMITS.maxMinutes, true),
	view: oneOf(VIEW_IDS),
	mode: oneOf(STEP_MODES),
	order: orderKey
});
const stepLog = obj({ startedAt: nullable(timestamp), endedAt: nullable(timestamp), spentMs: num(0, 8.64e15) });
const timerState = obj({
	startedAt: timestamp,
	durationMs: num(0, AGENDA_LIMITS.maxTimerMinutes * 60_000),
	pausedAt: nullable(timestamp),
	accumulatedPauseMs: num(0, 8.64e15)
});
/** Where a canvas shows (page and camera): "bring everyone here" on the canvas brings them to this spot. */
const canvasSpot = obj({ page: str(CANVAS_LIMITS.idLength), x: num(-1e9, 1e9), y: num(-1e9, 1e9), z: num(0.01, 100) });
const summonState = obj({ view: oneOf(VIEW_IDS), by: author, hold: bool, at: timestamp, canvas: canvasSpot }, ['canvas']);
const session = map({ current: value(nullable(id)), timer: value(nullable(timerState)), summon: value(nullable(summonState)) });

// ---- facilitation: locks, what the client side sees, decision log, parking lot ----

const LOCK_KEY = new RegExp(`^(${LOCK_SECTIONS.join('|')}|list:[^\\u0000-\\u001f]{1,200})$`);
const lock = obj({ by: author, at: timestamp });
const clientView = map({ showAlignmentDetails: value(bool), showLiveVoteTotals: value(bool) });
const decider = obj({ kind: oneOf(OWNER_KINDS), id, name, side: oneOf(SIDES) });
const decision = map({
	text: text(),
	deciders: value(listOf(decider, FACILITATION_LIMITS.decidersPerDecision)),
	decidedAt: value(timestamp),
	targetIds: value(listOf(id, FACILITATION_LIMITS.linksPerDecision)),
	initiativeIds: value(listOf(id, FACILITATION_LIMITS.linksPerDecision)),
	order: value(orderKey),
	createdBy: value(author),
	createdAt: value(timestamp)
});
const parkedItem = map({
	text: text(),
	author: value(author),
	createdAt: value(timestamp),
	order: value(orderKey),
	movedTo: value(obj({ kind: oneOf(['action', 'goal', 'agenda']), id, by: author, at: timestamp }))
});

// ---- facilitation: saved session summaries (doc/summaries.ts): plain snapshots, facilitators only ----

const count = num(0, 1e9, true);
const ms = num(-8.64e15, 8.64e15);
const sumText = str(SUMMARY_LIMITS.text);
const sideCounts = obj({ client: count, supplier: count, unknown: count });
const savedSummary = obj({
	createdAt: timestamp,
	createdBy: author,
	reason: oneOf(SAVE_REASONS),
	window: nullable(obj({ start: timestamp, end: timestamp })),
	steps: listOf(obj({ id, title: sumText, plannedMin: num(0, AGENDA_LIMITS.maxMinutes, true), actualMs: num(0, 8.64e15), overrunMs: ms, ran: bool }), SUMMARY_LIMITS.steps),
	totals: obj({ plannedMin: count, plannedRunMin: count, actualMs: num(0, 8.64e15), overrunMs: ms }),
	decisions: listOf(obj({ id, text: sumText, decidedAt: timestamp, deciders: listOf(obj({ name, side: oneOf(SIDES) }), 20) }), SUMMARY_LIMITS.decisions),
	parkingLot: obj({
		open: listOf(obj({ id, text: sumText }), SUMMARY_LIMITS.parked),
		moved: listOf(obj({ id, text: sumText, kind: oneOf(['action', 'goal']) }), SUMMARY_LIMITS.parked)
	}),
	actions: listOf(obj({ id, text: sumText, owner: nullable(name), due: nullable(isoDate) }), SUMMARY_LIMITS.actions),
	votes: listOf(
		obj({ id, title: sumText, revealedAt: timestamp, items: listOf(obj({ itemId: id, label: sumText, client: num(0, 1e9), supplier: num(0, 1e9) }), SUMMARY_LIMITS.voteItems) }),
		SUMMARY_LIMITS.votes
	),
	votesHidden: count,
	contributions: obj({ total: sideCounts, item: sideCounts, cell: sideCounts, note: sideCounts })
});

// ---- facilitation: dot votes (doc/votes.ts). Ballots are never in a document (vote_ballots) ----

const voteCount = num(0, 1e6, true);
const sideTotals = obj({ client: voteCount, supplier: voteCount });
const recordOf =
	(c: Check, max: number): Check =>
	(v) => {
		if (!isObj(v)) return 'expected an object';
		const entries = Object.entries(v);
		if (entries.length > max) return `more than ${max} entries`;
		for (const [k, x] of entries) {
			if (k.length > 200) return 'key too long';
			const e = c(x);
			if (e) return e;
		}
		return null;
	};
const vote = map({
	title: value(str(VOTE_LIMITS.title)),
	items: value(listOf(obj({ ref: str(200), label: str(VOTE_LIMITS.label) }), VOTE_LIMITS.items)),
	budget: value(num(1, VOTE_LIMITS.maxBudget, true)),
	maxPerItem: value(num(1, VOTE_LIMITS.maxBudget, true)),
	anonymous: value(bool),
	status: value(oneOf(VOTE_STATUSES)),
	openedBy: value(author),
	openedAt: value(timestamp),
	// Computed by the server from the ballots it holds: nobody's browser may write them.
	liveTotals: value(nullable(recordOf(voteCount, VOTE_LIMITS.items)), 'system'),
	results: value(nullable(recordOf(sideTotals, VOTE_LIMITS.items)), 'system'),
	divergence: value(listOf(obj({ ref: str(200), clientRank: voteCount, supplierRank: voteCount, gap: num(-1e6, 1e6, true) }), VOTE_LIMITS.items), 'system'),
	voters: value(sideTotals, 'system'),
	revealedAt: value(nullable(timestamp), 'system')
});

// ---- end facilitation ----

// ---- engagement (doc/preferences.ts shared, doc/engagement.ts internal) ----

const preferences = map({
	channels: value(listOf(oneOf(CHANNELS), CHANNELS.length)),
	topics: value(listOf(id, ENGAGEMENT_LIMITS.topics)),
	updatedBy: value(author),
	updatedAt: value(timestamp)
});
const PERSON_KEY = /^(guest|user):[^\u0000-\u001f]{1,200}$/;
const personKey: Check = (v) => (typeof v === 'string' && PERSON_KEY.test(v) ? null : 'expected a person key');
const channel = oneOf(CHANNELS);
const planEntry = obj({ owners: listOf(id, ENGAGEMENT_LIMITS.owners), notes: str(LIMITS.note), email: str(LIMITS.name) });
const touchPoint = obj({
	stakeholderId: id,
	ownerId: nullable(id),
	channel,
	purpose: str(ENGAGEMENT_LIMITS.purpose),
	cadence: oneOf(CADENCES),
	due: nullable(isoDate),
	function: oneOf(OWNING_FUNCTIONS),
	status: oneOf(TOUCH_POINT_STATUSES),
	createdBy: author,
	createdAt: timestamp
});
const touch = obj({
	stakeholderId: id,
	byId: nullable(id),
	channel,
	date: isoDate,
	outcome: str(ENGAGEMENT_LIMITS.outcome),
	touchPointId: nullable(id),
	createdBy: author,
	createdAt: timestamp
});

// ---- the canvas (src/lib/board/canvas/records.ts): tldraw records, checked by tldraw's validators ----

const canvasRoots = (): Record<string, RootSpec> => ({
	canvas: {
		area: 'canvas',
		node: mapOf(value((v, key) => (key !== undefined && isObj(v) && v.id !== key ? 'a canvas record stored under another id' : checkCanvasRecord(v))), CANVAS_LIMITS.records, RECORD_KEY)
	},
	canvasMeta: { area: 'canvas', node: map({ schema: value(checkCanvasSchema) }) }
});

/** A root type: its node, and the area its changes belong to (stakeholders: by the row's side). */
export interface RootSpec {
	node: MapNode;
	/** `bySide`: by the stakeholder row's side; `byStakeholder`: preferences, own or not (updateGuard.ts). */
	area: Area | 'bySide' | 'byStakeholder';
}

export const DOC_SCHEMA: Readonly<Record<DocName, Readonly<Record<string, RootSpec>>>> = {
	shared: {
		meta: {
			area: 'system',
			node: map({
				schemaVersion: value(num(0, 1e6, true)),
				template: value(oneOf(TEMPLATES)),
				threshold: value(num(0, 1), 'settings'),
				note: value(str(LIMITS.note)),
				carriedOver: value(nullable((v) => (isObj(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number') ? null : 'expected a summary')))
			})
		},
		goals: { area: 'goals', node: mapOf(goal, BOARD_LIMITS.goals) },
		stakeholders: { area: 'bySide', node: mapOf(stakeholder, BOARD_LIMITS.stakeholders) },
		lists: { area: 'lists', node: mapOf(value(pickEntry), BOARD_LIMITS.pickListEntries, new RegExp(`^(${PICK_LIST_NAMES.join('|')})/[^\\u0000-\\u001f]{1,200}$`)) },
		matrix: { area: 'matrix', node: mapOf(value(cell), BOARD_LIMITS.matrixCells, /^[^|\u0000-\u001f]{1,200}\|[^|\u0000-\u001f]{1,200}$/) },
		initiatives: { area: 'plan', node: mapOf(initiative, BOARD_LIMITS.initiatives) },
		actions: { area: 'plan', node: mapOf(action, BOARD_LIMITS.actions) },
		itemLists: { area: 'lists', node: mapOf(itemList, BOARD_LIMITS.itemLists) },
		// ---- facilitation ----
		agenda: { area: 'facilitation', node: mapOf(value(agendaStep), AGENDA_LIMITS.steps) },
		agendaLog: { area: 'facilitation', node: mapOf(value(stepLog), AGENDA_LIMITS.steps) },
		session: { area: 'facilitation', node: session },
		locks: { area: 'facilitation', node: mapOf(value(lock), FACILITATION_LIMITS.locks, LOCK_KEY) },
		clientView: { area: 'facilitation', node: clientView },
		decisions: { area: 'decisions', node: mapOf(decision, FACILITATION_LIMITS.decisions) },
		parkingLot: { area: 'parkingLot', node: mapOf(parkedItem, FACILITATION_LIMITS.parkedItems) },
		summaries: { area: 'facilitation', node: mapOf(value(savedSummary), SUMMARY_LIMITS.saved) },
		votes: { area: 'facilitation', node: mapOf(vote, VOTE_LIMITS.votes) },
		// ---- end facilitation ----
		preferences: { area: 'byStakeholder', node: mapOf(preferences, BOARD_LIMITS.stakeholders) },
		personLinks: { area: 'personLinks', node: mapOf(value(personKey), BOARD_LIMITS.stakeholders) },
		...canvasRoots()
	},
	internal: {
		meta: { area: 'system', node: map({ schemaVersion: value(num(0, 1e6, true)) }) },
		relations: {
			area: 'internal',
			node: mapOf(value(obj({ relationship: scale, sponsorId: nullable(id), notes: str(LIMITS.note) })), BOARD_LIMITS.stakeholders)
		},
		ability: { area: 'internal', node: mapOf(value(scale), BOARD_LIMITS.goals) },
		engagement: { area: 'internal', node: mapOf(value(planEntry), BOARD_LIMITS.stakeholders) },
		touchPoints: { area: 'internal', node: mapOf(value(touchPoint), ENGAGEMENT_LIMITS.touchPoints) },
		touches: { area: 'internal', node: mapOf(value(touch), ENGAGEMENT_LIMITS.touches) },
		// The supplier-only canvas page
		...canvasRoots()
	}
};

/** The node of a key inside a map node, or null when the schema has no such key. */
export function childOf(node: MapNode, key: string): Node | null {
	// Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
	const field = node.fields && Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
	if (field) return field;
	if (node.entries && (node.key ?? ID_KEY).test(key)) return node.entries;
	return null;
}
