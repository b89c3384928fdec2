import type * as Y from 'yjs';
import { createSubscriber, SvelteMap } from 'svelte/reactivity';
import { EDIT_SESSION } from './boardSnapshot.svelte.ts';
import { cellKey, matrixMap, readCell, setNote, setPriority, toggleValidated, unsetPriority, type CellValue, type Stamp } from '../doc/matrix.ts';
import type { Author } from '../model/read.ts';
import type { Priority } from '../views/types.ts';

/**
 * The matrix cells one view edits: each write stamped with who I am and this tab's editing
 * session, and one cell read back in full (who last changed it, by name) for the details panel.
 * The grid itself reads the board snapshot; this is the only place the matrix view touches Yjs.
 */
export class MatrixCells {
	#doc: Y.Doc;
	#by: Author;
	/**
	 * A version per cell key, bumped by the Yjs events that name it: `cell()` depends on its own key
	 * only, so a remote change to another cell does not read the open cell again (issue #15).
	 */
	#versions = new SvelteMap<string, number>();
	#subscribe: () => void;

	constructor(doc: Y.Doc, by: Author) {
		this.#doc = doc;
		this.#by = { id: by.id, name: by.name };
		const map = matrixMap(doc);
		this.#subscribe = createSubscriber(() => {
			const onChange = (events: Y.YEvent<any>[]) => {
				for (const e of events) {
					const keys = e.path.length > 0 ? [String(e.path[0])] : [...e.changes.keys.keys()];
					for (const k of keys) this.#versions.set(k, (this.#versions.get(k) ?? 0) + 1);
				}
			};
			map.observeDeep(onChange);
			return () => {
				map.unobserveDeep(onChange);
			};
		});
	}

	/** The Y type my undo history should track. */
	get type(): Y.Map<unknown> {
		return matrixMap(this.#doc);
	}

	cell(stakeholderId: string, targetId: string): CellValue | null {
		this.#subscribe();
		void this.#versions.get(cellKey(stakeholderId, targetId));
		return readCell(this.#doc, stakeholderId, targetId);
	}

	#stamp(): Stamp {
		return { by: this.#by, sessionId: EDIT_SESSION };
	}

	setPriority(stakeholderId: string, targetId: string, p: Priority | null): void {
		if (p === null) unsetPriority(this.#doc, stakeholderId, targetId, this.#stamp());
		else setPriority(this.#doc, stakeholderId, targetId, p, this.#stamp());
	}

	/** The new validated state, or null when there is no priority to validate. */
	toggleValidated(stakeholderId: string, targetId: string): boolean | null {
		return toggleValidated(this.#doc, stakeholderId, targetId, this.#stamp());
	}

	setNote(stakeholderId: string, targetId: string, text: string): void {
		setNote(this.#doc, stakeholderId, targetId, text, this.#stamp());
	}
}
