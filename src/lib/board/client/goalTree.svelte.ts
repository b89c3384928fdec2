import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { GoalTree, goalShape, type GoalShape, type GoalTreeView } from '../doc/goalTree.ts';
import type { GoalView } from '../doc/goals.ts';
import { goalsMap } from '../doc/schema.ts';

class Version {
	n = $state(0);
}

/**
 * The goals and their CSFs as the Goals view shows them, kept up to date from the Yjs events
 * (doc/goalTree.ts). Fine-grained: `shape` (which rows, in which order) changes only when goals or
 * CSFs are added, deleted or moved, and `item(id)` only when that goal or CSF changed, so a remote
 * keystroke in one goal re-runs that goal's row and nothing else (issue #15: with the whole tree as
 * one signal each keystroke marked and checked every row of 300). `current` is the whole tree.
 */
export class GoalTreeProjection {
	#tree: GoalTree;
	#observed = false;
	#subscribe: () => void;
	// The last tree read and what it was split into; plain fields, only the versions are signals.
	#view: GoalTreeView | null = null;
	#shape: GoalShape | null = null;
	#items = new Map<string, GoalView>();
	#whole = new Version();
	#shapeVersion = new Version();
	#versions = new Map<string, Version>();

	constructor(doc: Y.Doc) {
		const tree = (this.#tree = new GoalTree(doc));
		this.#subscribe = createSubscriber(() => {
			const map = goalsMap(doc);
			const onChange = (events: Y.YEvent<any>[]) => {
				tree.changed(events);
				const changed = this.#sync();
				if (!changed) return;
				this.#whole.n++;
				if (changed.shape) this.#shapeVersion.n++;
				for (const id of changed.items) {
					const v = this.#versions.get(id);
					if (v) v.n++;
				}
			};
			map.observeDeep(onChange);
			tree.invalidate();
			this.#sync(); // plain fields only: the readers are reading now
			this.#observed = true;
			return () => {
				this.#observed = false;
				map.unobserveDeep(onChange);
			};
		});
	}

	/** Reads the tree into the plain fields; what changed since the last read (null: nothing). */
	#sync(): { shape: boolean; items: string[] } | null {
		const view = this.#tree.read();
		if (view === this.#view) return null;
		this.#view = view;
		const shape = goalShape(view, this.#shape);
		const shapeChanged = shape !== this.#shape;
		this.#shape = shape;
		const items: string[] = [];
		const seen = shapeChanged ? new Set<string>() : null;
		const put = (g: GoalView) => {
			seen?.add(g.id);
			if (this.#items.get(g.id) === g) return;
			this.#items.set(g.id, g);
			items.push(g.id);
		};
		for (const g of view.goals) {
			put(g);
			g.csfs.forEach(put);
		}
		view.orphans.forEach(put);
		if (seen) {
			for (const id of this.#items.keys()) if (!seen.has(id)) this.#items.delete(id);
			for (const id of this.#versions.keys()) if (!seen.has(id)) this.#versions.delete(id);
		}
		return { shape: shapeChanged, items };
	}

	/** Outside an effect nothing tells us about changes, so read fresh then. */
	#fresh(): void {
		if (this.#observed) return;
		this.#tree.invalidate();
		this.#sync();
	}

	get current(): GoalTreeView {
		this.#subscribe();
		void this.#whole.n;
		this.#fresh();
		return this.#view ?? (this.#sync(), this.#view!);
	}

	/** Which goals and CSFs, in which order: a new object only when that changed. */
	get shape(): GoalShape {
		this.#subscribe();
		void this.#shapeVersion.n;
		this.#fresh();
		if (!this.#shape) this.#sync();
		return this.#shape!;
	}

	/** One goal or CSF of `shape`, changing only when it did (read it where `shape` is read). */
	item(id: string): GoalView {
		let v = this.#versions.get(id);
		if (!v) this.#versions.set(id, (v = new Version()));
		void v.n;
		this.#fresh();
		if (!this.#view) this.#sync();
		return this.#items.get(id)!;
	}
}
