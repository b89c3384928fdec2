import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { liveServer, seedStored } from './helpers/live.ts';
import { upgradeStatus, waitFor } from './helpers/clients.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';
import { guests, sessions } from '../../src/lib/server/db/schema.ts';
import { generateSessionToken, sessionRow } from '../../src/lib/server/auth/session.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { mayChange } from '../../src/lib/board/model/permissions.ts';
import { canReadDoc } from '../../src/lib/board/model/roles.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';
import { lockSection } from '../../src/lib/board/doc/locks.ts';
import { BOARD_CHANGES, PERSONAS } from '../fixtures/boardChanges.ts';

// The role × side × change matrix against the real server: each change is made through the
// board's own document functions by a real y-websocket client, and is accepted or refused exactly
// as src/lib/board/model/permissions.ts says. A refused change reaches neither disk nor other clients.

const live = liveServer();
const { open, stored } = live;


type Persona = (typeof PERSONAS)[number];

/**
 * A board with `setup` already stored (as made for `who`, whose person key it gets), optionally
 * under a whole-board lock, and a session token per persona.
 */
function boardFor(
	setup: ((doc: Y.Doc, me: string) => void) | undefined,
	kind: 'shared' | 'internal',
	who: `${Persona['role']}/${Persona['side']}`,
	boardLocked = false
) {
	const b = live.world.addBoard();
	if (boardLocked) seedStored(live.world.db, docName(b.boardId, 'shared'), (doc) => lockSection(doc, 'board', { id: 'u-f', name: 'Sam' }, 1));
	const clientGuest = (role: 'facilitator' | 'observer') => {
		const id = newId();
		live.world.db.insert(guests).values({ id, boardId: b.boardId, displayName: `Client ${role}`, side: 'client', role, createdAt: Date.now() }).run();
		const token = generateSessionToken();
		live.world.db.insert(sessions).values(sessionRow(token, { guestId: id })).run();
		return { id, token };
	};
	const clientFacilitator = clientGuest('facilitator');
	const clientObserver = clientGuest('observer');
	const tokens: Record<`${Persona['role']}/${Persona['side']}`, string> = {
		'facilitator/supplier': b.tokens.facilitator,
		'participant/supplier': b.tokens.participant,
		'observer/supplier': b.tokens.observer,
		'facilitator/client': clientFacilitator.token,
		'participant/client': b.tokens.clientGuest,
		'observer/client': clientObserver.token
	};
	const keys: Record<`${Persona['role']}/${Persona['side']}`, string> = {
		'facilitator/supplier': `user:${live.world.userId('facilitator')}`,
		'participant/supplier': `user:${live.world.userId('participant')}`,
		'observer/supplier': `user:${live.world.userId('observer')}`,
		'facilitator/client': `guest:${clientFacilitator.id}`,
		'participant/client': `guest:${b.clientGuestId}`,
		'observer/client': `guest:${clientObserver.id}`
	};
	if (setup) seedStored(live.world.db, docName(b.boardId, kind), (doc) => setup(doc, keys[who]));
	return { b, tokens };
}


const BOARD_LOCK = { board: { by: { id: 'u-f', name: 'Sam' }, at: 1 } };

/**
 * Each change × persona, with or without a whole-board lock. Under the lock the internal document
 * (relations, sponsors, ability) is closed too, for everyone but facilitators: its changes are run
 * both ways.
 */
const MATRIX = [
	...BOARD_CHANGES.map((change) => ({ change, locked: false })),
	...BOARD_CHANGES.filter((c) => c.doc === 'internal').map((change) => ({ change, locked: true }))
];

describe('sync server: who may change what (role × side × change)', () => {
	for (const { change, locked } of MATRIX) {
		for (const persona of PERSONAS) {
			const who = `${persona.role}/${persona.side}` as const;
			const readable = canReadDoc({ boardId: '', ...persona }, change.doc);
			const expected = !readable ? 'cannot open' : persona.role === 'observer' ? 'read-only' : mayChange(persona, change.area, locked ? BOARD_LOCK : {}) ? 'accepted' : 'refused';
			it(`${who}: ${change.name}${locked ? ' (whole board locked)' : ''} → ${expected}`, async () => {
				const { b, tokens } = boardFor(change.setup, change.doc, who, locked);
				const room = docName(b.boardId, change.doc);
				if (!readable) {
					expect(await upgradeStatus(live.server, room, tokens[who])).toBe(403);
					return;
				}
				// The actor, a bystander who must not see a refused change, and a supplier facilitator.
				const actor = open(room, tokens[who]);
				const bystander = open(room, b.tokens.participant);
				const marker = open(room, b.tokens.facilitator);
				await Promise.all([actor.synced(), bystander.synced(), marker.synced()]);
				change.make(actor.doc);
				expect(change.done(actor.doc)).toBe(true);
				if (expected === 'accepted') {
					await waitFor(() => change.done(bystander.doc), 'the change at the bystander');
					expect(change.done(stored(room))).toBe(true);
					expect(actor.closes).toEqual([]);
					return;
				}
				if (expected === 'read-only') await waitFor(() => actor.denied.length > 0, 'read-only refusal');
				else {
					await waitFor(() => actor.closes.length > 0, 'refusal close');
					expect(actor.closes[0].code).toBe(CLOSE.refused);
					expect(actor.closes[0].reason).toMatch(locked ? /^not allowed: the whole board is locked by Sam/ : /^not allowed: /);
				}
				// Sent after the refusal: once it has arrived, the refused change would have too.
				if (change.doc === 'shared') addGoal(marker.doc, { id: 'g-marker', text: 'marker', author: { id: 'm', name: 'M' } });
				else marker.doc.getMap('ability').set('g-marker', 1);
				const arrived = (d: Y.Doc) => (change.doc === 'shared' ? d.getMap('goals').has('g-marker') : d.getMap('ability').has('g-marker'));
				await waitFor(() => arrived(bystander.doc), 'the marker at the bystander');
				expect(change.done(bystander.doc)).toBe(false);
				expect(arrived(stored(room))).toBe(true);
				expect(change.done(stored(room))).toBe(false);
			});
		}
	}
});
