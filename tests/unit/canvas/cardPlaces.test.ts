import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { canvasMap } from '../../../src/lib/board/canvas/binding.ts';
import { CardPlaces } from '../../../src/lib/board/canvas/cardPlaces.ts';
import { PLAN_CARD_TYPE } from '../../../src/lib/board/canvas/planCard.ts';
import { geo } from './harness.ts';

const card = (id: string, kind: string, itemId: string, x = 0) => ({ ...geo(id, x, 0), type: PLAN_CARD_TYPE, props: { kind, itemId, w: 240, h: 150 } });

describe('where an item’s plan cards are (the side panel’s “On canvas (n)”)', () => {
	it('lists the cards of an item across both documents and follows adds, moves to another item and deletes', () => {
		const shared = new Y.Doc();
		const internal = new Y.Doc();
		canvasMap(shared).set('shape:c1', card('c1', 'goal', 'g1'));
		const places = new CardPlaces([shared, internal]);
		expect(places.get('goal', 'g1')).toEqual(['shape:c1']);
		canvasMap(internal).set('shape:c2', card('c2', 'goal', 'g1'));
		expect([...places.get('goal', 'g1')].sort()).toEqual(['shape:c1', 'shape:c2']);
		canvasMap(shared).set('shape:c1', card('c1', 'csf', 'g1'));
		expect(places.get('goal', 'g1')).toEqual(['shape:c2']);
		expect(places.get('csf', 'g1')).toEqual(['shape:c1']);
		canvasMap(internal).delete('shape:c2');
		expect(places.get('goal', 'g1')).toEqual([]);
		places.destroy();
		canvasMap(shared).set('shape:c3', card('c3', 'goal', 'g1'));
		expect(places.get('goal', 'g1')).toEqual([]);
	});

	it('a drag on a canvas of 2,000 shapes reads only the changed record and tells nobody unless a card changed item', () => {
		const doc = new Y.Doc();
		const map = canvasMap(doc);
		doc.transact(() => {
			for (let i = 0; i < 2000; i++) map.set(`shape:s${i}`, geo(`s${i}`, i, 0));
			map.set('shape:c1', card('c1', 'goal', 'g1'));
		});
		const places = new CardPlaces([doc]);
		const told = vi.fn();
		places.subscribe(told);
		const entries = vi.spyOn(map, 'entries');
		const get = vi.spyOn(map, 'get');
		map.set('shape:s7', geo('s7', 500, 0));
		map.set('shape:c1', card('c1', 'goal', 'g1', 300));
		expect(entries).not.toHaveBeenCalled();
		expect(get.mock.calls.length).toBeLessThanOrEqual(2);
		expect(told).not.toHaveBeenCalled();
		map.set('shape:c1', card('c1', 'goal', 'g2', 300));
		expect(told).toHaveBeenCalledTimes(1);
		expect(places.get('goal', 'g2')).toEqual(['shape:c1']);
	});
});
