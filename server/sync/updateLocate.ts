import * as Y from 'yjs';

/*
 * Where the items of an incoming (not yet applied) update would land in a document. Yjs encodes an
 * item's parent only when it has no left or right origin; otherwise the parent is the origin's.
 * Origins may sit in the document or earlier in the same update, so locating walks both, without
 * recursion along origin chains (an update may hold thousands of chained items).
 */

/** The container an item lands in (root name, then the map keys leading to it) and its own key. */
export interface Loc {
	container: string[];
	/** The map key (parentSub); null for an element of a text. */
	key: string | null;
	/** The container's type in the document, when it exists there already. */
	type: Y.AbstractType<unknown> | null;
}

/** `gc`: Yjs will garbage-collect the item on apply (its parent is gone): it changes nothing. */
export type Located = Loc | 'gc' | 'missing' | { invalid: string };

/** Containers nest at most this deep in our schema (itemLists → list → items → item → text). */
export const MAX_DEPTH = 6;

type UpdateItem = Y.Item;

export class Locator {
	private readonly doc: Y.Doc;
	/** The update's items per client, sorted by clock. */
	private readonly byClient = new Map<number, UpdateItem[]>();
	private readonly memo = new Map<UpdateItem, Located>();
	private rootNames: Map<Y.AbstractType<unknown>, string> | null = null;

	constructor(doc: Y.Doc, structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>) {
		this.doc = doc;
		for (const s of structs) {
			if (!(s instanceof Y.Item)) continue;
			let list = this.byClient.get(s.id.client);
			if (!list) this.byClient.set(s.id.client, (list = []));
			list.push(s);
		}
		for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
	}

	/**
	 * The item of the update covering `id`, if any. A clock the document already has is the
	 * document's: Yjs ignores the update's copy of it, so a re-sent item's claimed location counts
	 * for nothing (it would otherwise steer the items that name it as origin).
	 */
	private inUpdate(id: Y.ID): UpdateItem | null {
		if (id.clock < Y.getState(this.doc.store, id.client)) return null;
		const list = this.byClient.get(id.client);
		if (!list) return null;
		let lo = 0;
		let hi = list.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const s = list[mid];
			if (id.clock < s.id.clock) hi = mid - 1;
			else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
			else return s;
		}
		return null;
	}

	/** The document's struct covering `id`, or null when the document does not have that clock yet. */
	private inDoc(id: Y.ID): Y.Item | Y.GC | null {
		if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
		return Y.getItem(this.doc.store, id) as Y.Item | Y.GC;
	}

	private rootName(type: Y.AbstractType<unknown>): string | null {
		if (!this.rootNames) {
			this.rootNames = new Map();
			for (const [name, t] of this.doc.share) this.rootNames.set(t as Y.AbstractType<unknown>, name);
		}
		return this.rootNames.get(type) ?? null;
	}

	/** The path of a type already in the document: its root name, then the keys down to it. */
	private pathOfType(type: Y.AbstractType<unknown>): string[] | { invalid: string } | 'gc' {
		const keys: string[] = [];
		let t: Y.AbstractType<unknown> = type;
		while (t._item) {
			const item = t._item;
			if (item.parentSub === null) return { invalid: 'a nested type outside a map' };
			keys.push(item.parentSub);
			if (keys.length > MAX_DEPTH) return { invalid: 'nested too deep' };
			if (!(item.parent instanceof Y.AbstractType)) return 'gc';
			t = item.parent as Y.AbstractType<unknown>;
		}
		const root = this.rootName(t);
		if (root === null) return { invalid: 'an unnamed root type' };
		keys.push(root);
		return keys.reverse();
	}

	/** Location of an integrated document item. */
	private ofDocItem(s: Y.Item | Y.GC): Located {
		if (!(s instanceof Y.Item) || !(s.parent instanceof Y.AbstractType)) return 'gc';
		const parent = s.parent as Y.AbstractType<unknown>;
		const path = this.pathOfType(parent);
		if (path === 'gc' || 'invalid' in path) return path;
		return { container: path, key: s.parentSub, type: parent };
	}

	/** Location of the type that item `id` holds (the container of its children). */
	private containerOf(id: Y.ID, depth: number): Located {
		if (depth > MAX_DEPTH) return { invalid: 'nested too deep' };
		const u = this.inUpdate(id);
		if (u) {
			if (!(u.content instanceof Y.ContentType)) return 'gc';
			const loc = this.locate(u, depth + 1);
			if (typeof loc === 'string' || 'invalid' in loc) return loc;
			if (loc.key === null) return { invalid: 'a nested type outside a map' };
			return { container: [...loc.container, loc.key], key: null, type: null };
		}
		const d = this.inDoc(id);
		if (!d) return 'missing';
		if (!(d instanceof Y.Item) || !(d.content instanceof Y.ContentType) || d.deleted) return 'gc';
		const type = d.content.type as Y.AbstractType<unknown>;
		const path = this.pathOfType(type);
		if (path === 'gc' || 'invalid' in path) return path;
		return { container: path, key: null, type };
	}

	/** Where `item` (an item of the update) lands. */
	locate(item: UpdateItem, depth = 0): Located {
		const known = this.memo.get(item);
		if (known) return known;
		// Follow origins until something has its parent written down, then share the answer.
		const chain: UpdateItem[] = [];
		const seen = new Set<UpdateItem>();
		let cur: UpdateItem = item;
		let result: Located;
		for (;;) {
			const m = this.memo.get(cur);
			if (m) {
				result = m;
				break;
			}
			if (seen.has(cur)) {
				result = { invalid: 'items whose origins form a cycle' };
				break;
			}
			seen.add(cur);
			chain.push(cur);
			const parent = cur.parent as unknown;
			if (typeof parent === 'string') {
				result = { container: [parent], key: cur.parentSub, type: (this.doc.share.get(parent) as Y.AbstractType<unknown>) ?? null };
				break;
			}
			if (parent instanceof Y.ID) {
				const c = this.containerOf(parent, depth);
				result = typeof c === 'string' || 'invalid' in c ? c : { ...c, key: cur.parentSub };
				break;
			}
			const origin = cur.origin ?? cur.rightOrigin;
			if (!origin) {
				result = { invalid: 'an item without a parent' };
				break;
			}
			const next = this.inUpdate(origin);
			if (next) {
				cur = next;
				continue;
			}
			const d = this.inDoc(origin);
			result = d ? this.ofDocItem(d) : 'missing';
			break;
		}
		for (const c of chain) this.memo.set(c, result);
		return result;
	}

	/**
	 * Whether an update item that starts before the document's clock for its client continues where
	 * Yjs will attach it: Yjs links the new part right after the document's item at the preceding
	 * clock, so that item must sit in the same type under the same key.
	 */
	continuesDocument(item: UpdateItem, at: Loc): boolean {
		const prev = Y.getItem(this.doc.store, Y.createID(item.id.client, Y.getState(this.doc.store, item.id.client) - 1)) as Y.Item | Y.GC;
		return prev instanceof Y.Item && at.type !== null && prev.parent === at.type && prev.parentSub === at.key;
	}

	/** Location of a document item that a delete set removes. */
	locateDeleted(s: Y.Item | Y.GC): Located {
		return this.ofDocItem(s);
	}
}
