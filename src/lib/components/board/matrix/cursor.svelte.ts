import type { Priority } from '$lib/board/views/types.ts';

/** What a key press in the grid asks for; the component carries it out (focus, writes, messages). */
export type MatrixCommand =
	| { kind: 'move'; r: number; c: number }
	| { kind: 'priority'; priority: Priority }
	| { kind: 'clear' }
	| { kind: 'validate' }
	| { kind: 'note' };

/**
 * The matrix's key map. Positions are unclamped: `MatrixCursor.moveTo` keeps them on the grid.
 * Keys with Ctrl, Meta or Alt are not ours (Ctrl+Z and friends belong to the page).
 */
export function commandFor(
	e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean },
	at: { r: number; c: number },
	colCount: number
): MatrixCommand | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	const { r, c } = at;
	switch (e.key) {
		case 'ArrowUp':
			return { kind: 'move', r: r - 1, c };
		case 'ArrowDown':
			return { kind: 'move', r: r + 1, c };
		case 'ArrowLeft':
			return { kind: 'move', r, c: c - 1 };
		case 'ArrowRight':
			return { kind: 'move', r, c: c + 1 };
		case 'Home':
			return { kind: 'move', r, c: 0 };
		case 'End':
			return { kind: 'move', r, c: colCount - 1 };
		case '0':
		case '1':
		case '2':
		case '3':
			return { kind: 'priority', priority: Number(e.key) as Priority };
		case 'Delete':
		case 'Backspace':
			return { kind: 'clear' };
		case 'v':
		case 'V':
			return { kind: 'validate' };
		case 'Enter':
		case 'n':
		case 'N':
			return { kind: 'note' };
		default:
			return null;
	}
}

/**
 * The active cell. It is kept by ids, so rows or columns someone else adds or moves don't move
 * it; when its row or column is deleted it falls back to the last position it had, kept on the
 * grid. `rows` and `cols` are read through getters, so the cursor follows the live grid.
 */
export class MatrixCursor {
	#rows: () => readonly { id: string }[];
	#cols: () => readonly { id: string }[];
	#sid = $state<string | null>(null);
	#tid = $state<string | null>(null);
	#last = { r: 0, c: 0 };

	constructor(rows: () => readonly { id: string }[], cols: () => readonly { id: string }[]) {
		this.#rows = rows;
		this.#cols = cols;
	}

	/** Row index of the active cell; -1 when the grid has no rows. */
	readonly r: number = $derived.by(() => {
		const rows = this.#rows();
		const i = rows.findIndex((x) => x.id === this.#sid);
		return i >= 0 ? i : Math.min(this.#last.r, rows.length - 1);
	});

	/** Column index of the active cell; -1 when the grid has no columns. */
	readonly c: number = $derived.by(() => {
		const cols = this.#cols();
		const i = cols.findIndex((x) => x.id === this.#tid);
		return i >= 0 ? i : Math.min(this.#last.c, cols.length - 1);
	});

	/** The active cell's ids, or null on an empty grid. */
	readonly ids: { stakeholderId: string; targetId: string } | null = $derived.by(() => {
		const row = this.#rows()[this.r];
		const col = this.#cols()[this.c];
		return row && col ? { stakeholderId: row.id, targetId: col.id } : null;
	});

	/** Makes (r, c), kept on the grid, the active cell; returns where it landed. */
	moveTo(r: number, c: number): { r: number; c: number } {
		const rows = this.#rows();
		const cols = this.#cols();
		r = Math.max(0, Math.min(rows.length - 1, r));
		c = Math.max(0, Math.min(cols.length - 1, c));
		this.#sid = rows[r]?.id ?? null;
		this.#tid = cols[c]?.id ?? null;
		this.#last = { r, c };
		return { r, c };
	}

	/** The command for a key press at the active cell (see `commandFor`). */
	command(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): MatrixCommand | null {
		return commandFor(e, { r: this.r, c: this.c }, this.#cols().length);
	}
}
