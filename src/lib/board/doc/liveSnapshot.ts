import * as Y from 'yjs';
import { goalsMap, meta } from './schema.ts';
import { stakeholdersMap } from './stakeholders.ts';
import { matrixMap, parseCellKey } from './matrix.ts';
import { abilityMap, relationsMap } from './internal.ts';
import { compareKeys } from '../model/order.ts';
import { DEFAULT_THRESHOLD } from '../model/vocabulary.ts';
import { cellOf, cellOrderKey, cleanSnapshot, normalizeAbility, normalizeRelations, normalizeStakeholders, normalizeTargets, normalizeThreshold } from '../views/normalize.ts';
import { noteCellChanges } from '../views/cellChanges.ts';
import type { BoardSnapshot, Cell, Stakeholder, Target } from '../views/types.ts';

/**
 * The board snapshot kept up to date from Yjs events instead of re-read whole after each change
 * (issue #15: on a board at the limits a full re-read costs tens of milliseconds per keystroke).
 * Only the goals, rows and cells an event names are read again; parts of the snapshot that did not
 * change keep their identity (arrays and the items in them), so views derived from one part are
 * not recomputed when another changes. `snapshot()` equals `toSnapshot(shared, internal)` at all
 * times (tests/unit/doc/liveSnapshot.test.ts checks it after random changes).
 */
export class LiveSnapshot {
	readonly #shared: Y.Doc;
	readonly #internal: Y.Doc | null;
	/** Plain records as `toSnapshot` reads them, per id. */
	readonly #stakeholdersRaw = new Map<string, unknown>();
	readonly #goalsRaw = new Map<string, unknown>();
	/** Every readable cell by its order key, whether or not its row and column exist. */
	readonly #cellsAll = new Map<string, Cell>();
	/** Order keys of #cellsAll, sorted. */
	#cellOrder: string[] = [];

	#stakeholders: Stakeholder[] = [];
	#targets: Target[] = [];
	#cells: Cell[] = [];
	/** Order key → index in #cells. */
	#cellIndex = new Map<string, number>();
	#clients = new Set<string>();
	#suppliers = new Set<string>();
	#targetIds = new Set<string>();
	#internalPart: BoardSnapshot['internal'] = Object.freeze({ relations: [], ability: [] }) as BoardSnapshot['internal'];
	#threshold = DEFAULT_THRESHOLD;
	#snapshot: BoardSnapshot | null = null;

	// What changed since the last snapshot().
	#dirtyStakeholders = new Set<string>();
	#dirtyGoals = new Set<string>();
	#dirtyCells = new Set<string>();
	#dirtyInternal = false;
	#dirtyMeta = false;

	/** Nothing read yet, or events were missed: the next `snapshot()` reads everything. */
	#stale = true;

	constructor(shared: Y.Doc, internal: Y.Doc | null) {
		this.#shared = shared;
		this.#internal = internal;
	}

	/** Events will be (or were) missed, e.g. while nobody observed: read everything next time. */
	invalidate(): void {
		this.#stale = true;
		this.#snapshot = null;
	}

