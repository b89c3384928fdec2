import * as Y from 'yjs';
import { DOC_SCHEMA, childOf, type MapNode, type Node, type RootSpec } from '../../src/lib/board/doc/contentSchema.ts';
import { AREA_LABELS, mayChange, peopleArea, type Area } from '../../src/lib/board/model/permissions.ts';
import type { BoardAccess, Side } from '../../src/lib/board/model/roles.ts';
import type { DocName } from '../../src/lib/board/model/docNames.ts';
import { Locator, type Loc, type Located } from './updateLocate.ts';

/*
 * Every incoming update is checked here before it is stored: against the document schema (what may
 * exist at all) and the permission model (what this person may change). An update is accepted or
 * refused whole; nothing of a refused update reaches the disk or another client.
 */

export type Verdict =
	| { ok: true }
	/** The update does not fit the schema: never stored, whoever sent it. */
	| { ok: false; kind: 'invalid'; reason: string }
	/** Valid, but this person may not make that change. */
	| { ok: false; kind: 'forbidden'; reason: string }
	/** It builds on content the server has not seen (yet): the sender should resync. */
	| { ok: false; kind: 'missing'; reason: string };

type Decoded = ReturnType<typeof Y.decodeUpdate>;

const invalid = (reason: string): Verdict => ({ ok: false, kind: 'invalid', reason });

interface Placed {
	loc: Loc;
	node: Node;
	area: Area | 'bySide';
}

