import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SaveTracker } from '../../../src/lib/board/client/saveTracker.ts';
import { syncStep1Message, syncStep2Message, updateMessage } from '../../../server/sync/protocol.ts';

const update = updateMessage(Y.encodeStateAsUpdate(new Y.Doc()));
const step2 = syncStep2Message(new Y.Doc());
const step1 = syncStep1Message(new Y.Doc());

describe('save tracker', () => {
	it('ties each change to the update message that carries it and clears it on that acknowledgement', () => {
		let changes = 0;
		const t = new SaveTracker(() => changes++);
		t.socketChanged();
		t.messageSent(step1); // not an update message
		t.messageSent(step2); // #1
		t.messageSent(update); // #2
		t.localChange(true);
		t.messageSent(update); // #3
		t.localChange(true);
		expect(t.unsaved).toBe(2);
		t.saved(2);
		expect(t.unsaved).toBe(1);
		t.saved(3);
		expect(t.unsaved).toBe(0);
		expect(changes).toBe(4);
	});

	it('a change sent on a socket that closed before its acknowledgement rides on the next sync step 2', () => {
		const t = new SaveTracker(() => {});
		t.socketChanged();
		t.messageSent(update); // #1
		t.localChange(true);
		t.socketChanged(); // the socket died
		t.localChange(false); // typed while disconnected
		expect(t.unsaved).toBe(2);
		t.socketChanged(); // connected again
		t.messageSent(update); // #1 on the new socket: a change made right after open
		t.localChange(true);
		t.saved(1); // acknowledges only that one
		expect(t.unsaved).toBe(2);
		t.messageSent(step2); // #2 carries everything the server does not have
		t.saved(2);
		expect(t.unsaved).toBe(0);
	});

	it('a heartbeat repeating an old count clears nothing new', () => {
		const t = new SaveTracker(() => {});
		t.socketChanged();
		t.messageSent(update);
		t.localChange(true);
		t.saved(0);
		expect(t.unsaved).toBe(1);
	});
});
