// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Window } from 'happy-dom';
import * as Y from 'yjs';
import { bindYText } from '../../../src/lib/board/client/textBinding.ts';

// Each person is a browser window with one bound field and a Y doc; the docs sync through a
// "network" that can hold messages back, so edits can be concurrent as between two real peers.

const LOCAL = Symbol('local');
const NET = Symbol('net');

interface Peer {
	doc: Y.Doc;
	text: Y.Text;
	el: HTMLTextAreaElement;
	win: Window;
	onLimit: ReturnType<typeof vi.fn>;
	unbind: () => void;
}

const windows: Window[] = [];
afterEach(async () => {
	for (const w of windows.splice(0)) await w.happyDOM.close();
});

function peer(maxLength = 1000): Peer {
	const win = new Window();
	windows.push(win);
	const document = win.document as unknown as Document;
	const el = document.createElement('textarea');
	document.body.appendChild(el);
	const doc = new Y.Doc();
	const text = doc.getText('t');
	const onLimit = vi.fn();
	const unbind = bindYText(text, { origin: LOCAL, maxLength, onLimit })(el);
	return { doc, text, el, win, onLimit, unbind };
}

/** Two peers whose docs exchange updates; `hold()` queues them until `flush()`. */
function pair(initial = '', maxLength = 1000) {
	const a = peer(maxLength);
	const b = peer(maxLength);
	let held = false;
	const queue: (() => void)[] = [];
	const wire = (from: Peer, to: Peer) =>
		from.doc.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin === NET) return;
			const send = () => Y.applyUpdate(to.doc, u, NET);
			if (held) queue.push(send);
			else send();
		});
	wire(a, b);
	wire(b, a);
	if (initial) a.doc.transact(() => a.text.insert(0, initial), 'setup');
	return {
		a,
		b,
		hold: () => (held = true),
		flush: () => {
			held = false;
			for (const send of queue.splice(0)) send();
		}
	};
}

function fire(el: HTMLTextAreaElement, type: string, init: Record<string, unknown> = {}) {
	const view = el.ownerDocument.defaultView as unknown as typeof globalThis;
	const Ctor = type.startsWith('composition') ? view.CompositionEvent : view.InputEvent;
	el.dispatchEvent(new Ctor(type, { bubbles: true, ...init }));
}

/** What the browser does for a keystroke or paste: replace the selection, caret after it, `input`. */
function type(el: HTMLTextAreaElement, str: string) {
	for (const ch of str) {
		const s = el.selectionStart;
		const e = el.selectionEnd;
		el.value = el.value.slice(0, s) + ch + el.value.slice(e);
		el.setSelectionRange(s + ch.length, s + ch.length);
		fire(el, 'input', { inputType: 'insertText', data: ch });
	}
}
function paste(el: HTMLTextAreaElement, str: string) {
	const s = el.selectionStart;
	el.value = el.value.slice(0, s) + str + el.value.slice(el.selectionEnd);
	el.setSelectionRange(s + str.length, s + str.length);
	fire(el, 'input', { inputType: 'insertFromPaste', data: str });
}
function backspace(el: HTMLTextAreaElement) {
	const s = el.selectionStart;
	const e = el.selectionEnd;
	// A collapsed caret deletes the whole character before it, both halves of an emoji included.
	const pair = s >= 2 && /[\udc00-\udfff]/.test(el.value[s - 1]) && /[\ud800-\udbff]/.test(el.value[s - 2]);
	const from = s !== e ? s : s - (pair ? 2 : 1);
	el.value = el.value.slice(0, from) + el.value.slice(e);
	el.setSelectionRange(from, from);
	fire(el, 'input', { inputType: 'deleteContentBackward' });
}
function caretAt(p: Peer, start: number, end = start) {
	p.el.focus();
	p.el.setSelectionRange(start, end);
}

function expectConverged(a: Peer, b: Peer, value: string) {
	expect(a.text.toString()).toBe(value);
	expect(b.text.toString()).toBe(value);
	expect(a.el.value).toBe(value);
	expect(b.el.value).toBe(value);
}
const noReplacementChar = (...peers: Peer[]) => {
	for (const p of peers) {
		expect(p.el.value).not.toContain('\ufffd');
		expect(p.text.toString()).not.toContain('\ufffd');
	}
};