/** The node at `loc` (the node the item's own content must fit), with the area it belongs to. */
function place(spec: Readonly<Record<string, RootSpec>>, loc: Loc): Placed | string {
	const root = spec[loc.container[0]];
	if (!root) return `unknown root type “${loc.container[0].slice(0, 40)}”`;
	let node: Node = root.node;
	let area: Area | 'bySide' = root.area;
	for (const key of loc.container.slice(1)) {
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
	const where = [...loc.container, loc.key ?? ''].filter(Boolean).join('.');
	if (loc.key === null) {
		// An element of a text.
		return content instanceof Y.ContentString ? null : `only plain text may go in ${where}`;
	}
	if (content instanceof Y.ContentType) {
		const t = content.type;
		if (node.type === 'map' && t instanceof Y.Map) return null;
		if (node.type === 'text' && t instanceof Y.Text) return null;
		return `wrong type at ${where}`;
	}
	if (content instanceof Y.ContentAny) {
		if (node.type !== 'value') return `expected a shared type at ${where}`;
		if (content.arr.length !== 1) return `malformed value at ${where}`;
		const e = node.check(content.arr[0]);
		return e ? `${where}: ${e}` : null;
	}
	return `unsupported content at ${where}`;
}

/** The side of stakeholder `id` in the document, if the row exists with a side. */
function sideInDoc(doc: Y.Doc, id: string): Side | null {
	const row = (doc.share.get('stakeholders') as Y.AbstractType<unknown> | undefined)?._map.get(id);
	if (!row || row.deleted || !(row.content instanceof Y.ContentType)) return null;
	const side = (row.content.type as Y.AbstractType<unknown>)._map.get('side');
	if (!side || side.deleted || !(side.content instanceof Y.ContentAny)) return null;
	const v = side.content.arr[0];
	return v === 'supplier' || v === 'client' ? v : null;
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

/** Live entries of a map type (a generic root type counts alike). */
function liveEntries(type: Y.AbstractType<unknown>): number {
	let n = 0;
	for (const item of type._map.values()) if (!item.deleted) n++;
	return n;
}

/** Checks `decoded` (an update for document `kind`, not yet applied to `doc`) for `access`. */
export function inspectUpdate(doc: Y.Doc, kind: DocName, decoded: Decoded, access: Pick<BoardAccess, 'role' | 'side'>): Verdict {
	const spec = DOC_SCHEMA[kind];
	const locator = new Locator(doc, decoded.structs);
	const touched: Placed[] = [];
	/** Sides the update gives to stakeholder rows (a new row, or a row changing side). */
	const newSides = new Map<string, Side[]>();
	/** Per container (by path): entries added and characters inserted or removed. */
	const growth = new Map<string, { type: Y.AbstractType<unknown> | null; node: MapNode | null; max: number; keys: Set<string>; chars: number }>();
	const grow = (p: Placed, parentNode: MapNode | null) => {
		const path = p.loc.container.join('\u0000');
		let g = growth.get(path);
		if (!g) growth.set(path, (g = { type: p.loc.type, node: parentNode, max: 0, keys: new Set(), chars: 0 }));
		return g;
	};

	// A gap (a Skip, or a client's first struct past what the server has) would leave Yjs holding
	// the update as pending: stored, yet never visible, and lost at the next snapshot.
	const firstClock = new Map<number, number>();
	for (const s of decoded.structs) {
		if (s instanceof Y.Skip) return { ok: false, kind: 'missing', reason: 'the update has a gap' };
		const c = s.id.client;
		if (!firstClock.has(c) || s.id.clock < firstClock.get(c)!) firstClock.set(c, s.id.clock);
	}
	for (const [client, clock] of firstClock) {
		if (clock > Y.getState(doc.store, client)) return { ok: false, kind: 'missing', reason: 'the update skips changes the server does not have' };
	}

	for (const s of decoded.structs) {
		if (!(s instanceof Y.Item)) continue; // GC carries no content
		const located: Located = locator.locate(s);
		if (located === 'gc') continue;
		if (located === 'missing') return { ok: false, kind: 'missing', reason: 'the update depends on changes the server does not have' };
		if ('invalid' in located) return invalid(located.invalid);
		const placed = place(spec, located);
		if (typeof placed === 'string') return invalid(placed);
		const problem = checkContent(s.content, placed);
		if (problem) return invalid(problem);
		touched.push(placed);
		if (s.content instanceof Y.ContentDeleted) continue;
		const live = s.length - deletedWithin(decoded.ds, s.id.client, s.id.clock, s.length);
		if (live <= 0) continue;
		if (located.key === null) {
			if (placed.node.type === 'text') grow(placed, null).chars += live;
		} else {
			const g = grow(placed, null);
			g.keys.add(located.key);
			if (located.container[0] === 'stakeholders' && located.container.length === 2 && located.key === 'side') {
				const v = (s.content as Y.ContentAny).arr[0] as Side;
				const id = located.container[1];
				newSides.set(id, [...(newSides.get(id) ?? []), v]);
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
					grow(placed, null).chars -= Math.max(0, to - from);
				}
			}
		}
	}

	// Permissions: every area touched must be open to this person.
	for (const p of touched) {
		const areas: Area[] = [];
		if (p.area === 'bySide') {
			const id = p.loc.container.length >= 2 ? p.loc.container[1] : p.loc.key!;
			const sides = [sideInDoc(doc, id), ...(newSides.get(id) ?? [])].filter((x): x is Side => x !== null);
			// A row with no side yet is a client row: the least privileged.
			for (const side of sides.length ? sides : (['client'] as Side[])) areas.push(peopleArea(side));
		} else areas.push(p.area);
		for (const area of areas) {
			if (!mayChange(access, area)) return { ok: false, kind: 'forbidden', reason: `${access.role}s on the ${access.side} side may not change ${AREA_LABELS[area]}` };
		}
	}

	// Limits: entries per map and characters per text, as they will be after this update.
	for (const [path, g] of growth) {
		const container = path.split('\u0000');
		const placed = place(spec, { container, key: null, type: null });
		if (typeof placed !== 'string' && placed.node.type === 'text') {
			const length = (g.type?._length ?? 0) + g.chars;
			if (g.chars > 0 && length > placed.node.maxLength) return invalid(`${container.join('.')} would be longer than ${placed.node.maxLength} characters`);
			continue;
		}
		const node = mapNodeAt(spec, container);
		if (!node?.maxEntries || g.keys.size === 0) continue;
		const fresh = [...g.keys].filter((k) => {
			const existing = g.type?._map.get(k);
			return !existing || existing.deleted;
		}).length;
		if (fresh === 0) continue;
		const size = (g.type ? liveEntries(g.type) : 0) + fresh;
		if (size > node.maxEntries) return invalid(`${container.join('.')} is limited to ${node.maxEntries} entries`);
	}
	return { ok: true };
}

/** The map node of a container path, or null. */
function mapNodeAt(spec: Readonly<Record<string, RootSpec>>, container: string[]): MapNode | null {
	let node: Node | undefined = spec[container[0]]?.node;
	for (const key of container.slice(1)) {
		if (!node || node.type !== 'map') return null;
		node = childOf(node, key) ?? undefined;
	}
	return node?.type === 'map' ? node : null;
}
