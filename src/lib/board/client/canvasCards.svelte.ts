import { onDestroy } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { CardPlaces } from '../canvas/cardPlaces.ts';

/**
 * Which plan items have a card on the canvas, for the views that offer "Show on canvas" (Goals,
 * Initiatives, Parking lot). Kept from the changed canvas records only (cardPlaces.ts), so a drag on
 * a big canvas re-reads nothing here; no tldraw is loaded for it. Call during a component's setup.
 */
export function useCanvasCards(shared: Y.Doc, internal: Y.Doc | null): { has(kind: string, id: string): boolean } {
	const places = new CardPlaces(internal ? [shared, internal] : [shared]);
	const changed = createSubscriber((update) => places.subscribe(update));
	onDestroy(() => places.destroy());
	return {
		has(kind, id) {
			changed();
			return places.get(kind, id).length > 0;
		}
	};
}
