import * as Y from 'yjs';
import { simpleDiffString } from 'lib0/diff';

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * Binds an <input> or <textarea> to a Y.Text so two people can type in the same field at once:
 * local keystrokes become minimal Yjs edits (never splitting an emoji's surrogate pair); remote
 * edits update the field and keep the caret on the same characters, through Yjs relative
 * positions taken just before each change. While an IME composes, nothing is written and the
 * field is left alone; the composed text is merged once, at compositionend. Input that would
 * make the text longer than `maxLength` is refused (`onLimit` says so). Returns the cleanup
 * function (a Svelte attachment).
 */
export function bindYText(
	ytext: Y.Text,
	opts: {
		origin: unknown;
		maxLength: number;
		readOnly?: boolean;
		onLimit?: (limit: number) => void;
		/**
		 * Someone else deleted the item this text belongs to while the field had focus: called once,
		 * with what the field showed (the person's typing included), before the field is removed.
		 */
		onDeleted?: (typed: string) => void;
	}
) {
	return (el: Field) => {
		const doc = ytext.doc;
		if (!doc) throw new Error('bindYText needs a Y.Text that belongs to a Y.Doc');
		// The text the field showed when it last matched ytext: local edits are diffed against it.
		let shown = ytext.toString();
		el.value = shown;
		// Set while we write our own edit: the field already shows it.
		let writing = false;
		// The local selection before a change made elsewhere (remote, undo), as relative positions.
		let kept: [Y.RelativePosition, Y.RelativePosition] | null = null;
		// Where an IME composition started, to place its text if remote edits arrive meanwhile.
		let composing: { from: number; to: number; start: Y.RelativePosition; end: Y.RelativePosition } | null = null;

		const focused = () => el.ownerDocument.activeElement === el;
		const rel = (index: number, assoc = 0) => Y.createRelativePositionFromTypeIndex(ytext, index, assoc);
		const abs = (pos: Y.RelativePosition) => Y.createAbsolutePositionFromRelativePosition(pos, doc)?.index ?? ytext.length;
		const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), hi);

		/** Writes one replacement, unless it grows the text past the limit. */
		const write = (index: number, remove: number, insert: string): boolean => {
			if (!remove && !insert) return true;
			const length = ytext.length - remove + insert.length;
			if (length > opts.maxLength && length > ytext.length) {
				opts.onLimit?.(opts.maxLength);
				return false;
			}
			writing = true;
			try {
				doc.transact(() => {
					if (remove) ytext.delete(index, remove);
					if (insert) ytext.insert(index, insert);
				}, opts.origin);
			} finally {
				writing = false;
			}
			shown = ytext.toString();
			return true;
		};

		const applyLocal = () => {
			if (opts.readOnly) {
				el.value = shown;
				return;
			}
			const { index, remove, insert } = simpleDiffString(shown, el.value);
			const growth = el.value.length - shown.length;
			if (write(index, remove, insert)) return;
			// Refused: the field goes back, the caret where it was before the keystroke or paste.
			const caret = clamp((el.selectionStart ?? 0) - growth, 0, shown.length);
			el.value = shown;
			el.setSelectionRange(caret, caret);
		};

		const onInput = () => {
			if (!composing) applyLocal();
		};
		const onCompositionStart = () => {
			const from = el.selectionStart ?? shown.length;
			const to = el.selectionEnd ?? from;
			// The end sticks to the character before it, so text typed just after the selection stays.
			composing = { from, to, start: rel(from), end: from === to ? rel(from) : rel(to, -1) };
		};
		const onCompositionEnd = () => {
			const c = composing;
			composing = null;
			if (!c || opts.readOnly || ytext.toString() === shown) return applyLocal();
			// Remote edits arrived while composing: put the composed text where the composition began.
			const { index, remove, insert } = simpleDiffString(shown, el.value);
			const start = clamp(abs(c.start) + index - c.from, 0, ytext.length);
			const end = clamp(abs(c.end) + index + remove - c.to, start, ytext.length);
			const wrote = write(start, end - start, insert);
			shown = ytext.toString();
			el.value = shown;
			const caret = wrote ? start + insert.length : start;
			if (focused()) el.setSelectionRange(caret, caret);
		};

		const beforeTransaction = () => {
			if (writing || composing || !focused()) return;
			const from = el.selectionStart ?? 0;
			const to = el.selectionEnd ?? from;
			kept = [rel(from), from === to ? rel(from) : rel(to, -1)];
		};
		const observer = () => {
			const selection = kept;
			kept = null;
			// Our own edits already show; a composition catches up at compositionend.
			if (writing || composing) return;
			shown = ytext.toString();
			if (el.value === shown) return;
			el.value = shown;
			if (selection && focused()) el.setSelectionRange(abs(selection[0]), Math.max(abs(selection[0]), abs(selection[1])));
		};

		let reported = false;
		// Only a remote change counts: one's own undo of an add is not "someone deleted it".
		const afterTransaction = (tr: Y.Transaction) => {
			if (reported || tr.local || !opts.onDeleted || !isDeleted(ytext) || !focused()) return;
			reported = true;
			opts.onDeleted(el.value);
		};

		// Both transaction handlers act only while the field has focus, so they are attached only
		// then: a board's 300 fields would otherwise run 600 handlers on every change anywhere on the
		// board (issue #15).
		let listening = false;
		const listen = (on: boolean) => {
			if (on === listening) return;
			listening = on;
			if (on) {
				doc.on('beforeTransaction', beforeTransaction);
				doc.on('afterTransaction', afterTransaction);
			} else {
				doc.off('beforeTransaction', beforeTransaction);
				doc.off('afterTransaction', afterTransaction);
			}
		};
		const onFocus = () => listen(true);
		const onBlur = () => listen(false);

		el.addEventListener('input', onInput);
		el.addEventListener('compositionstart', onCompositionStart);
		el.addEventListener('compositionend', onCompositionEnd);
		el.addEventListener('focus', onFocus);
		el.addEventListener('blur', onBlur);
		listen(focused());
		ytext.observe(observer);
		return () => {
			el.removeEventListener('input', onInput);
			el.removeEventListener('compositionstart', onCompositionStart);
			el.removeEventListener('compositionend', onCompositionEnd);
			el.removeEventListener('focus', onFocus);
			el.removeEventListener('blur', onBlur);
			listen(false);
			ytext.unobserve(observer);
		};
	};
}

/** True once the text, or any map it sits in (the item, its list), was deleted from the document. */
export function isDeleted(type: Y.AbstractType<any>): boolean {
	for (let item = type._item; item; item = (item.parent as Y.AbstractType<any>)._item) if (item.deleted) return true;
	return false;
}
