import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { Room } from '../../../server/sync/room.ts';
import { commitQueueFor } from '../../../server/sync/commitQueue.ts';
import { silentLog } from '../../../server/sync/log.ts';
import { MESSAGE } from '../../../server/sync/protocol.ts';
import { loadDoc, seedDoc } from '../../../src/lib/server/docStore.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { ORIGIN } from '../../../src/lib/board/doc/schema.ts';
import { addGoal, deleteGoal, goalText, moveGoal, readGoals } from '../../../src/lib/board/doc/goals.ts';
import { addStakeholder, deleteStakeholder, stakeholdersMap, updateStakeholder } from '../../../src/lib/board/doc/stakeholders.ts';
import { setPriority, unsetPriority } from '../../../src/lib/board/doc/matrix.ts';
import { addInitiative, readInitiatives } from '../../../src/lib/board/doc/initiatives.ts';
import { addAction, readActions, setActionStatus } from '../../../src/lib/board/doc/actions.ts';
import { toSnapshot } from '../../../src/lib/board/doc/snapshot.ts';
import { computeScorecard } from '../../../src/lib/board/views/index.ts';
import { PersonalUndo } from '../../../src/lib/board/client/personalUndo.ts';
import { tempDb, WRITER } from './helpers.ts';
import { identityOf, type PresenceIdentity } from '../../../server/sync/awarenessGuard.ts';

/*
 * Seeded multi-peer convergence, in the style of tldraw's syncFuzz: several peers make random
 * changes through the board's own document functions (goals, texts, stakeholders, matrix,
 * initiatives, actions, personal undo/redo), going offline and back at random, against the sync
 * server's Room with its real update guard and SQLite store. After each run every peer, the
 * server's copy and the stored document are equal, and the computed views agree.
 * A seed that once failed is kept in REGRESSIONS with a note.
 */

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		pick: <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(next() * xs.length)] : undefined),
		chance: (p: number) => next() < p
	};
}
type Rng = ReturnType<typeof rng>;

const REMOTE = Symbol('remote');

class Peer {
	readonly doc = new Y.Doc();
	readonly undo: PersonalUndo;
	online = false;
	readonly name: string;
	readonly personKey: string;
	readonly identity: PresenceIdentity;
	readonly refusals: string[] = [];
	private readonly room: Room<Peer>;

	constructor(name: string, room: Room<Peer>) {
		this.name = name;
		this.room = room;
		this.personKey = `user:${name}`;
		this.identity = identityOf({ id: name, name }, WRITER);
		this.undo = new PersonalUndo({ origin: ORIGIN.local, captureTimeout: 0 });
		for (const key of ['goals', 'stakeholders', 'matrix', 'initiatives', 'actions']) this.undo.track(this.doc.getMap(key));
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === REMOTE || !this.online) return;
			this.deliver(update);
		});
	}

	private deliver(update: Uint8Array) {
		const result = this.room.receiveUpdate(this, update, WRITER);
		if (typeof result !== 'string') this.refusals.push(`${result.kind}: ${result.reason}`);
	}

	/** What the room sends this peer: updates are applied while online, missed while offline. */
	send(message: Uint8Array): void {
		if (!this.online) return;
		const d = decoding.createDecoder(message);
		if (decoding.readVarUint(d) !== MESSAGE.sync) return;
		const step = decoding.readVarUint(d);
		if (step === syncProtocol.messageYjsUpdate || step === syncProtocol.messageYjsSyncStep2) Y.applyUpdate(this.doc, decoding.readVarUint8Array(d), REMOTE);
	}

	/** Reconnect: the y-websocket handshake, both directions. */
	connect(): void {
		this.online = true;
		this.room.addPeer(this);
		const fromServer = Y.encodeStateAsUpdate(this.room.doc, Y.encodeStateVector(this.doc));
		const mine = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.room.doc));
		Y.applyUpdate(this.doc, fromServer, REMOTE);
		this.deliver(mine);
	}

	disconnect(): void {
		this.online = false;
		this.room.removePeer(this);
	}

	/** The server closing this socket (a failed commit): the peer goes offline. */
	close(): void {
		this.disconnect();
	}
}

const author = (p: Peer) => ({ id: p.name, name: p.name });

