import * as Y from 'yjs';
import { goalsMap } from './schema.ts';
import { readItem, type GoalView } from './goals.ts';
import { byOrderKey } from '../model/order.ts';

export type GoalNode = GoalView & { csfs: GoalView[] };
export interface GoalTreeView {
	goals: GoalNode[];
	orphans: GoalView[];
}

/**
 * The Goals view's tree (`readGoals`) kept up to date from Yjs events instead of re-read whole
 * after each change (issue #15: 300 goals and CSFs re-read and re-rendered per keystroke). Only the
 * goals and CSFs an event names are read again; an item whose content did not change keeps its
 * identity, and so do a goal's node (with its CSFs) and the lists when nothing in them changed,
 * so the view re-renders only what a change touched. `read()` equals `readGoals(doc)` at all times
 * (tests/unit/doc/goalTree.test.ts).
 */
export class GoalTree {
	readonly #doc: Y.Doc;
	readonly #items = new Map<string, GoalView>();
	readonly #dirty = new Set<string>();
	#stale = true;
	/** The last tree read, and whether events came since. */
	#view: GoalTreeView | null = null;
	#current = false;
	#nodes = new Map<string, GoalNode>();

	constructor(doc: Y.Doc) {
		this.#doc = doc;
	}

	/** Events will be (or were) missed: read everything next time. */
	invalidate(): void {
		this.#stale = true;
		this.#current = false;
	}

