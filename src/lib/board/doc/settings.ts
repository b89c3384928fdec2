import type * as Y from 'yjs';
import { ORIGIN, meta } from './schema.ts';
import { DEFAULT_THRESHOLD } from '../model/vocabulary.ts';

/** shared meta `threshold`: the convergence threshold, a number in 0..1 (facilitators change it). */
export function readThreshold(doc: Y.Doc): number {
	const t = meta(doc).get('threshold');
	return typeof t === 'number' && Number.isFinite(t) && t >= 0 && t <= 1 ? t : DEFAULT_THRESHOLD;
}

export function setThreshold(doc: Y.Doc, threshold: number): void {
	if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
		throw new RangeError('The threshold is a share between 0 and 1.');
	}
	if (meta(doc).get('threshold') === threshold) return;
	doc.transact(() => meta(doc).set('threshold', threshold), ORIGIN.local);
}
