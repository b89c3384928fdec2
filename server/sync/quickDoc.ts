import * as Y from 'yjs';
import * as string from 'lib0/string';

/**
 * lib0's `emit` builds a Map (when nobody listens) and an array of the listeners for every event:
 * a Yjs transaction emits six or more, mostly to nobody. The same events to the same listeners,
 * copied before any is called as lib0 does, without the allocations for events nobody listens to.
 */
export function quickEmit(doc: Y.Doc, unencoded?: (tr: Y.Transaction) => boolean): void {
	/** The transaction Yjs is finishing: it emits 'afterTransactionCleanup' right before it encodes it. */
	let cleaning: Y.Transaction | null = null;
	doc.emit = function (this: Y.Doc, name: string, args: unknown[]): void {
		if (name === 'afterTransactionCleanup') cleaning = args[0] as Y.Transaction;
		const observers = (this._observers as Map<string, Set<(...a: unknown[]) => void>>).get(name);
		if (observers === undefined) return;
		for (const f of Array.from(observers)) f(...args);
	} as Y.Doc['emit'];
	if (!unencoded) return;
	// `unencoded(tr)`: a transaction whose 'update' nobody needs. Yjs encodes a finished transaction
	// once more only if `_observers.has('update')`: for such a one, it has none. The 'update'
	// listeners stay registered, so a transaction an observer makes meanwhile is encoded as before
	// (taking them off and on around the apply allocated two listener sets per update).
	const observers = doc._observers as Map<string, unknown>;
	observers.has = (name: string) => (name === 'update' && cleaning !== null && unencoded(cleaning) ? false : Map.prototype.has.call(observers, name));
}

/**
 * lib0 decodes every string of an update with one TextDecoder call (keys of a map value included):
 * a call into the runtime that costs far more than the few ASCII bytes it reads. Short ASCII strings
 * are read in JS instead; anything else (non-ASCII, long, invalid: the decoder is fatal) still goes
 * to the decoder, so the result and the errors are the same.
 */
const decoder = string.utf8TextDecoder as TextDecoder | null;
if (decoder && !(decoder as { quick?: true }).quick) {
	const native = decoder.decode.bind(decoder);
	Object.assign(decoder, {
		quick: true,
		decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
			if (input instanceof Uint8Array && input.length <= 32 && options === undefined) {
				let s = '';
				for (let i = 0; i < input.length; i++) {
					const c = input[i];
					if (c >= 0x80) return native(input);
					s += String.fromCharCode(c);
				}
				return s;
			}
			return native(input, options);
		}
	});
}
