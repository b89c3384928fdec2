import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { GoalTree, type GoalTreeView } from '../doc/goalTree.ts';
import { goalsMap } from '../doc/schema.ts';

/**
 * The goals and their CSFs as the Goals view shows them, kept up to date from the Yjs events
 * (doc/goalTree.ts): a keystroke in one goal gives a tree in which only that goal is new.
 */
export class GoalTreeProjection {
	#tree: GoalTree;
	#observed = false;
	#subscribe: () => void;

	constructor(doc: Y.Doc) {
		const tree = (this.#tree = new GoalTree(doc));
		this.#subscribe = createSubscriber((update) => {
			const map = goalsMap(doc);
			const onChange = (events: Y.YEvent<any>[]) => {
				tree.changed(events);
				update();
			};
			map.observeDeep(onChange);
			tree.invalidate();
			this.#observed = true;
			return () => {
				this.#observed = false;
				map.unobserveDeep(onChange);
			};
		});
	}

	get current(): GoalTreeView {
		this.#subscribe();
		// Outside an effect nothing tells us about changes, so read fresh then.
		if (!this.#observed) this.#tree.invalidate();
		return this.#tree.read();
	}
}
