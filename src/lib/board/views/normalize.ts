// Turns whatever peers wrote into a clean BoardSnapshot. Bad values are ignored, never thrown:
// CRDT data is written by many clients (some old, some buggy), so the views must not trust it.
import { compareKeys } from '../model/order.ts';
import { id, isRec, scale, str, strings, time, word, type Rec } from '../model/read.ts';
import { SIDES } from '../model/roles.ts';
import { DEFAULT_THRESHOLD, LEVELS, LEVEL_WEIGHT } from '../model/vocabulary.ts';
import type { AbilityEntry, BoardSnapshot, Cell, Level, Priority, Provenance, Relation, Stakeholder, Target } from './types.ts';
import type { Side } from '../model/roles.ts';

/** Array, Map or record → [key, value] pairs; a record's or Map's key is the item id. */
function entries(x: unknown): Array<[string | null, unknown]> {
	if (Array.isArray(x)) return Array.from(x, (v): [null, unknown] => [null, v]);
	if (x instanceof Map) return Array.from(x, ([k, v]): [string | null, unknown] => [id(k), v]);
	if (isRec(x)) return Object.entries(x).map(([k, v]): [string | null, unknown] => [id(k), v]);
	return [];
}

/** Items with their id (key of a map wins over an `id` field), first occurrence of an id wins. */
function items(x: unknown, idField = 'id'): Array<{ id: string; rec: Rec; index: number }> {
	const out: Array<{ id: string; rec: Rec; index: number }> = [];
	const seen = new Set<string>();
	for (const [key, rec] of entries(x)) {
		if (!isRec(rec)) continue;
		const itemId = key ?? id(rec[idField]);
		if (itemId === null || seen.has(itemId)) continue;
		seen.add(itemId);
		out.push({ id: itemId, rec, index: out.length });
	}
	return out;
}

/**
 * Board order: by fractional `order` key when present (keyed items first), then by id, so every
 * peer sorts alike (arrival order differs between peers), and arrival order only for equal ids.
 */
function byOrder<T extends { id: string; rec: Rec; index: number }>(list: T[]): T[] {
	const key = (t: T) => (typeof t.rec.order === 'string' ? t.rec.order : null);
	return [...list].sort((a, b) => {
		const ka = key(a);
		const kb = key(b);
		if (ka !== null && kb !== null && ka !== kb) return compareKeys(ka, kb);
		if (ka !== kb) return ka === null ? 1 : -1;
		if (a.id !== b.id) return compareKeys(a.id, b.id);
		return a.index - b.index;
	});
}

export function normalizeStakeholders(raw: unknown): Stakeholder[] {
	const out: Stakeholder[] = [];
	for (const { id: sid, rec } of byOrder(items(raw))) {
		const side = word(rec.side);
		if (!(SIDES as readonly string[]).includes(side)) continue; // can't tell whose side: leave out
		const level = word(rec.level);
		out.push({
			id: sid,
			name: str(rec.name),
			title: str(rec.title),
			side: side as Side,
			level: (LEVELS as readonly string[]).includes(level) ? (level as Level) : 'manager',
			function: str(rec.function).trim() || 'other'
		});
	}
	return out;
}

export function normalizeTargets(raw: unknown): Target[] {
	const all = byOrder(items(raw)).map(({ id: tid, rec }) => {
		const kind = word(rec.kind);
		const parentId = id(rec.parentId);
		const isCsf = kind === 'csf' || (kind !== 'goal' && parentId !== null);
		const target: Target = {
			id: tid,
			kind: isCsf ? 'csf' : 'goal',
			parentId: isCsf ? parentId : null,
			text: str(rec.text),
			processes: strings(rec.processes)
		};
		return target;
	});
	// Flatten as goal, its CSFs, next goal…; a CSF whose goal is gone (or isn't a goal) is dropped.
	const out: Target[] = [];
	for (const goal of all) {
		if (goal.kind !== 'goal') continue;
		out.push(goal);
		for (const csf of all) if (csf.kind === 'csf' && csf.parentId === goal.id) out.push(csf);
	}
	return out;
}

function provenance(rec: Rec): Provenance {
	const p = isRec(rec.provenance) ? rec.provenance : rec;
	const setBy = isRec(p.setBy) ? id(p.setBy.id) : id(p.setBy);
	return { setBy, setAt: time(p.setAt), sessionId: id(p.sessionId) };
}

/** Duplicate cells for one key: newest setAt wins; on a tie a set cell beats an unset one, then the later one. */
function supersedes(next: Cell, prev: Cell): boolean {
	const a = next.provenance.setAt ?? -Infinity;
	const b = prev.provenance.setAt ?? -Infinity;
	if (a !== b) return a > b;
	if ((next.priority === null) !== (prev.priority === null)) return next.priority !== null;
	return true;
}

/** One cell record as the views read it, or null when it names no stakeholder or no target. */
export function cellOf(rec: unknown): Cell | null {
	if (!isRec(rec)) return null;
	const stakeholderId = id(rec.stakeholderId);
	const targetId = id(rec.targetId);
	if (stakeholderId === null || targetId === null) return null;
	return {
		stakeholderId,
		targetId,
		priority: scale(rec.priority),
		validated: rec.validated === true,
		note: str(rec.note),
		provenance: provenance(rec)
	};
}

/** The key cells are listed by (and deduplicated on): every peer lists the same cells in the same order. */
export const cellOrderKey = (c: Pick<Cell, 'stakeholderId' | 'targetId'>): string => `${c.stakeholderId}\u0000${c.targetId}`;

