import * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { CHANNELS, ENGAGEMENT_LIMITS, isChannel, type Channel } from '../model/engagement.ts';
import { isRec, strings, type Author } from '../model/read.ts';

/**
 * shared (everyone on the board reads it; the client stakeholder corrects their own):
 *   preferences  Y.Map<clientStakeholderId, Y.Map>  channels (Channel[]), topics (goal/CSF ids),
 *                                                   updatedBy (author), updatedAt (epoch ms)
 *   personLinks  Y.Map<clientStakeholderId, personKey>  which person on the board (`guest:<id>` or
 *                                                   `user:<id>`) this stakeholder is: set by a
 *                                                   supplier-side facilitator only
 *
 * The link is what lets a client-side person change their own preferences and nobody else's: the
 * sync server's guard reads it from its own copy (server/sync/updateGuard.ts, area ownPreferences).
 * What the supplier side plans and notes about the person lives in the internal document
 * (engagement.ts), never here.
 */
export const preferencesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('preferences');
export const personLinksMap = (doc: Y.Doc) => doc.getMap<unknown>('personLinks');

export interface Preferences {
	stakeholderId: string;
	channels: Channel[];
	topics: string[];
	updatedBy: Author | null;
	updatedAt: number | null;
}

/** Channels in the model's order, each once; anything unknown dropped. */
export const cleanChannels = (v: unknown): Channel[] => CHANNELS.filter((c) => Array.isArray(v) && v.some((x) => x === c && isChannel(x)));

export function readPreferences(doc: Y.Doc, stakeholderId: string): Preferences {
	const m = preferencesMap(doc).get(stakeholderId);
	const get = (k: string) => (m instanceof Y.Map ? m.get(k) : undefined);
	const by = get('updatedBy');
	const at = get('updatedAt');
	return {
		stakeholderId,
		channels: cleanChannels(get('channels')),
		topics: [...new Set(strings(get('topics')))].slice(0, ENGAGEMENT_LIMITS.topics),
		updatedBy: isRec(by) && typeof by.id === 'string' && typeof by.name === 'string' ? { id: by.id, name: by.name } : null,
		updatedAt: typeof at === 'number' && Number.isFinite(at) ? at : null
	};
}

/** Every stakeholder's preferences that exist, by stakeholder id. */
export function readAllPreferences(doc: Y.Doc): Record<string, Preferences> {
	const out: Record<string, Preferences> = {};
	preferencesMap(doc).forEach((_, id) => (out[id] = readPreferences(doc, id)));
	return out;
}

function write(doc: Y.Doc, stakeholderId: string, key: 'channels' | 'topics', value: string[], by: Author, now: number): void {
	doc.transact(() => {
		const root = preferencesMap(doc);
		let m = root.get(stakeholderId);
		if (!(m instanceof Y.Map)) {
			m = new Y.Map<unknown>();
			root.set(stakeholderId, m);
		}
		m.set(key, value);
		m.set('updatedBy', { id: by.id, name: by.name });
		m.set('updatedAt', now);
	}, ORIGIN.local);
}

export function setChannels(doc: Y.Doc, stakeholderId: string, channels: readonly Channel[], by: Author, now = Date.now()): void {
	const next = cleanChannels(channels);
	if (JSON.stringify(next) === JSON.stringify(readPreferences(doc, stakeholderId).channels) && preferencesMap(doc).has(stakeholderId)) return;
	write(doc, stakeholderId, 'channels', next, by, now);
}

export function setTopics(doc: Y.Doc, stakeholderId: string, topics: readonly string[], by: Author, now = Date.now()): void {
	const next = [...new Set(topics.filter((t) => typeof t === 'string' && t !== ''))];
	if (next.length > ENGAGEMENT_LIMITS.topics) throw new RangeError(`At most ${ENGAGEMENT_LIMITS.topics} topics.`);
	write(doc, stakeholderId, 'topics', next, by, now);
}

/** A person's key as the server knows it (server/sync/connection.ts `personKey`). */
export const personKeyOf = (p: { kind: 'user' | 'guest'; id: string }): string => `${p.kind}:${p.id}`;

/** Ties a client stakeholder to the person on the board they are (null unties). A person is linked to one stakeholder at most. */
export function linkPerson(doc: Y.Doc, stakeholderId: string, personKey: string | null): void {
	doc.transact(() => {
		const links = personLinksMap(doc);
		if (personKey) for (const [sid, key] of [...links.entries()]) if (key === personKey && sid !== stakeholderId) links.delete(sid);
		if (personKey === null) links.delete(stakeholderId);
		else if (links.get(stakeholderId) !== personKey) links.set(stakeholderId, personKey);
	}, ORIGIN.local);
}

/** The stakeholder `personKey` is linked to, or null. */
export function linkedStakeholder(doc: Y.Doc, personKey: string): string | null {
	for (const [sid, key] of personLinksMap(doc).entries()) if (key === personKey) return sid;
	return null;
}

export function readPersonLinks(doc: Y.Doc): Record<string, string> {
	const out: Record<string, string> = {};
	personLinksMap(doc).forEach((v, k) => {
		if (typeof v === 'string') out[k] = v;
	});
	return out;
}