/** One random change by `p`, through the board's document functions. */
function randomOp(r: Rng, p: Peer, n: number): void {
	const goals = readGoals(p.doc).goals;
	const goal = r.pick(goals);
	const people = [...stakeholdersMap(p.doc).keys()];
	const person = r.pick(people);
	const stamp = { by: author(p), sessionId: p.name, now: n };
	const op = r.int(12);
	switch (op) {
		case 0:
		case 1:
			addGoal(p.doc, { id: `g-${p.name}-${n}`, text: `goal ${n}`, author: author(p), now: n });
			return;
		case 2: {
			const t = goal && goalText(p.doc, goal.id);
			if (t) t.insert(r.int(t.length + 1), r.pick(['a', 'bc', ' ', '🌏', 'é'])!);
			return;
		}
		case 3: {
			const t = goal && goalText(p.doc, goal.id);
			if (t && t.length > 0) {
				const at = r.int(t.length);
				// Never split a surrogate pair: the binding does not, and neither do people.
				const ch = t.toString().codePointAt(at)! > 0xffff ? 2 : 1;
				if (at + ch <= t.length) t.delete(at, ch);
			}
			return;
		}
		case 4:
			if (goal && r.chance(0.5)) deleteGoal(p.doc, goal.id);
			return;
		case 5:
			if (goal) moveGoal(p.doc, goal.id, r.int(goals.length));
			return;
		case 6:
			addStakeholder(p.doc, `s-${p.name}-${n}`, { name: `P${n}`, side: r.chance(0.7) ? 'client' : 'supplier', level: r.pick(['executive', 'senior', 'manager'] as const) });
			return;
		case 7:
			if (person) {
				if (r.chance(0.2)) deleteStakeholder(p.doc, person);
				else updateStakeholder(p.doc, person, { level: r.pick(['executive', 'senior', 'manager'] as const) });
			}
			return;
		case 8:
			if (person && goal) {
				if (r.chance(0.8)) setPriority(p.doc, person, goal.id, r.int(4) as 0 | 1 | 2 | 3, stamp);
				else unsetPriority(p.doc, person, goal.id, stamp);
			}
			return;
		case 9: {
			const initiative = r.pick(readInitiatives(p.doc));
			if (!initiative || r.chance(0.3)) addInitiative(p.doc, { id: `i-${p.name}-${n}`, title: `initiative ${n}`, author: author(p), targetIds: goal ? [goal.id] : [], now: n });
			else addAction(p.doc, { id: `a-${p.name}-${n}`, initiativeId: initiative.id, text: `action ${n}`, author: author(p), due: '2027-02-01', now: n });
			return;
		}
		case 10: {
			const action = r.pick(readActions(p.doc));
			if (action) setActionStatus(p.doc, action.id, r.pick(['open', 'in-progress', 'done', 'dropped'] as const)!);
			return;
		}
		default:
			if (r.chance(0.6)) p.undo.undo();
			else p.undo.redo();
	}
}

const KEYS = ['meta', 'goals', 'stakeholders', 'matrix', 'initiatives', 'actions', 'lists', 'itemLists'];
const contentOf = (doc: Y.Doc) => Object.fromEntries(KEYS.map((k) => [k, doc.getMap(k).toJSON()]));
const scorecardOf = (doc: Y.Doc) => computeScorecard(toSnapshot(doc, null));

/** Known seeds that once failed: keep them running as named regressions. */
const REGRESSIONS: Record<string, number> = {
	// Undo keeps deleted items, so consecutive writes of one map key merged into one item with
	// several values: the guard refused it as malformed, and every later update as a gap.
	'merged writes of one map key were refused': 1,
	// Stakeholders and cells were listed in arrival order, which differs between peers.
	'views depended on arrival order': 2
};

describe('convergence fuzz: peers, the server copy and the stored document end equal', () => {
	let t: ReturnType<typeof tempDb>;
	beforeEach(() => {
		t = tempDb();
	});
	afterEach(() => t.cleanup());

	async function run(seed: number, peers = 4, steps = 250) {
		const r = rng(seed);
		seedDoc(t.db, `b${seed}/shared`, Y.encodeStateAsUpdate(initialDocuments('joint-planning', 0).shared));
		const room = new Room<Peer>(`b${seed}`, 'shared', { db: t.db, log: silentLog, compactAfterBytes: 4_000 });
		await room.load();
		const all = Array.from({ length: peers }, (_, i) => new Peer(`p${i}`, room));
		for (const p of all) p.connect();
		const commits = commitQueueFor(t.db, silentLog);
		for (let n = 0; n < steps; n++) {
			// Let the group commit write and broadcast now and then, as the network would.
			if (r.chance(0.3)) await commits.whenIdle();
			const p = r.pick(all)!;
			if (r.chance(0.08)) {
				if (p.online) p.disconnect();
				else p.connect();
				continue;
			}
			randomOp(r, p, n);
		}
		await commits.whenIdle();
		for (const p of all) if (!p.online) p.connect();
		await commits.whenIdle();
		// A second round lets peers that reconnected early receive what later reconnects sent.
		for (const p of all) {
			p.disconnect();
			p.connect();
		}
		await commits.whenIdle();
		room.flush();
		await commits.whenIdle();
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDoc(t.db, `b${seed}/shared`)!);
		const expected = contentOf(room.doc);
		const context = `seed ${seed}`;
		for (const p of all) {
			expect(p.refusals, `${context}: refusals at ${p.name}`).toEqual([]);
			expect(contentOf(p.doc), `${context}: ${p.name}`).toEqual(expected);
			expect(scorecardOf(p.doc), `${context}: views at ${p.name}`).toEqual(scorecardOf(room.doc));
		}
		expect(contentOf(stored), `${context}: stored document`).toEqual(expected);
		room.destroy();
	}

	for (const seed of [3, 4, 5, 6, 7, 8, 9, 10]) it(`seed ${seed}`, () => run(seed));
	for (const [name, seed] of Object.entries(REGRESSIONS)) it(`regression: ${name} (seed ${seed})`, () => run(seed));

	it('with many peers and long offline stretches', () => run(99, 7, 400));
});