function normalizeCells(raw: unknown, clients: Set<string>, targets: Set<string>): Cell[] {
	const byKey = new Map<string, Cell>();
	for (const [, rec] of entries(raw)) {
		const cell = cellOf(rec);
		if (!cell || !clients.has(cell.stakeholderId) || !targets.has(cell.targetId)) continue;
		const key = cellOrderKey(cell);
		const prev = byKey.get(key);
		if (!prev || supersedes(cell, prev)) byKey.set(key, cell);
	}
	// By key, not by arrival: every peer lists the same cells in the same order.
	return [...byKey.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, c]) => c);
}

export function normalizeRelations(raw: unknown, clients: Set<string>, suppliers: Set<string>): Relation[] {
	const out = new Map<string, Relation>();
	for (const [key, rec] of entries(raw)) {
		if (!isRec(rec)) continue;
		const sid = key ?? id(rec.stakeholderId);
		if (sid === null || !clients.has(sid)) continue;
		const sponsor = id(rec.sponsorId);
		out.set(sid, {
			stakeholderId: sid,
			relationship: scale(rec.relationship) ?? 0,
			sponsorId: sponsor !== null && suppliers.has(sponsor) ? sponsor : null,
			notes: str(rec.notes)
		});
	}
	return [...out.values()];
}

export function normalizeAbility(raw: unknown, targets: Set<string>): AbilityEntry[] {
	const out = new Map<string, AbilityEntry>();
	for (const [key, value] of entries(raw)) {
		const rec = isRec(value) ? value : { ability: value };
		const tid = key ?? id(rec.targetId);
		const ability = scale(rec.ability);
		if (tid === null || !targets.has(tid) || ability === null) continue;
		out.set(tid, { targetId: tid, ability });
	}
	return [...out.values()];
}

export function normalizeThreshold(x: unknown): number | null {
	return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1 ? x : null;
}

function deepFreeze<T>(x: T): T {
	if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
		Object.freeze(x);
		for (const v of Object.values(x)) deepFreeze(v);
	}
	return x;
}

// Snapshots produced here are frozen, so the views can skip re-normalizing them.
const clean = new WeakSet<object>();

/**
 * Accepts a BoardSnapshot-shaped value where each collection may be an array, a Map or a record keyed
 * by id (`targets` may be called `goals`, `settings` may be called `meta`, as in the Yjs docs).
 * Returns a deep-frozen, clean snapshot. Idempotent; never throws.
 */
export function normalizeSnapshot(raw: unknown): BoardSnapshot {
	if (typeof raw === 'object' && raw !== null && clean.has(raw)) return raw as BoardSnapshot;
	const r = isRec(raw) ? raw : {};
	const internal = isRec(r.internal) ? r.internal : {};
	const settings = isRec(r.settings) ? r.settings : isRec(r.meta) ? r.meta : {};

	const stakeholders = normalizeStakeholders(r.stakeholders);
	const targets = normalizeTargets(r.targets ?? r.goals);
	const clients = new Set(stakeholders.filter((s) => s.side === 'client').map((s) => s.id));
	const suppliers = new Set(stakeholders.filter((s) => s.side === 'supplier').map((s) => s.id));
	const targetIds = new Set(targets.map((t) => t.id));

	return cleanSnapshot({
		stakeholders,
		targets,
		cells: normalizeCells(r.cells, clients, targetIds),
		internal: {
			relations: normalizeRelations(internal.relations, clients, suppliers),
			ability: normalizeAbility(internal.ability, targetIds)
		},
		settings: { threshold: normalizeThreshold(settings.threshold) ?? DEFAULT_THRESHOLD }
	});
}

/**
 * Marks already-normalized parts as a clean snapshot (deep-frozen; parts frozen before are not
 * walked again), so the views skip re-normalizing it. For builders that keep the parts up to date
 * themselves (doc/liveSnapshot.ts): whatever they hand in must be what `normalizeSnapshot` makes.
 */
export function cleanSnapshot(snapshot: BoardSnapshot): BoardSnapshot {
	clean.add(deepFreeze(snapshot));
	return snapshot;
}

/** A threshold option if valid, else the board's setting. */
export function resolveThreshold(snapshot: BoardSnapshot, override?: unknown): number {
	return normalizeThreshold(override) ?? snapshot.settings.threshold;
}

// ---- small indexes shared by the views ----

export const weightOf = (s: Stakeholder): number => LEVEL_WEIGHT[s.level];

/** n / d, but 0 rather than NaN for an empty denominator. */
export const ratio = (n: number, d: number): number => (d > 0 ? n / d : 0);

/** Client stakeholders sorted by id, so results never depend on input order. */
export function clientsOf(snapshot: BoardSnapshot): Stakeholder[] {
	return snapshot.stakeholders.filter((s) => s.side === 'client').sort((a, b) => compareKeys(a.id, b.id));
}

/** stakeholderId → targetId → priority, set cells only. */
export function prioritiesOf(snapshot: BoardSnapshot): Map<string, Map<string, Priority>> {
	const out = new Map<string, Map<string, Priority>>();
	for (const c of snapshot.cells) {
		if (c.priority === null) continue;
		let row = out.get(c.stakeholderId);
		if (!row) out.set(c.stakeholderId, (row = new Map()));
		row.set(c.targetId, c.priority);
	}
	return out;
}