	/** The Y types this snapshot reads: observe these (deep) and hand their events to `changed`. */
	sources(): Y.AbstractType<any>[] {
		const out: Y.AbstractType<any>[] = [stakeholdersMap(this.#shared), goalsMap(this.#shared), matrixMap(this.#shared), meta(this.#shared)];
		if (this.#internal) out.push(relationsMap(this.#internal), abilityMap(this.#internal));
		return out;
	}

	/** Notes which entries the events touch; the work happens in the next `snapshot()`. */
	changed(events: Y.YEvent<any>[]): void {
		if (this.#stale) return;
		for (const e of events) {
			const root = rootOf(e.target);
			const keys = e.path.length > 0 ? [String(e.path[0])] : [...e.changes.keys.keys()];
			if (root === stakeholdersMap(this.#shared)) for (const k of keys) this.#dirtyStakeholders.add(k);
			else if (root === goalsMap(this.#shared)) for (const k of keys) this.#dirtyGoals.add(k);
			else if (root === matrixMap(this.#shared)) for (const k of keys) this.#dirtyCells.add(k);
			else if (root === meta(this.#shared)) this.#dirtyMeta = true;
			else this.#dirtyInternal = true;
		}
		if (this.#dirtyStakeholders.size || this.#dirtyGoals.size || this.#dirtyCells.size || this.#dirtyMeta || this.#dirtyInternal) this.#snapshot = null;
	}

	#reset(): void {
		this.#stale = false;
		this.#stakeholdersRaw.clear();
		stakeholdersMap(this.#shared).forEach((v, k) => this.#stakeholdersRaw.set(k, plainItem(v)));
		this.#goalsRaw.clear();
		goalsMap(this.#shared).forEach((v, k) => this.#goalsRaw.set(k, plainItem(v)));
		this.#cellsAll.clear();
		matrixMap(this.#shared).forEach((v, k) => {
			const cell = readCell(k, v);
			if (cell) this.#cellsAll.set(cellOrderKey(cell), cell);
		});
		// The default sort is compareKeys' plain code-unit order, without a call per comparison.
		this.#cellOrder = [...this.#cellsAll.keys()].sort();
		this.#stakeholders = [];
		this.#targets = [];
		this.#rebuildPeople();
		this.#rebuildTargets();
		this.#rebuildCells();
		this.#rebuildInternal();
		this.#threshold = normalizeThreshold(meta(this.#shared).get('threshold')) ?? DEFAULT_THRESHOLD;
		this.#dirtyStakeholders.clear();
		this.#dirtyGoals.clear();
		this.#dirtyCells.clear();
		this.#dirtyInternal = this.#dirtyMeta = false;
		this.#snapshot = null;
	}

	snapshot(): BoardSnapshot {
		if (this.#stale) this.#reset();
		if (this.#snapshot) return this.#snapshot;
		let membership = false;
		if (this.#dirtyStakeholders.size) {
			const map = stakeholdersMap(this.#shared);
			for (const k of this.#dirtyStakeholders) {
				const v = map.get(k);
				if (v === undefined && !map.has(k)) this.#stakeholdersRaw.delete(k);
				else this.#stakeholdersRaw.set(k, plainItem(v));
			}
			this.#dirtyStakeholders.clear();
			membership = this.#rebuildPeople() || membership;
		}
		if (this.#dirtyGoals.size) {
			const map = goalsMap(this.#shared);
			let textOnly = true;
			const texts: [string, string][] = [];
			for (const k of this.#dirtyGoals) {
				const v = map.get(k);
				const before = this.#goalsRaw.get(k);
				if (v === undefined && !map.has(k)) {
					this.#goalsRaw.delete(k);
					textOnly = false;
					continue;
				}
				const raw = plainItem(v);
				this.#goalsRaw.set(k, raw);
				if (textOnly && isRecord(before) && isRecord(raw) && sameButText(before, raw)) texts.push([k, typeof raw.text === 'string' ? raw.text : '']);
				else textOnly = false;
			}
			this.#dirtyGoals.clear();
			// Typing in a goal changes its text only: that target is replaced in place, without sorting
			// and flattening the 300 targets again (normalizeTargets, which would give the same order).
			if (textOnly) this.#retext(texts);
			else membership = this.#rebuildTargets() || membership;
		}
		if (this.#dirtyCells.size) {
			this.#updateCells(membership);
			this.#dirtyCells.clear();
		} else if (membership) this.#rebuildCells();
		if (this.#dirtyInternal || membership) {
			this.#rebuildInternal();
			this.#dirtyInternal = false;
		}
		if (this.#dirtyMeta) {
			this.#threshold = normalizeThreshold(meta(this.#shared).get('threshold')) ?? DEFAULT_THRESHOLD;
			this.#dirtyMeta = false;
		}
		this.#snapshot = cleanSnapshot({
			stakeholders: this.#stakeholders,
			targets: this.#targets,
			cells: this.#cells,
			internal: this.#internalPart,
			settings: this.#settingsFor(this.#threshold)
		});
		return this.#snapshot;
	}

	#settings: BoardSnapshot['settings'] = Object.freeze({ threshold: DEFAULT_THRESHOLD });
	#settingsFor(threshold: number): BoardSnapshot['settings'] {
		if (this.#settings.threshold !== threshold) this.#settings = Object.freeze({ threshold });
		return this.#settings;
	}

	/** Stakeholders again (a hundred at most); true when the client or supplier ids changed. */
	#rebuildPeople(): boolean {
		const next = reuseItems(this.#stakeholders, normalizeStakeholders(this.#stakeholdersRaw));
		if (next !== this.#stakeholders) this.#stakeholders = Object.freeze(next) as Stakeholder[];
		const clients = new Set(next.filter((s) => s.side === 'client').map((s) => s.id));
		const suppliers = new Set(next.filter((s) => s.side === 'supplier').map((s) => s.id));
		const changed = !sameSet(clients, this.#clients) || !sameSet(suppliers, this.#suppliers);
		this.#clients = clients;
		this.#suppliers = suppliers;
		return changed;
	}

	/** Goals and CSFs again (a few hundred); true when the target ids changed. */
	#rebuildTargets(): boolean {
		const next = reuseItems(this.#targets, normalizeTargets(this.#goalsRaw));
		if (next !== this.#targets) this.#targets = Object.freeze(next) as Target[];
		const ids = new Set(next.map((t) => t.id));
		const changed = !sameSet(ids, this.#targetIds);
		this.#targetIds = ids;
		return changed;
	}

	/** The listed targets whose text changed get it, in place; the order and ids stay as they are. */
	#retext(texts: [string, string][]): void {
		let next: Target[] | null = null;
		for (const [id, text] of texts) {
			const i = this.#targets.findIndex((t) => t.id === id);
			if (i < 0 || this.#targets[i].text === text) continue;
			next ??= [...this.#targets]; // packed (a slice of a frozen array is holey: slow to freeze)
			next[i] = Object.freeze({ ...this.#targets[i], text });
		}
		if (next) this.#targets = Object.freeze(next) as Target[];
	}

	#member(c: Cell): boolean {
		return this.#clients.has(c.stakeholderId) && this.#targetIds.has(c.targetId);
	}

	/** The listed cells from every readable one: a filter over the sorted keys, no sort. */
	#rebuildCells(): void {
		const cells: Cell[] = [];
		const index = new Map<string, number>();
		for (const k of this.#cellOrder) {
			const c = this.#cellsAll.get(k)!;
			if (!this.#member(c)) continue;
			index.set(k, cells.length);
			cells.push(c);
		}
		this.#cells = Object.freeze(cells) as Cell[];
		this.#cellIndex = index;
	}

	/** Re-reads the changed cells; a changed value in place, anything else through the sorted keys. */
	#updateCells(membership: boolean): void {
		const map = matrixMap(this.#shared);
		let shape = membership;
		const replaced: [number, Cell][] = [];
		for (const yKey of this.#dirtyCells) {
			const ids = parseCellKey(yKey);
			if (!ids) continue;
			const key = cellOrderKey(ids);
			const had = this.#cellsAll.has(key);
			const cell = map.has(yKey) ? readCell(yKey, map.get(yKey)) : null;
			if (cell) this.#cellsAll.set(key, cell);
			else this.#cellsAll.delete(key);
			if (had !== !!cell) {
				// A key comes or goes: keep #cellOrder sorted without sorting it.
				const at = lowerBound(this.#cellOrder, key);
				if (cell) this.#cellOrder.splice(at, 0, key);
				else if (this.#cellOrder[at] === key) this.#cellOrder.splice(at, 1);
				shape = true;
			} else if (cell && !shape) {
				const i = this.#cellIndex.get(key);
				if (i !== undefined) replaced.push([i, cell]);
				else if (this.#member(cell)) shape = true;
			}
		}
		if (shape) return this.#rebuildCells();
		if (!replaced.length) return;
		// A spread, not slice(): slice() of a frozen array gives holey elements, and freezing 12,000
		// holey elements took 0.4 ms per cell change (packed ones: 0.02 ms).
		const before = this.#cells;
		const cells = [...before];
		for (const [i, c] of replaced) cells[i] = c;
		this.#cells = Object.freeze(cells) as Cell[];
		noteCellChanges(before, this.#cells, [...new Set(replaced.map(([i]) => i))].sort((a, b) => a - b));
	}

	#rebuildInternal(): void {
		if (!this.#internal) return;
		const relations = normalizeRelations(relationsMap(this.#internal).toJSON(), this.#clients, this.#suppliers);
		const ability = normalizeAbility(abilityMap(this.#internal).toJSON(), this.#targetIds);
		this.#internalPart = Object.freeze({ relations: deepFrozen(relations), ability: deepFrozen(ability) }) as BoardSnapshot['internal'];
	}
}

/** The root type an event's target belongs to. */
function rootOf(type: Y.AbstractType<any>): Y.AbstractType<any> {
	let t = type;
	while (t._item?.parent instanceof Y.AbstractType) t = t._item.parent;
	return t;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Two plain goal records equal in every field but `text` (values compared as stored: same references). */
function sameButText(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	for (const k of ka) if (k !== 'text' && (!(k in b) || a[k] !== b[k])) return false;
	return 'text' in a === 'text' in b;
}

/** One map entry as `toSnapshot` reads it: a nested Y.Map flattened one level (Y.Text becomes its string). */
function plainItem(value: unknown): unknown {
	if (!(value instanceof Y.Map)) return value;
	const rec: Record<string, unknown> = {};
	value.forEach((v, k) => (rec[k] = v instanceof Y.Text ? v.toString() : v instanceof Y.AbstractType ? undefined : v));
	return rec;
}

/** A stored cell with its ids taken from the key (the key is the truth), as the views read it; null when unreadable. */
function readCell(key: string, value: unknown): Cell | null {
	const ids = parseCellKey(key);
	if (!ids || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const cell = cellOf({ ...(value as Record<string, unknown>), ...ids });
	if (!cell) return null;
	// A cell is flat but for its provenance (strings, numbers and nulls): two freezes, no walk
	// (12,000 cells are read when a view opens on a board at the limits).
	Object.freeze(cell.provenance);
	return Object.freeze(cell);
}

function deepFrozen<T>(x: T): T {
	if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
		for (const v of Object.values(x)) deepFrozen(v);
		Object.freeze(x);
	}
	return x;
}

/** `next` with each item replaced by the previous one of the same content; `prev` itself when nothing changed. */
function reuseItems<T extends { id: string }>(prev: readonly T[], next: T[]): T[] {
	const byId = new Map(prev.map((p) => [p.id, p]));
	let same = prev.length === next.length;
	const out = next.map((n, i) => {
		const p = byId.get(n.id);
		const keep = p && sameJson(p, n) ? p : deepFrozen(n);
		if (keep !== prev[i]) same = false;
		return keep;
	});
	return same ? (prev as T[]) : out;
}

/** Flat records of strings, nulls and string arrays (stakeholders, targets), compared field by field. */
function sameJson(a: object, b: object): boolean {
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	for (const k of ka) {
		const x = (a as Record<string, unknown>)[k];
		const y = (b as Record<string, unknown>)[k];
		if (x === y) continue;
		if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
	}
	return true;
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** First index in sorted `list` whose key is not below `key`. */
function lowerBound(list: readonly string[], key: string): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compareKeys(list[mid], key) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
