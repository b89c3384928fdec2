import * as Y from 'yjs';

type Field = HTMLInputElement | HTMLTextAreaElement;

/** The smallest single replacement turning `a` into `b` (common prefix and suffix kept). */
export function diffReplace(a: string, b: string): { index: number; remove: number; insert: string } {
	let start = 0;
	const max = Math.min(a.length, b.length);
	while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
		endA--;
		endB--;
	}
	return { index: start, remove: endA - start, insert: b.slice(start, endB) };
}

/** Where a caret at `pos` ends up after a remote change described by a Yjs text delta. */
export function shiftPosition(pos: number, delta: Y.YTextEvent['delta']): number {
	let cursor = 0;
	let result = pos;
	for (const op of delta) {
		if (op.retain) cursor += op.retain;
		else if (typeof op.insert === 'string') {
			if (cursor <= pos) result += op.insert.length;
			cursor += op.insert.length;
		} else if (op.delete) {
			if (cursor < pos) result -= Math.min(op.delete, pos - cursor);
		}
		if (cursor > pos) break;
	}
	return Math.max(0, result);
}

/**
 * Binds an <input> or <textarea> to a Y.Text so two people can type in the same field at once:
 * local keystrokes become minimal Yjs edits; remote edits update the field and keep the caret
 * where the local person was typing. Returns the cleanup function (a Svelte attachment).
 */
export function bindYText(
	ytext: Y.Text,
	opts: { origin: unknown; maxLength: number; readOnly?: boolean; onLimit?: (limit: number) => void }
) {
	return (el: Field) => {
		let composing = false;
		el.value = ytext.toString();

		const applyLocal = () => {
			if (opts.readOnly) {
				el.value = ytext.toString();
				return;
			}
			const before = ytext.toString();
			const after = el.value;
			if (after.length > opts.maxLength && after.length > before.length) {
				const caret = el.selectionStart ?? before.length;
				el.value = before;
				el.setSelectionRange(Math.min(caret, before.length), Math.min(caret, before.length));
				opts.onLimit?.(opts.maxLength);
				return;
			}
			const { index, remove, insert } = diffReplace(before, after);
			if (remove === 0 && insert === '') return;
			ytext.doc?.transact(() => {
				if (remove) ytext.delete(index, remove);
				if (insert) ytext.insert(index, insert);
			}, opts.origin);
		};

		const onInput = () => {
			if (!composing) applyLocal();
		};
		const onCompositionStart = () => (composing = true);
		const onCompositionEnd = () => {
			composing = false;
			applyLocal();
		};

		const observer = (event: Y.YTextEvent) => {
			const next = ytext.toString();
			// Our own keystrokes already match the field; remote edits and undo do not.
			if (el.value === next) return;
			const focused = document.activeElement === el;
			const start = el.selectionStart ?? 0;
			const end = el.selectionEnd ?? 0;
			el.value = next;
			if (focused) el.setSelectionRange(shiftPosition(start, event.delta), shiftPosition(end, event.delta));
		};

		el.addEventListener('input', onInput);
		el.addEventListener('compositionstart', onCompositionStart);
		el.addEventListener('compositionend', onCompositionEnd);
		ytext.observe(observer);
		return () => {
			el.removeEventListener('input', onInput);
			el.removeEventListener('compositionstart', onCompositionStart);
			el.removeEventListener('compositionend', onCompositionEnd);
			ytext.unobserve(observer);
		};
	};
}
