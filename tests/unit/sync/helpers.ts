import * as Y from 'yjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../../src/lib/server/db/index.ts';
import * as encoding from 'lib0/encoding';
import type { RoomPeer } from '../../../server/sync/room.ts';

/** A migrated SQLite database in a temp dir, removed by cleanup(). */
export function tempDb(): { db: Db; file: string; cleanup(): void } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-sync-'));
	const file = path.join(dir, 't.db');
	const db = openDb(file, path.resolve('server/migrations'));
	return {
		db,
		file,
		cleanup() {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export interface FakePeer extends RoomPeer {
	sent: Uint8Array[];
}

export function fakePeer(personKey = 'user:u1'): FakePeer {
	const sent: Uint8Array[] = [];
	return { personKey, sent, send: (m) => void sent.push(m) };
}

/** An awareness update with one entry per [client, clock, state]. */
export function awarenessUpdate(...entries: Array<number | object | null>): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length / 3);
	for (let i = 0; i < entries.length; i += 3) {
		encoding.writeVarUint(e, entries[i] as number);
		encoding.writeVarUint(e, entries[i + 1] as number);
		encoding.writeVarString(e, JSON.stringify(entries[i + 2]));
	}
	return encoding.toUint8Array(e);
}

export const WRITER = { role: 'participant', side: 'supplier' } as const;
export const OBSERVER = { role: 'observer', side: 'client' } as const;

/**
 * A co-edited text that fits the board schema (goal `g-notes`), created in `doc` if missing: the
 * sync server refuses content outside the schema, so tests write through real board structure.
 */
export function noteText(doc: Y.Doc, goalId = 'g-notes'): Y.Text {
	const goals = doc.getMap<Y.Map<unknown>>('goals');
	let goal = goals.get(goalId);
	if (!(goal instanceof Y.Map)) {
		goal = new Y.Map<unknown>();
		doc.transact(() => {
			goal!.set('kind', 'goal');
			goal!.set('text', new Y.Text());
			goal!.set('order', 'a0');
			goal!.set('processes', []);
			goal!.set('author', { id: 'u-test', name: 'Test' });
			goal!.set('createdAt', 1);
			goals.set(goalId, goal!);
		});
	}
	return goal.get('text') as Y.Text;
}

/** The text of goal `g-notes`, without creating anything. */
export function readNote(doc: Y.Doc, goalId = 'g-notes'): string {
	const t = doc.getMap<Y.Map<unknown>>('goals').get(goalId)?.get('text');
	return t instanceof Y.Text ? t.toString() : '';
}
