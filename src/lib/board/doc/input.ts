// What the document functions accept: their errors and the cleaning of input before it is written.
import type * as Y from 'yjs';
import { PLAN_LIMITS } from '../model/limits.ts';

/** A text over its limit. */
export class TextTooLongError extends Error {
	readonly limit: number;
	constructor(limit: number) {
		super(`Text is limited to ${limit} characters.`);
		this.limit = limit;
	}
}

/** A text over its limit, with a message that says which text and by how much. */
export class PlanTextTooLongError extends TextTooLongError {
	constructor(what: string, limit: number, length: number) {
		super(limit);
		this.message = `${what} is limited to ${limit} characters (this one has ${length}).`;
	}
}

/** Input a domain function refuses (empty title, bad date, unknown initiative…). */
export class PlanInputError extends Error {}

/** A required text, trimmed: refused when empty or over `limit` (the message names `what`). */
export function requiredText(what: string, value: string, limit: number = PLAN_LIMITS.text): string {
	const text = value.trim();
	if (!text) throw new PlanInputError(`${what} cannot be empty.`);
	if (text.length > limit) throw new PlanTextTooLongError(what, limit, text.length);
	return text;
}

/** Trimmed, empty ones dropped, each once. */
export const cleanList = (xs: string[]): string[] => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

/** Replaces a co-edited text's content (nothing is written when it is unchanged). */
export function replaceText(t: Y.Text, next: string): void {
	if (t.toString() === next) return;
	t.delete(0, t.length);
	t.insert(0, next);
}
