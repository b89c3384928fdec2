import * as Y from 'yjs';
import { DOC_SCHEMA, childOf, type Node, type RootSpec } from '../../src/lib/board/doc/contentSchema.ts';
import { AREA_LABELS, mayChange, peopleArea, type Area } from '../../src/lib/board/model/permissions.ts';
import { LOCK_LABELS, NO_LOCKS, isLockKey, lockOn, readLock, type Lock, type Locks } from '../../src/lib/board/model/locks.ts';
import type { BoardAccess, Side } from '../../src/lib/board/model/roles.ts';
import type { DocName } from '../../src/lib/board/model/docNames.ts';
import { Locator, type Loc, type Located } from './updateLocate.ts';
import { BOARD_LIMITS } from '../../src/lib/board/model/limits.ts';

/*
 * Every incoming update is checked here before it is stored: against the document schema (what may
 * exist at all) and the permission model (what this person may change). An update is accepted or
 * refused whole; nothing of a refused update reaches the disk or another client.
 */

export type Verdict =
	/** `locks`: it adds to or removes from the `locks` root (the room applies such a change at once). */
	| { ok: true; locks?: true }
	/** The update does not fit the schema: never stored, whoever sent it. */
	| { ok: false; kind: 'invalid'; reason: string }
	/** Valid, but this person may not make that change (`locked`: only because of a facilitator's lock). */
	| { ok: false; kind: 'forbidden'; reason: string; locked?: true }
	/** It builds on content the server has not seen (yet): the sender should resync. */
	| { ok: false; kind: 'missing'; reason: string };

type Decoded = ReturnType<typeof Y.decodeUpdate>;

const invalid = (reason: string): Verdict => ({ ok: false, kind: 'invalid', reason });

interface Placed {
	loc: Loc;
	node: Node;
	area: RootSpec['area'];
}

/** The node at `loc` (the node the item's own content must fit), with the area it belongs to. */
function place(spec: Readonly<Record<string, RootSpec>>, loc: Loc): Placed | string {
	// Own keys only: a root named “__proto__” or “constructor” must not find Object.prototype's.
	const root = Object.hasOwn(spec, loc.container[0]) ? spec[loc.container[0]] : undefined;
	if (!root) return `unknown root type “${loc.container[0].slice(0, 40)}”`;
	let node: Node = root.node;
	let area: RootSpec['area'] = root.area;
	for (let i = 1; i < loc.container.length; i++) {
		const key = loc.container[i];
		if (node.type !== 'map') return 'content inside a value';
		const child = childOf(node, key);
		if (!child) return `unknown key “${key.slice(0, 40)}” in ${loc.container[0]}`;
		node = child;
		if (node.area) area = node.area;
	}
	if (node.type === 'text') {
		if (loc.key !== null) return 'a keyed entry inside a text';
		return { loc, node, area };
	}
	if (node.type !== 'map') return 'content inside a value';
	if (loc.key === null) return `a list element where ${loc.container.join('.')} is a map`;
	const child = childOf(node, loc.key);
	if (!child) return `unknown key “${loc.key.slice(0, 40)}” in ${loc.container.join('.')}`;
	return { loc, node: child, area: child.area ?? area };
}

/** Whether `content` may stand at `placed` (the node of a map entry, or a text). */
function checkContent(content: Y.Item['content'], placed: Placed): string | null {
	if (content instanceof Y.ContentDeleted) return null;
	const { node, loc } = placed;
	// Only a refusal names the place: the path is not joined for every accepted item.
	const where = () => [...loc.container, loc.key ?? ''].filter(Boolean).join('.');
	if (loc.key === null) {
		// An element of a text.
		return content instanceof Y.ContentString ? null : `only plain text may go in ${where()}`;
	}
	if (content instanceof Y.ContentType) {
		const t = content.type;
		if (node.type === 'map' && t instanceof Y.Map) return null;
		// Y.XmlText extends Y.Text: exactly a Y.Text.
		if (node.type === 'text' && t instanceof Y.Text && !(t instanceof Y.XmlText)) return null;
		return `wrong type at ${where()}`;
	}
	if (content instanceof Y.ContentAny) {
		if (node.type !== 'value') return `expected a shared type at ${where()}`;
		// One value per map write; consecutive writes of one key merge into one item whose last value
		// is the live one (the rest are deleted, but still stored: so every value is checked).
		for (const v of content.arr) {
			const e = node.check(v, loc.key);
			if (e) return `${where()}: ${e}`;
		}
		return null;
	}
	return `unsupported content at ${where()}`;
}

