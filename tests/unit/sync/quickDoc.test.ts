import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as string from 'lib0/string';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { quickEmit } from '../../../server/sync/quickDoc.ts';
// The server installs the decoder's short path by loading the room.
import '../../../server/sync/room.ts';

// server/sync/quickDoc.ts: the same strings and the same events as lib0, with less work per update.

describe("lib0's string decoder with the short-ASCII path", () => {
	const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	const bytes = (...b: number[]) => new Uint8Array(b);

	it('is installed on the decoder lib0 reads every update string with', () => {
		expect((string.utf8TextDecoder as unknown as { quick?: true }).quick).toBe(true);
	});

	it('reads what TextDecoder reads: empty, ASCII, control bytes, non-ASCII, a BOM, long strings', () => {
		const cases = [
			'',
			'priority',
			'r12|bench',
			'\u0000\u0001\u007f',
			'x'.repeat(32),
			'x'.repeat(33),
			'x'.repeat(5000),
			'é',
			'note: naïve',
			'\ufeffbom',
			'👩‍💻',
			'a'.repeat(31) + 'é'
		];
		for (const c of cases) {
			const encoded = new TextEncoder().encode(c);
			expect(string.utf8TextDecoder!.decode(encoded)).toBe(reference.decode(encoded));
			// Through lib0, as Yjs reads a key or a string.
			const e = encoding.createEncoder();
			encoding.writeVarString(e, c);
			expect(decoding.readVarString(decoding.createDecoder(encoding.toUint8Array(e)))).toBe(c);
		}
	});

	it('still refuses invalid UTF-8 (the decoder is fatal), short or long', () => {
		for (const b of [bytes(0x61, 0xff), bytes(0xc3), bytes(0x61, 0x62, 0xed, 0xa0, 0x80), new Uint8Array(40).fill(0xff)]) {
			expect(() => reference.decode(b)).toThrow(TypeError);
			expect(() => string.utf8TextDecoder!.decode(b)).toThrow(TypeError);
		}
	});

	it('reads a part of a larger buffer (a subarray) at its own offset', () => {
		const all = new TextEncoder().encode('xxpriorityyy');
		expect(string.utf8TextDecoder!.decode(all.subarray(2, 10))).toBe('priority');
	});
});

describe('quickEmit', () => {
	it('delivers the same document events, in order, with the same arguments', () => {
		const plain = new Y.Doc();
		const quick = new Y.Doc();
		quickEmit(quick);
		const log = (doc: Y.Doc) => {
			const seen: string[] = [];
			for (const name of ['beforeTransaction', 'beforeObserverCalls', 'afterTransaction', 'afterTransactionCleanup', 'update', 'updateV2', 'afterAllTransactions'] as const) {
				doc.on(name, (...args: unknown[]) => seen.push(`${name}:${args.length}:${args[0] instanceof Uint8Array ? args[0].byteLength : typeof args[0]}`));
			}
			return seen;
		};
		const a = log(plain);
		const b = log(quick);
		for (const d of [plain, quick]) {
			d.clientID = 7;
			d.getMap('m').set('k', { v: 1 });
			d.getText('t').insert(0, 'hello');
		}
		expect(b).toEqual(a);
		expect(b.length).toBeGreaterThan(0);
	});

	it('calls the listeners there were when the event started: one added or removed meanwhile does not change that event', () => {
		const doc = new Y.Doc();
		quickEmit(doc);
		const calls: string[] = [];
		const late = () => calls.push('late');
		const second = () => calls.push('second');
		doc.on('update', () => {
			calls.push('first');
			doc.on('update', late);
			doc.off('update', second);
		});
		doc.on('update', second);
		doc.getMap('m').set('a', 1);
		expect(calls).toEqual(['first', 'second']);
		calls.length = 0;
		doc.getMap('m').set('b', 2);
		expect(calls).toEqual(['first', 'late']);
	});

	it('does nothing for an event nobody listens to, and a listener removed before the event is not called', () => {
		const doc = new Y.Doc();
		quickEmit(doc);
		const f = () => {
			throw new Error('called');
		};
		doc.on('update', f);
		doc.off('update', f);
		expect(() => doc.getMap('m').set('a', 1)).not.toThrow();
	});

	it('skips the update encoding of the transactions it is told to, and only those: an observer\'s change made meanwhile is encoded', () => {
		const doc = new Y.Doc();
		const QUIET = Symbol('quiet');
		quickEmit(doc, (tr) => tr.origin === QUIET);
		const seen: unknown[] = [];
		doc.on('update', (_u: Uint8Array, origin: unknown) => seen.push(origin));
		const map = doc.getMap('m');
		map.observe((e) => {
			if (e.transaction.origin === QUIET && !map.has('echo')) doc.transact(() => map.set('echo', 1), 'observer');
		});
		doc.transact(() => map.set('a', 1), QUIET);
		expect(seen).toEqual(['observer']);
		doc.transact(() => map.set('b', 2), 'other');
		expect(seen).toEqual(['observer', 'other']);
		expect(map.toJSON()).toEqual({ a: 1, echo: 1, b: 2 });
	});
});