describe('bindYText on a DOM, two peers', () => {
	it('shows the text, and a local keystroke reaches the other peer', () => {
		const { a, b } = pair('hello');
		expect(a.el.value).toBe('hello');
		caretAt(a, 5);
		type(a.el, '!');
		expectConverged(a, b, 'hello!');
	});

	it('interleaved typing at different positions converges, each caret staying where its owner types', () => {
		const { a, b, hold, flush } = pair('middle');
		caretAt(a, 0);
		caretAt(b, 6);
		// Live: every keystroke arrives at once.
		for (const [x, y] of [['A', 'z'], ['B', 'y'], ['C', 'x']]) {
			type(a.el, x);
			type(b.el, y);
		}
		expectConverged(a, b, 'ABCmiddlezyx');
		expect(a.el.selectionStart).toBe(3);
		expect(b.el.selectionStart).toBe(12);
		// Concurrent: keystrokes cross on the wire.
		hold();
		type(a.el, '1');
		type(b.el, '9');
		backspace(b.el);
		type(b.el, '8');
		flush();
		expectConverged(a, b, 'ABC1middlezyx8');
		expect(a.el.selectionStart).toBe(4);
		expect(b.el.selectionStart).toBe(14);
	});

	it('replacing an emoji with another never splits a surrogate pair', () => {
		const { a, b } = pair('x😀');
		caretAt(a, 1, 3);
		type(a.el, '😃');
		noReplacementChar(a, b);
		expectConverged(a, b, 'x😃');
		// Same first code unit, different second one, in the middle of a text, both directions.
		caretAt(b, 0);
		type(b.el, '👍');
		caretAt(a, 3, 5);
		type(a.el, '😄');
		caretAt(b, 0, 2);
		type(b.el, '👎');
		noReplacementChar(a, b);
		expectConverged(a, b, '👎x😄');
		caretAt(a, 5);
		backspace(a.el);
		noReplacementChar(a, b);
		expectConverged(a, b, '👎x');
	});

	it('an emoji typed concurrently next to another emoji on each side converges without \\ufffd', () => {
		const { a, b, hold, flush } = pair('😀😀');
		caretAt(a, 2);
		caretAt(b, 4);
		hold();
		type(a.el, '😃');
		type(b.el, '😄');
		flush();
		noReplacementChar(a, b);
		expectConverged(a, b, '😀😃😀😄');
	});

	it('a remote edit keeps the local caret and selection on the same characters, before and after them', () => {
		const { a, b } = pair('hello world');
		caretAt(a, 6); // before "world"
		caretAt(b, 0);
		type(b.el, 'Oh, ');
		expect(a.el.value).toBe('Oh, hello world');
		expect([a.el.selectionStart, a.el.selectionEnd]).toEqual([10, 10]);
		b.el.setSelectionRange(15, 15);
		type(b.el, '!');
		expect([a.el.selectionStart, a.el.selectionEnd]).toEqual([10, 10]);
		// A deletion before the caret, and a selection spanning a remote insertion after it.
		b.el.setSelectionRange(0, 4);
		backspace(b.el);
		expect([a.el.selectionStart, a.el.selectionEnd]).toEqual([6, 6]);
		caretAt(a, 6, 11); // "world"
		b.el.setSelectionRange(12, 12);
		type(b.el, '?');
		b.el.setSelectionRange(0, 0);
		type(b.el, '>');
		expect(a.el.value).toBe('>hello world!?');
		expect([a.el.selectionStart, a.el.selectionEnd]).toEqual([7, 12]);
		// The local person keeps typing where they were.
		type(a.el, 'there');
		expectConverged(a, b, '>hello there!?');
	});

	it('a remote edit that removes the text around the caret puts it where the text was', () => {
		const { a, b } = pair('abcdef');
		caretAt(a, 4);
		b.el.setSelectionRange(2, 6);
		backspace(b.el);
		expect(a.el.value).toBe('ab');
		expect(a.el.selectionStart).toBe(2);
	});

	it('IME composition: nothing is written mid-composition, a remote edit waits, both end up with both', () => {
		const { a, b } = pair('cat');
		caretAt(a, 3);
		fire(a.el, 'compositionstart');
		const compose = (s: string) => {
			a.el.value = 'cat' + s;
			a.el.setSelectionRange(3 + s.length, 3 + s.length);
			fire(a.el, 'input', { inputType: 'insertCompositionText', data: s, isComposing: true });
		};
		compose('n');
		compose('ね');
		expect(a.text.toString()).toBe('cat');
		expect(b.el.value).toBe('cat');
		// Bea types at the start meanwhile: Ann's field is left alone until she finishes.
		caretAt(b, 0);
		type(b.el, 'my ');
		expect(a.el.value).toBe('catね');
		compose('ねこ');
		fire(a.el, 'compositionend', { data: 'ねこ' });
		expectConverged(a, b, 'my catねこ');
		expect(a.el.selectionStart).toBe(8);
	});

	it('IME composition that replaces a selection is applied once, at the end', () => {
		const { a, b } = pair('a cat');
		caretAt(a, 2, 5);
		const updates = vi.fn();
		b.doc.on('update', updates);
		fire(a.el, 'compositionstart');
		a.el.value = 'a ね';
		fire(a.el, 'input', { inputType: 'insertCompositionText', isComposing: true });
		a.el.value = 'a ねこ';
		a.el.setSelectionRange(4, 4);
		fire(a.el, 'input', { inputType: 'insertCompositionText', isComposing: true });
		expect(updates).not.toHaveBeenCalled();
		fire(a.el, 'compositionend');
		expect(updates).toHaveBeenCalledTimes(1);
		expectConverged(a, b, 'a ねこ');
	});

	it('refuses an input past the length limit and says so; edits within it still work', () => {
		const { a, b } = pair('0123456789', 10);
		caretAt(a, 5);
		type(a.el, 'x');
		expectConverged(a, b, '0123456789');
		expect(a.el.selectionStart).toBe(5);
		expect(a.onLimit).toHaveBeenCalledWith(10);
		paste(a.el, 'a long pasted text');
		expectConverged(a, b, '0123456789');
		// Replacing a character at the limit keeps the length: allowed, and so is deleting.
		caretAt(a, 0, 1);
		type(a.el, 'X');
		backspace(a.el);
		expectConverged(a, b, '123456789');
		type(a.el, 'Y');
		expectConverged(a, b, 'Y123456789');
		expect(a.onLimit).toHaveBeenCalledTimes(2);
	});

	it('refuses a composition that would pass the limit', () => {
		const { a, b } = pair('123456789', 10);
		caretAt(a, 9);
		fire(a.el, 'compositionstart');
		a.el.value = '123456789ねこ';
		fire(a.el, 'input', { inputType: 'insertCompositionText', isComposing: true });
		fire(a.el, 'compositionend');
		expectConverged(a, b, '123456789');
		expect(a.onLimit).toHaveBeenCalledWith(10);
	});

	it('a read-only field puts the text back instead of writing', () => {
		const win = new Window();
		windows.push(win);
		const el = (win.document as unknown as Document).createElement('textarea');
		win.document.body.appendChild(el as never);
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'fixed');
		bindYText(text, { origin: LOCAL, maxLength: 100, readOnly: true })(el);
		el.setSelectionRange(5, 5);
		type(el, '!');
		expect(el.value).toBe('fixed');
		expect(text.toString()).toBe('fixed');
		text.insert(0, 'still ');
		expect(el.value).toBe('still fixed');
	});

	it("only a focused field listens to its document's transactions (300 fields on a board: none per change)", () => {
		const { a, b } = pair('one');
		const handlers = (p: Peer) => ['beforeTransaction', 'afterTransaction'].map((n) => (p.doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get(n)?.size ?? 0);
		expect(handlers(a)).toEqual([0, 0]);
		caretAt(a, 3);
		expect(handlers(a)).toEqual([1, 1]);
		// Focused, a remote edit still keeps its caret on the same characters.
		caretAt(b, 0);
		type(b.el, '>');
		expect([a.el.selectionStart, a.el.selectionEnd]).toEqual([4, 4]);
		a.el.blur();
		expect(handlers(a)).toEqual([0, 0]);
		caretAt(a, 4);
		a.unbind();
		expect(handlers(a)).toEqual([0, 0]);
	});

	it('after cleanup the field and the text no longer follow each other', () => {
		const { a, b } = pair('one');
		a.unbind();
		caretAt(b, 3);
		type(b.el, ' two');
		expect(a.el.value).toBe('one');
		caretAt(a, 3);
		type(a.el, '!');
		expect(a.text.toString()).toBe('one two');
	});
});
