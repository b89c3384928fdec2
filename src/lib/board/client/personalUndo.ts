import * as Y from 'yjs';
import type { AnyType } from '../model/yTypes.ts';


/**
 * One person's undo history across a board's documents. A Y.UndoManager covers a single Y.Doc,
 * so there is one per document (tracking only `origin`, i.e. my own edits) and a shared order of
 * steps on top, so Ctrl+Z always undoes my latest change, whichever document it was in.
 */
export class PersonalUndo {
	#managers = new Map<Y.Doc, Y.UndoManager>();
	#undoOrder: Y.UndoManager[] = [];
	#redoOrder: Y.UndoManager[] = [];
	#replaying: 'undo' | 'redo' | null = null;
	#origin: unknown;
	#captureTimeout: number;
	#held = false;
	#onChange: () => void;

	constructor(opts: { origin: unknown; captureTimeout?: number; onChange?: () => void }) {
		this.#origin = opts.origin;
		this.#captureTimeout = opts.captureTimeout ?? 600;
		this.#onChange = opts.onChange ?? (() => {});
	}

	/** Adds a shared type to my history (its document gets a manager on first use). */
	track(type: AnyType): void {
		const doc = type.doc;
		if (!doc) throw new Error('Only types that belong to a document can be tracked');
		const existing = this.#managers.get(doc);
		if (existing) return existing.addToScope(type);
		const manager = new Y.UndoManager(type, { trackedOrigins: new Set([this.#origin]), captureTimeout: this.#held ? Number.POSITIVE_INFINITY : this.#captureTimeout });
		manager.on('stack-item-added', (event: { type: 'undo' | 'redo' }) => {
			if (event.type === 'redo') this.#redoOrder.push(manager);
			else {
				this.#undoOrder.push(manager);
				// A new edit of mine (not a redo replay) makes every redo step stale, in every document.
				if (this.#replaying !== 'redo') {
					this.#redoOrder = [];
					for (const m of this.#managers.values()) if (m !== manager) m.clear(false, true);
				}
			}
			this.#onChange();
		});
		manager.on('stack-item-popped', () => this.#onChange());
		manager.on('stack-cleared', () => this.#onChange());
		this.#managers.set(doc, manager);
	}

	#replay(kind: 'undo' | 'redo'): void {
		const order = kind === 'undo' ? this.#undoOrder : this.#redoOrder;
		while (order.length) {
			const manager = order.pop()!;
			const stack = kind === 'undo' ? manager.undoStack : manager.redoStack;
			if (stack.length === 0) continue; // its steps were dropped (e.g. cleared); try the one before
			this.#replaying = kind;
			try {
				if (kind === 'undo') manager.undo();
				else manager.redo();
			} finally {
				this.#replaying = null;
			}
			break;
		}
		this.#onChange();
	}

	undo(): void {
		this.#replay('undo');
	}

	redo(): void {
		this.#replay('redo');
	}

	canUndo(): boolean {
		return [...this.#managers.values()].some((m) => m.canUndo());
	}

	canRedo(): boolean {
		return [...this.#managers.values()].some((m) => m.canRedo());
	}

	/**
	 * A gesture starts (a pointer pressed on the canvas): everything until release() is one step,
	 * however long the gaps between its changes (slow frames on a busy laptop split a drag in two).
	 */
	hold(): void {
		this.stopCapturing();
		this.#held = true;
		for (const m of this.#managers.values()) m.captureTimeout = Number.POSITIVE_INFINITY;
	}

	/** The gesture ended: steps are grouped by time again (captureTimeout). */
	release(): void {
		if (!this.#held) return;
		this.#held = false;
		for (const m of this.#managers.values()) m.captureTimeout = this.#captureTimeout;
	}

	/** Makes the next edit its own step, however soon it follows the last one. */
	stopCapturing(): void {
		for (const m of this.#managers.values()) m.stopCapturing();
	}

	destroy(): void {
		for (const m of this.#managers.values()) m.destroy();
		this.#managers.clear();
	}
}
