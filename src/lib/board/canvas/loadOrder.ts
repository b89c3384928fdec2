import type { TLRecord } from '@tldraw/tlschema';

/*
 * The order a canvas opens in (issue #10: opening 2,000 shapes). tldraw mounts a React component per
 * shape whether or not it is in view, so putting every record in the store at once made the first
 * frame wait for all of them. The records in the first view (and everything that is not a shape or a
 * binding) go first; the rest follow in batches, each put in one go on a later frame.
 */

/** A rectangle in page coordinates (what the first view shows). */
export interface PageRect {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Records per later batch: a few frames' worth of shapes for tldraw to mount. */
export const LOAD_BATCH = 400;
/** Page units left of and above the first view whose shapes still count as in it. */
const MARGIN = 400;

type Shape = Extract<TLRecord, { typeName: 'shape' }>;
type Binding = Extract<TLRecord, { typeName: 'binding' }>;

/**
 * `records` split into the first batch (documents, pages, the shapes in `view` on the first page,
 * with their whole subtrees, and the bindings between them) and later batches of about `size`
 * records. A subtree never spans two batches; a binding comes in the batch that has both its ends
 * (one whose ends are missing comes last).
 */
export function loadOrder(records: readonly TLRecord[], view: PageRect | null, size = LOAD_BATCH): TLRecord[][] {
	if (!view) return [records.slice()];
	const first: TLRecord[] = [];
	const shapes = new Map<string, Shape>();
	const bindings: Binding[] = [];
	let firstPage: Extract<TLRecord, { typeName: 'page' }> | null = null;
	for (const r of records) {
		if (r.typeName === 'shape') shapes.set(r.id, r);
		else if (r.typeName === 'binding') bindings.push(r);
		else {
			first.push(r);
			if (r.typeName === 'page' && (!firstPage || r.index < firstPage.index)) firstPage = r;
		}
	}
	// Each shape under its top-level shape (the one whose parent is a page), in stored order.
	const trees = new Map<string, Shape[]>();
	const rootOf = new Map<string, string>();
	const root = (s: Shape): string => {
		const known = rootOf.get(s.id);
		if (known) return known;
		const chain: string[] = [];
		let cur: Shape | undefined = s;
		let top = s.id as string;
		for (let depth = 0; cur && depth < 100; depth++) {
			chain.push(cur.id);
			top = cur.id;
			const parent: Shape | undefined = shapes.get(cur.parentId);
			const parentRoot = parent && rootOf.get(parent.id);
			if (parentRoot) {
				top = parentRoot;
				break;
			}
			cur = parent;
		}
		for (const id of chain) rootOf.set(id, top);
		return top;
	};
	for (const s of shapes.values()) {
		const r = root(s);
		let t = trees.get(r);
		if (!t) trees.set(r, (t = []));
		t.push(s);
	}
	// A shape's x, y is its top left corner: one starting up to MARGIN left of or above the view may
	// reach into it, one starting right of or below it does not (unless rotated: it comes a batch later).
	const inView = (s: Shape | undefined) =>
		!!s && s.parentId === firstPage?.id && s.x >= view.x - MARGIN && s.x <= view.x + view.w && s.y >= view.y - MARGIN && s.y <= view.y + view.h;

	const batches: TLRecord[][] = [first];
	const loaded = new Set<string>();
	let pending = bindings;
	const addBindings = (batch: TLRecord[]) => {
		const still: Binding[] = [];
		for (const b of pending) (loaded.has(b.fromId) && loaded.has(b.toId) ? batch : still).push(b as never);
		pending = still;
	};
	const later: Shape[][] = [];
	for (const [id, tree] of trees) {
		if (inView(shapes.get(id))) {
			for (const s of tree) first.push(s), loaded.add(s.id);
		} else later.push(tree);
	}
	addBindings(first);
	let batch: TLRecord[] = [];
	for (const tree of later) {
		for (const s of tree) batch.push(s), loaded.add(s.id);
		if (batch.length >= size) {
			addBindings(batch);
			batches.push(batch);
			batch = [];
		}
	}
	addBindings(batch);
	batch.push(...pending);
	if (batch.length) batches.push(batch);
	return batches;
}