/** The side of stakeholder `id` in the document, if the row exists with a side. */
function sideInDoc(doc: Y.Doc, id: string): Side | null {
	const row = (doc.share.get('stakeholders') as Y.AbstractType<unknown> | undefined)?._map.get(id);
	if (!row || row.deleted || !(row.content instanceof Y.ContentType)) return null;
	const side = (row.content.type as Y.AbstractType<unknown>)._map.get('side');
	if (!side || side.deleted || !(side.content instanceof Y.ContentAny)) return null;
	const v = side.content.arr[side.content.arr.length - 1];
	return v === 'supplier' || v === 'client' ? v : null;
}

/**
 * The person key (`guest:<id>`, `user:<id>`) stakeholder `id` is linked to in the server's copy
 * (root `personLinks`, doc/preferences.ts), before the update under inspection: so an update can
 * never link its sender and use the link at once (linking is a facilitator's change anyway).
 */
function linkInDoc(doc: Y.Doc, id: string): string | null {
	const item = (doc.share.get('personLinks') as Y.AbstractType<unknown> | undefined)?._map.get(id);
	if (!item || item.deleted || !(item.content instanceof Y.ContentAny)) return null;
	const v = item.content.arr[item.content.arr.length - 1];
	return typeof v === 'string' ? v : null;
}

/**
 * The facilitator locks in the server's copy of the document, before the update under inspection
 * (root `locks`, doc/locks.ts). Read through the type internals, like `sideInDoc`: on the server a
 * root may be a bare AbstractType nobody asked for as a Y.Map.
 */
export function locksInDoc(doc: Y.Doc): Locks {
	const root = doc.share.get('locks') as Y.AbstractType<unknown> | undefined;
	if (!root) return NO_LOCKS;
	const out: Record<string, Lock> = {};
	for (const [key, item] of root._map) {
		if (item.deleted || !(item.content instanceof Y.ContentAny) || !isLockKey(key)) continue;
		const lock = readLock(item.content.arr[item.content.arr.length - 1]);
		if (lock) out[key] = lock;
	}
	return out;
}

/** The item list a change under the `itemLists` root is in (the list's own entry included). */
function itemListOf(loc: Loc): string | undefined {
	if (loc.container[0] !== 'itemLists') return undefined;
	return loc.container.length >= 2 ? loc.container[1] : (loc.key ?? undefined);
}

/** The overlap of [clock, clock + len) with the delete set's ranges of `client`. */
function deletedWithin(ds: Decoded['ds'], client: number, clock: number, len: number): number {
	let n = 0;
	for (const r of ds.clients.get(client) ?? []) {
		const from = Math.max(clock, r.clock);
		const to = Math.min(clock + len, r.clock + r.len);
		if (to > from) n += to - from;
	}
	return n;
}

/**
 * Why Yjs would keep part of this update pending, or null: structs that start past the clock the
 * document (with the update's earlier structs) reaches, or deletions of clocks nobody has written.
 * A pending part is stored but applied later, unchecked against the document it then meets (and
 * a pending deletion would remove whatever its author writes next): so it is not accepted.
 */
function pendingPart(doc: Y.Doc, decoded: Decoded): string | null {
	const reach = new Map<number, number>();
	for (const s of decoded.structs) {
		if (s instanceof Y.Skip) continue; // a hole: whatever follows it starts past the reach
		const c = s.id.client;
		const at = reach.get(c) ?? Y.getState(doc.store, c);
		if (s.id.clock > at) return 'the update skips changes the server does not have';
		reach.set(c, Math.max(at, s.id.clock + s.length));
	}
	for (const [client, ranges] of decoded.ds.clients) {
		const at = reach.get(client) ?? Y.getState(doc.store, client);
		for (const { clock, len } of ranges) if (len > 0 && clock + len > at) return 'the update deletes changes the server does not have';
	}
	return null;
}

/**
 * An encoder writes one block of contiguous structs per client. Two blocks for one client are
 * decoded both, but Yjs applies only the last: the other would be checked here and then thrown
 * away, leaving what depends on it pending. Such an update is malformed.
 */
function splitBlocks(decoded: Decoded): string | null {
	const end = new Map<number, number>();
	let prev: number | null = null;
	for (const s of decoded.structs) {
		const c = s.id.client;
		const e = end.get(c);
		if (e !== undefined && (prev !== c || s.id.clock !== e)) return 'two blocks of changes for one client';
		end.set(c, s.id.clock + s.length);
		prev = c;
	}
	return null;
}

/** What a root map counts, for the refusal's reason (model/limits.ts). */
const COUNT_LABELS: Readonly<Record<string, string>> = { goals: 'goals and CSFs', stakeholders: 'stakeholders', matrix: 'matrix cells' };

/** Live entries of a map type (a generic root type counts alike). */
function liveEntries(type: Y.AbstractType<unknown>): number {
	let n = 0;
	for (const item of type._map.values()) if (!item.deleted) n++;
	return n;
}

