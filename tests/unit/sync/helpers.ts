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

export { noteText, readNote } from '../../fixtures/notes.ts';
