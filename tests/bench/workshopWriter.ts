// The workshop's writer for the in-process write-path probes (workshopPath.ts, wakeProbe.ts), without
// any Tandem server module: wakeProbe runs y-websocket with it too.
import * as Y from 'yjs';
import { updateMessage } from '../../server/sync/protocol.ts';
import { setBenchCell } from '../fixtures/notes.ts';

/** A 200-cell board (`seed`, to send first), then `n` one-cell updates by one writer (`updates`). */
export function workshopWriter(n: number): { seed: Uint8Array[]; updates: Uint8Array[] } {
	const writer = new Y.Doc();
	const messages: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => messages.push(updateMessage(u)));
	for (let i = 0; i < 200; i++) setBenchCell(writer, `r${i}`, 1);
	const seed = messages.splice(0);
	for (let i = 0; i < n; i++) setBenchCell(writer, 'writer', i);
	return { seed, updates: messages };
}