/** Checks `decoded` (an update for document `kind`, not yet applied to `doc`) for `access`. */
export function inspectUpdate(
	doc: Y.Doc,
	kind: DocName,
	decoded: Decoded,
	/** `personKey`: who sends it (`guest:<id>`, `user:<id>`), for the changes only a linked person may make (own preferences). */
	access: Pick<BoardAccess, 'role' | 'side'> & { personKey?: string },
	/** Whether a Yjs client id is someone else's right now (another person announced it in awareness). */
	othersClient: (client: number) => boolean = () => false,
	/**
	 * The locks to apply. By default the shared document's own; the room passes them for the
	 * internal document (the board lock, from the shared room) and for a change that raced a lock.
	 */
	locksNow?: Locks
): Verdict {
	const spec = DOC_SCHEMA[kind];
	// Writing under a connected person's client id would make the server drop their own edit of
	// that clock as already known: their copy would silently part from everyone's.
	for (const s of decoded.structs) {
		if (!(s instanceof Y.Skip) && s.id.clock + s.length > Y.getState(doc.store, s.id.client) && othersClient(s.id.client)) {
			return { ok: false, kind: 'forbidden', reason: "changes under another person's client id" };
		}
	}
	const locator = new Locator(doc, decoded.structs);
	const touched: Placed[] = [];
	/** Sides the update gives to stakeholder rows (a new row, or a row changing side). */
	const newSides = new Map<string, Side[]>();
	/** Per container (by path): entries added and characters inserted or removed. */
	const growth = new Map<string, { container: string[]; type: Y.AbstractType<unknown> | null; keys: Set<string>; chars: number }>();
	const grow = (p: Placed) => {
		const path = p.loc.container.length === 1 ? p.loc.container[0] : p.loc.container.join('\u0000');
		let g = growth.get(path);
		if (!g) growth.set(path, (g = { container: p.loc.container, type: p.loc.type, keys: new Set(), chars: 0 }));
		return g;
	};

	const split = splitBlocks(decoded);
	if (split) return invalid(split);
	const gap = pendingPart(doc, decoded);
	if (gap) return { ok: false, kind: 'missing', reason: gap };

	for (const s of decoded.structs) {
		if (!(s instanceof Y.Item)) continue; // GC and Skip carry no content
		// What the document has already, Yjs skips: only the new part of an item changes anything.
		const known = Y.getState(doc.store, s.id.client);
		if (s.id.clock + s.length <= known) continue;
		const located: Located = locator.locate(s);
		if (located === 'gc') continue;
		if (located === 'missing') return { ok: false, kind: 'missing', reason: 'the update depends on changes the server does not have' };
		if ('invalid' in located) return invalid(located.invalid);
		if (s.id.clock < known && !locator.continuesDocument(s, located)) return invalid('an item that contradicts the document');
		const placed = place(spec, located);
		if (typeof placed === 'string') return invalid(placed);
		const problem = checkContent(s.content, placed);
		if (problem) return invalid(problem);
		touched.push(placed);
		if (s.content instanceof Y.ContentDeleted) continue;
		const from = Math.max(s.id.clock, known);
		const live = s.id.clock + s.length - from - deletedWithin(decoded.ds, s.id.client, from, s.id.clock + s.length - from);
		if (live <= 0) continue;
		if (located.key === null) {
			if (placed.node.type === 'text') grow(placed).chars += live;
		} else {
			const g = grow(placed);
			g.keys.add(located.key);
			if (located.container[0] === 'stakeholders' && located.container.length === 2 && located.key === 'side') {
				const id = located.container[1];
				newSides.set(id, [...(newSides.get(id) ?? []), ...((s.content as Y.ContentAny).arr as Side[])]);
			}
		}
	}

	// What the delete set removes from the document.
	for (const [client, ranges] of decoded.ds.clients) {
		const structs = doc.store.clients.get(client);
		if (!structs) continue;
		const known = Y.getState(doc.store, client);
		for (const { clock, len } of ranges) {
			if (len <= 0 || clock >= known) continue;
			for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
				const s = structs[i];
				if (!(s instanceof Y.Item) || s.deleted) continue;
				const located = locator.locateDeleted(s);
				if (located === 'gc' || located === 'missing') continue;
				if ('invalid' in located) continue; // legacy content outside the schema may always be removed
				const placed = place(spec, located);
				if (typeof placed === 'string') continue;
				touched.push(placed);
				if (located.key === null && s.content instanceof Y.ContentString) {
					const from = Math.max(clock, s.id.clock);
					const to = Math.min(clock + len, s.id.clock + s.length);
					grow(placed).chars -= Math.max(0, to - from);
				}
			}
		}
	}

	// Permissions: every area touched must be open to this person, under the locks the document
	// holds now (an update that unlocks is a facilitator's, and facilitators write through locks).
	const locks = locksNow ?? (kind === 'shared' ? locksInDoc(doc) : NO_LOCKS);
	/** Area and item list pairs already allowed: a paste of a hundred items asks once. */
	const allowed = new Set<string>();
	for (const p of touched) {
		const itemList = itemListOf(p.loc);
		const areas: Area[] = [];
		if (p.area === 'bySide') {
			const id = p.loc.container.length >= 2 ? p.loc.container[1] : p.loc.key!;
			const sides = [sideInDoc(doc, id), ...(newSides.get(id) ?? [])].filter((x): x is Side => x !== null);
			// A row with no side yet is a client row: the least privileged.
			for (const side of sides.length ? sides : (['client'] as Side[])) areas.push(peopleArea(side));
		} else if (p.area === 'byStakeholder') {
			// A stakeholder's preferences: their own, when the stakeholder is linked to the sender.
			const id = p.loc.container.length >= 2 ? p.loc.container[1] : p.loc.key!;
			const link = linkInDoc(doc, id);
			areas.push(access.personKey !== undefined && link !== null && link === access.personKey ? 'ownPreferences' : 'preferences');
		} else areas.push(p.area);
		for (const area of areas) {
			const key = itemList === undefined ? area : `${area}\u0000${itemList}`;
			if (allowed.has(key)) continue;
			if (mayChange(access, area, locks, itemList)) {
				allowed.add(key);
				continue;
			}
			const lock = mayChange(access, area) ? lockOn(locks, { area, itemList }) : null;
			if (lock) {
				const what = lock.key.startsWith('list:') ? `the list “${lock.key.slice(5, 45)}”` : LOCK_LABELS[lock.key as keyof typeof LOCK_LABELS];
				return { ok: false, kind: 'forbidden', locked: true, reason: `${what} is locked by ${lock.lock.by.name.slice(0, 60)}: only facilitators may change it` };
			}
			return { ok: false, kind: 'forbidden', reason: `${access.role}s on the ${access.side} side may not change ${AREA_LABELS[area]}` };
		}
	}

	// Limits: entries per map and characters per text, as they will be after this update.
	for (const g of growth.values()) {
		const container = g.container;
		const node = nodeAt(spec, container);
		if (node?.type === 'text') {
			const length = (g.type?._length ?? 0) + g.chars;
			if (g.chars > 0 && length > node.maxLength) return invalid(`${container.join('.')} would be longer than ${node.maxLength} characters`);
			continue;
		}
		if (node?.type !== 'map' || !node.maxEntries || g.keys.size === 0) continue;
		const fresh = [...g.keys].filter((k) => {
			const existing = g.type?._map.get(k);
			return !existing || existing.deleted;
		}).length;
		if (fresh === 0) continue;
		const size = (g.type ? liveEntries(g.type) : 0) + fresh;
		if (size > node.maxEntries) {
			const what = container.length === 1 ? COUNT_LABELS[container[0]] : undefined;
			return invalid(what ? `a board holds at most ${node.maxEntries} ${what}` : `${container.join('.')} is limited to ${node.maxEntries} entries`);
		}
	}

	// Client-side stakeholders (the matrix rows) have a cap of their own within the stakeholders.
	if (kind === 'shared' && [...newSides.values()].some((sides) => sides.at(-1) === 'client')) {
		let clients = 0;
		const rows = (doc.share.get('stakeholders') as Y.AbstractType<unknown> | undefined)?._map;
		if (rows) for (const [id, item] of rows) if (!item.deleted && sideInDoc(doc, id) === 'client') clients++;
		for (const [id, sides] of newSides) {
			const before = sideInDoc(doc, id) === 'client';
			const after = sides.at(-1) === 'client';
			if (after && !before) clients++;
			else if (before && !after) clients--;
		}
		if (clients > BOARD_LIMITS.clientStakeholders) return invalid(`a board holds at most ${BOARD_LIMITS.clientStakeholders} client-side stakeholders`);
	}
	for (const p of touched) if (p.loc.container[0] === 'locks') return { ok: true, locks: true };
	return { ok: true };
}

/** The node of a container path (a map or a text), or null. */
function nodeAt(spec: Readonly<Record<string, RootSpec>>, container: string[]): Node | null {
	let node: Node | undefined = Object.hasOwn(spec, container[0]) ? spec[container[0]].node : undefined;
	for (let i = 1; i < container.length; i++) {
		if (!node || node.type !== 'map') return null;
		node = childOf(node, container[i]) ?? undefined;
	}
	return node ?? null;
}
