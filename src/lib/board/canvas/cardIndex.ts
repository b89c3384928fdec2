import type * as Y from 'yjs';

// Where the board's items sit on the canvas, read straight from the documents (no tldraw): the
// views outside the canvas offer "Show on canvas" for an item that has a card, and load nothing
// of the canvas for it (issue #10: the board page's JavaScript).

/** The canvas's records (records.ts), in the shared or the internal document. */
export const canvasMap = (doc: Y.Doc) => doc.getMap<unknown>('canvas');
/** The plan card's shape type (planCard.ts). */
export const PLAN_CARD_TYPE = 'plan-card';

/** `<kind>:<itemId>` → the ids of that item's cards, over these documents (shared, then internal). */
export function cardsByItem(docs: Y.Doc[]): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const d of docs) {
		for (const [id, v] of canvasMap(d).entries()) {
			const r = v as { type?: unknown; props?: { kind?: unknown; itemId?: unknown } } | null;
			if (r?.type !== PLAN_CARD_TYPE || typeof r.props?.itemId !== 'string') continue;
			const key = `${String(r.props.kind)}:${r.props.itemId}`;
			out.set(key, [...(out.get(key) ?? []), id]);
		}
	}
	return out;
}

/** The query parameter that opens the Canvas view on an item's card (`?view=canvas&card=goal:<id>`). */
export const SHOW_CARD_PARAM = 'card';
