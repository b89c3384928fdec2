import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';

/*
 * What the client side is shown, set per board by its facilitators, in the shared document:
 *
 *   clientView  Y.Map  showAlignmentDetails: boolean  (the Scorecard's most divergent pairs)
 *                      showLiveVoteTotals: boolean    (vote totals while a vote runs)
 *
 * Both default to off: the divergent pairs name the client's own executives who disagree, which is
 * sensitive in a live room. These are computed views of data the client side already receives
 * (the matrix), so hiding them is a matter of presentation, not of access.
 */
export interface ClientView {
	showAlignmentDetails: boolean;
	showLiveVoteTotals: boolean;
}
export type ClientViewSetting = keyof ClientView;

export const clientViewMap = (doc: Y.Doc) => doc.getMap<unknown>('clientView');

export function readClientView(doc: Y.Doc): ClientView {
	const m = clientViewMap(doc);
	return { showAlignmentDetails: m.get('showAlignmentDetails') === true, showLiveVoteTotals: m.get('showLiveVoteTotals') === true };
}

export function setClientView(doc: Y.Doc, setting: ClientViewSetting, on: boolean): void {
	if (setting !== 'showAlignmentDetails' && setting !== 'showLiveVoteTotals') throw new RangeError(`Unknown setting “${String(setting)}”.`);
	if (readClientView(doc)[setting] === on) return;
	doc.transact(() => clientViewMap(doc).set(setting, on === true), ORIGIN.local);
}
