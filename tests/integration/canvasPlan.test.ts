import { describe, expect, it } from 'vitest';
import { liveServer, seedStored } from './helpers/live.ts';
import { waitFor } from './helpers/clients.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { readGoals } from '../../src/lib/board/doc/goals.ts';
import { readParkingLot } from '../../src/lib/board/doc/parkingLot.ts';
import { lockSection, readLocks } from '../../src/lib/board/doc/locks.ts';
import { canvasMap } from '../../src/lib/board/canvas/binding.ts';
import { convertNotes, type ConvertOptions } from '../../src/lib/board/canvas/convert.ts';
import { PLAN_CARD_TYPE } from '../../src/lib/board/canvas/planCard.ts';

// Turning canvas notes into plan items against the real sync server: the one update (canvas +
// goals / parking lot) passes its schema and permission guard for a client-side participant, and a
// lock on the target section refuses it whole (nothing of it is stored).

const live = liveServer();
const sam = { id: 'u-f', name: 'Sam' };
const rich = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] });
const note = (id: string, text: string) => ({
	id,
	typeName: 'shape',
	type: 'note',
	x: 10,
	y: 20,
	rotation: 0,
	index: 'a1',
	parentId: 'page:page',
	isLocked: false,
	opacity: 1,
	meta: {},
	props: { color: 'yellow', labelColor: 'black', size: 'm', font: 'draw', fontSizeAdjustment: 0, align: 'middle', verticalAlign: 'middle', growY: 0, url: '', richText: rich(text), scale: 1, textLastEditedBy: null }
});

function board() {
	const b = live.world.addBoard();
	const room = docName(b.boardId, 'shared');
	seedStored(live.world.db, room, (doc) => {
		const m = canvasMap(doc);
		m.set('page:page', { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} });
		m.set('shape:n1', note('shape:n1', 'Cut lead time'));
		m.set('shape:n2', note('shape:n2', 'Pricing later'));
	});
	return { b, room };
}

let n = 0;
const opts = (): ConvertOptions => ({ author: { id: 'guest', name: 'Client exec' }, may: () => true, newId: () => `item-${++n}`, newShapeId: () => `shape:card-${++n}` });

describe('sync server: notes turned into plan items', () => {
	it('accepts a client guest’s conversion into a goal and a parking-lot item, and stores it', async () => {
		const { b, room } = board();
		const guest = live.open(room, b.tokens.clientGuest);
		await guest.synced();
		const [goal] = convertNotes({ shared: guest.doc, internal: null }, ['shape:n1'], { kind: 'goal' }, opts());
		const [parked] = convertNotes({ shared: guest.doc, internal: null }, ['shape:n2'], { kind: 'parked' }, opts());
		await waitFor(() => {
			const s = live.stored(room);
			return readGoals(s).goals.length === 1 && readParkingLot(s).length === 1;
		}, 'the conversion stored');
		const s = live.stored(room);
		expect(readGoals(s).goals.map((g) => g.text)).toEqual(['Cut lead time']);
		expect(readParkingLot(s).map((p) => p.text)).toEqual(['Pricing later']);
		expect(canvasMap(s).has('shape:n1')).toBe(false);
		expect(canvasMap(s).get(goal!.cardId)).toMatchObject({ type: PLAN_CARD_TYPE, props: { kind: 'goal', itemId: goal!.itemId } });
		expect(canvasMap(s).get(parked!.cardId)).toMatchObject({ type: PLAN_CARD_TYPE, props: { kind: 'parked', itemId: parked!.itemId } });
		expect(guest.closes).toEqual([]);
	});

	it('refuses the whole conversion when the goals are locked (even if the browser let it through)', async () => {
		const { b, room } = board();
		const facilitator = live.open(room, b.tokens.facilitator);
		await facilitator.synced();
		lockSection(facilitator.doc, 'goals', sam);
		await waitFor(() => 'goals' in readLocks(live.stored(room)), 'the lock stored');
		const guest = live.open(room, b.tokens.clientGuest);
		await guest.synced();
		convertNotes({ shared: guest.doc, internal: null }, ['shape:n1'], { kind: 'goal' }, opts());
		await waitFor(() => guest.closes.length > 0, 'refusal close');
		expect(guest.closes[0]!.code).toBe(CLOSE.refused);
		expect(guest.closes[0]!.reason).toMatch(/goals and CSFs is locked/);
		const s = live.stored(room);
		expect(readGoals(s).goals).toEqual([]);
		expect(canvasMap(s).get('shape:n1')).toMatchObject({ type: 'note' });
		expect([...canvasMap(s).values()].some((v) => (v as { type?: string }).type === PLAN_CARD_TYPE)).toBe(false);
	});
});
