import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../../src/lib/server/db/index.ts';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { noteText } from '../../fixtures/notes.ts';
import type { RoomPeer } from '../../../server/sync/room.ts';
import { identityOf } from '../../../server/sync/awarenessGuard.ts';

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
	closed: { code: number; reason: string }[];
}

export function fakePeer(personKey = 'user:u1'): FakePeer {
	const sent: Uint8Array[] = [];
	const id = personKey.slice(personKey.indexOf(':') + 1);
	const identity = identityOf({ id, name: id }, { role: 'participant', side: personKey.startsWith('guest:') ? 'client' : 'supplier' });
	const closed: FakePeer['closed'] = [];
	return { personKey, identity, sent, closed, send: (m) => void sent.push(m), close: (code, reason) => void closed.push({ code, reason }) };
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

/** A document that types `words` one after another, and the update of each word. */
export function typing(...words: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (const w of words) doc.transact(() => noteText(doc).insert(noteText(doc).length, w));
	return { doc, updates };
}
export interface FakeClock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
	/** Moves time on, running the timers that come due, in order. */
	advance(ms: number): void;
	/** Timers not yet run. */
	pending(): number;
}

/** An injected clock for rate limits and summaries: time moves only when the test says so. */
export function fakeClock(start = 0): FakeClock {
	let t = start;
	let seq = 0;
	const timers = new Map<number, { at: number; fn: () => void }>();
	return {
		now: () => t,
		setTimeout(fn, ms) {
			const id = ++seq;
			timers.set(id, { at: t + Math.max(0, ms), fn });
			return id;
		},
		clearTimeout(handle) {
			timers.delete(handle as number);
		},
		advance(ms) {
			const end = t + ms;
			for (;;) {
				const due = [...timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
				if (!due) break;
				timers.delete(due[0]);
				t = due[1].at;
				due[1].fn();
			}
			t = end;
		},
		pending: () => timers.size
	};
}
