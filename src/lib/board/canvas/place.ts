import type { Editor, TLShapeId, TLPageId } from 'tldraw';
import { PLAN_CARD_SIZE, PLAN_CARD_TYPE, type PlanCardKind } from './planCard.ts';

/*
 * Placing plan cards from the board's lists (CanvasPlanPanel.svelte): by dragging an item onto the
 * canvas (HTML5 drag and drop, the drop point in page space) or with "Place on canvas" (the middle
 * of what I see). Through the editor, so the binding writes it like any shape I draw: my undo.
 * Type-only imports of tldraw: the panel stays out of the canvas chunk.
 */

/** The drag's data type: `{ kind, id }` as JSON (not text/plain, which tldraw would turn into a text shape). */
export const PLAN_ITEM_MIME = 'application/x-tandem-plan-item';

export function readDraggedItem(data: DataTransfer | null): { kind: PlanCardKind; id: string } | null {
	const raw = data?.getData(PLAN_ITEM_MIME);
	if (!raw) return null;
	try {
		const v = JSON.parse(raw) as { kind?: unknown; id?: unknown };
		if ((v.kind === 'goal' || v.kind === 'csf' || v.kind === 'initiative') && typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 200) return { kind: v.kind, id: v.id };
	} catch {
		// not ours
	}
	return null;
}

const newShapeId = () => `shape:${crypto.randomUUID()}` as TLShapeId;

/** Creates a card of the item centred on `at` (page space; default: the middle of the viewport), selected. */
export function placeCard(editor: Editor, kind: PlanCardKind, itemId: string, at?: { x: number; y: number }): string {
	const centre = at ?? editor.getViewportPageBounds().center;
	const id = newShapeId();
	editor.markHistoryStoppingPoint?.('place plan card');
	editor.createShape({ id, type: PLAN_CARD_TYPE, x: centre.x - PLAN_CARD_SIZE.w / 2, y: centre.y - PLAN_CARD_SIZE.h / 2, props: { kind, itemId, ...PLAN_CARD_SIZE } } as never);
	editor.select(id);
	return id;
}

/** Shows a card: its page, selected, in view. */
export function showCard(editor: Editor, cardId: string): void {
	const id = cardId as TLShapeId;
	const shape = editor.getShape(id);
	if (!shape) return;
	const page = editor.getAncestorPageId(shape) as TLPageId | undefined;
	if (page && page !== editor.getCurrentPageId()) editor.setCurrentPage(page);
	editor.select(id);
	editor.zoomToSelection({ animation: { duration: 200 } });
}