	/** Notes which goals the events (of goalsMap, observed deep) touch; the work happens in `read()`. */
	changed(events: Y.YEvent<any>[]): void {
		if (this.#stale) return;
		for (const e of events) {
			if (e.path.length > 0) this.#dirty.add(String(e.path[0]));
			else for (const k of e.changes.keys.keys()) this.#dirty.add(k);
		}
		if (this.#dirty.size) this.#current = false;
	}

	read(): GoalTreeView {
		const map = goalsMap(this.#doc);
		if (this.#stale) {
			const before = new Map(this.#items);
			this.#items.clear();
			map.forEach((m, id) => {
				if (!(m instanceof Y.Map)) return;
				const next = readItem(id, m);
				const prev = before.get(id);
				this.#items.set(id, prev && sameItem(prev, next) ? prev : next);
			});
			this.#stale = false;
			this.#dirty.clear();
		} else if (this.#current && this.#view) return this.#view;
		// Items whose place in the tree may have changed (added, deleted, moved, re-parented) need
		// the tree built again; items whose text or tags changed in place only need their nodes renewed.
		let moved = !this.#view;
		const renewed: GoalView[] = [];
		for (const id of this.#dirty) {
			const m = map.get(id);
			const prev = this.#items.get(id);
			if (!(m instanceof Y.Map)) {
				if (prev) moved = true;
				this.#items.delete(id);
				continue;
			}
			const read = readItem(id, m);
			const next = prev && sameItem(prev, read) ? prev : read;
			this.#items.set(id, next);
			if (next === prev) continue;
			if (!prev || prev.kind !== next.kind || prev.parentId !== next.parentId || prev.order !== next.order) moved = true;
			else renewed.push(next);
		}
		this.#dirty.clear();
		this.#view = (!moved && this.#renew(renewed)) || this.#build();
		this.#current = true;
		return this.#view;
	}

	/**
	 * The last tree with these items (each in the same place as before: same kind, parent and order)
	 * put in, renewing only their nodes and the lists that hold them: a keystroke in a goal neither
	 * sorts the 300 goals and CSFs again nor compares every node (issue #15). Equals what `#build()`
	 * gives; null when an item is not where the last tree has it.
	 */
	#renew(items: readonly GoalView[]): GoalTreeView | null {
		const last = this.#view!;
		if (!items.length) return last;
		let goals = last.goals;
		let orphans = last.orphans;
		const copy = <T>(list: T[], was: T[]) => (list === was ? [...list] : list);
		for (const item of items) {
			if (item.kind === 'goal') {
				const i = goals.findIndex((g) => g.id === item.id);
				if (i < 0) return null;
				goals = copy(goals, last.goals);
				goals[i] = { ...item, csfs: goals[i].csfs };
				this.#nodes.set(item.id, goals[i]);
				continue;
			}
			const parent = item.parentId === null ? -1 : goals.findIndex((g) => g.id === item.parentId);
			if (parent >= 0) {
				const node = goals[parent];
				const j = node.csfs.findIndex((c) => c.id === item.id);
				if (j < 0) return null;
				const csfs = [...node.csfs];
				csfs[j] = item;
				goals = copy(goals, last.goals);
				goals[parent] = { ...node, csfs };
				this.#nodes.set(node.id, goals[parent]);
			} else {
				const j = orphans.findIndex((c) => c.id === item.id);
				if (j < 0) return null;
				orphans = copy(orphans, last.orphans);
				orphans[j] = item;
			}
		}
		return { goals, orphans };
	}

	#build(): GoalTreeView {
		const all = [...this.#items.values()];
		const goals = all.filter((g) => g.kind === 'goal').sort(byOrderKey);
		const ids = new Set(goals.map((g) => g.id));
		const csfs = all.filter((g) => g.kind === 'csf').sort(byOrderKey);
		const byParent = new Map<string, GoalView[]>();
		for (const c of csfs) if (c.parentId) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
		const nodes = new Map<string, GoalNode>();
		const tree = goals.map((g) => {
			const kids = byParent.get(g.id) ?? [];
			const prev = this.#nodes.get(g.id);
			const node = prev && sameAs(prev, g) && sameList(prev.csfs, kids) ? prev : { ...g, csfs: kids };
			nodes.set(g.id, node);
			return node;
		});
		this.#nodes = nodes;
		const orphans = csfs.filter((c) => !c.parentId || !ids.has(c.parentId));
		const last = this.#view;
		if (last && sameList(last.goals, tree) && sameList(last.orphans, orphans)) return last;
		return {
			goals: last && sameList(last.goals, tree) ? last.goals : tree,
			orphans: last && sameList(last.orphans, orphans) ? last.orphans : orphans
		};
	}
}

/** A goal's node holds the same goal when every field but its CSFs is the very same value. */
function sameAs(node: GoalNode, g: GoalView): boolean {
	return (Object.keys(g) as (keyof GoalView)[]).every((k) => node[k] === g[k]);
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameItem(a: GoalView, b: GoalView): boolean {
	return (
		a.id === b.id &&
		a.kind === b.kind &&
		a.parentId === b.parentId &&
		a.text === b.text &&
		a.order === b.order &&
		a.createdAt === b.createdAt &&
		sameList(a.processes, b.processes) &&
		(a.author === b.author || (a.author !== null && b.author !== null && a.author.id === b.author.id && a.author.name === b.author.name))
	);
}

/** Where a goal or CSF is in the tree, without its content: what the Goals view lays out its rows by. */
export interface GoalShapeItem {
	id: string;
	kind: GoalView['kind'];
	parentId: string | null;
}
export type GoalShapeNode = GoalShapeItem & { csfs: GoalShapeItem[] };
export interface GoalShape {
	goals: GoalShapeNode[];
	orphans: GoalShapeItem[];
}

/**
 * The tree's shape (which goals and CSFs, in which order, under which goal), keeping `prev` and its
 * parts where they did not change: a keystroke, a tag or an author gives `prev` itself, so the rows'
 * list and the numbers, which depend on the shape only, are not looked at again (issue #15: every
 * row of 300 was checked per remote keystroke because the tree's lists were new). A goal's node is
 * kept while its id and its CSFs' ids are.
 */
export function goalShape(view: GoalTreeView, prev: GoalShape | null): GoalShape {
	const items = new Map<string, GoalShapeItem>();
	const nodes = new Map<string, GoalShapeNode>();
	if (prev) {
		for (const n of prev.goals) {
			nodes.set(n.id, n);
			for (const c of n.csfs) items.set(c.id, c);
		}
		for (const o of prev.orphans) items.set(o.id, o);
	}
	const itemOf = (g: GoalView): GoalShapeItem => {
		const old = items.get(g.id);
		return old && old.kind === g.kind && old.parentId === g.parentId ? old : { id: g.id, kind: g.kind, parentId: g.parentId };
	};
	const goals = view.goals.map((g): GoalShapeNode => {
		const csfs = g.csfs.map(itemOf);
		const old = nodes.get(g.id);
		return old && old.kind === g.kind && old.parentId === g.parentId && sameList(old.csfs, csfs) ? old : { id: g.id, kind: g.kind, parentId: g.parentId, csfs };
	});
	const orphans = view.orphans.map(itemOf);
	if (prev && sameList(prev.goals, goals) && sameList(prev.orphans, orphans)) return prev;
	return { goals: prev && sameList(prev.goals, goals) ? prev.goals : goals, orphans: prev && sameList(prev.orphans, orphans) ? prev.orphans : orphans };
}
