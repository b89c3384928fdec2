import type * as Y from 'yjs';
import { ORIGIN } from './schema.ts';
import { TextTooLongError } from './input.ts';
import { LIMITS } from '../model/limits.ts';
import { isRec, scale } from '../model/read.ts';
import type { Ability, Relationship } from '../model/vocabulary.ts';

/**
 * internal (supplier side only; the server never sends this document to the client side):
 *   relations  Y.Map<clientStakeholderId, RelationValue>   (plain object)
 *   ability    Y.Map<targetId, 0..3>
 *
 * Stakeholders themselves live in the shared document, so a deleted stakeholder can leave a
 * relation behind here; the snapshot ignores it, and undoing the delete brings it back intact.
 */
export const relationsMap = (doc: Y.Doc) => doc.getMap<unknown>('relations');
export const abilityMap = (doc: Y.Doc) => doc.getMap<unknown>('ability');

export interface RelationValue {
	relationship: Relationship;
	/** A supplier stakeholder id, or null. */
	sponsorId: string | null;
	notes: string;
}

const NONE: RelationValue = { relationship: 0, sponsorId: null, notes: '' };

export function readRelation(doc: Y.Doc, stakeholderId: string): RelationValue {
	const raw = relationsMap(doc).get(stakeholderId);
	if (!isRec(raw)) return { ...NONE };
	const r = raw;
	return {
		relationship: scale(r.relationship) ?? 0,
		sponsorId: typeof r.sponsorId === 'string' && r.sponsorId !== '' ? r.sponsorId : null,
		notes: typeof r.notes === 'string' ? r.notes : ''
	};
}

function writeRelation(doc: Y.Doc, stakeholderId: string, patch: Partial<RelationValue>): void {
	const prev = readRelation(doc, stakeholderId);
	const next = { ...prev, ...patch };
	if (next.relationship === prev.relationship && next.sponsorId === prev.sponsorId && next.notes === prev.notes && relationsMap(doc).has(stakeholderId)) return;
	doc.transact(() => relationsMap(doc).set(stakeholderId, next), ORIGIN.local);
}

export function setRelationship(doc: Y.Doc, stakeholderId: string, relationship: Relationship): void {
	const value = scale(relationship);
	if (value === null) throw new RangeError('A relationship is 0, 1, 2 or 3.');
	writeRelation(doc, stakeholderId, { relationship: value });
}

/** The sponsor must be a supplier stakeholder; the caller knows the list, the snapshot re-checks. */
export function setSponsor(doc: Y.Doc, stakeholderId: string, sponsorId: string | null): void {
	writeRelation(doc, stakeholderId, { sponsorId: sponsorId || null });
}

export function setRelationNotes(doc: Y.Doc, stakeholderId: string, notes: string): void {
	if (notes.length > LIMITS.note) throw new TextTooLongError(LIMITS.note);
	writeRelation(doc, stakeholderId, { notes });
}

/** Our ability to help with a target, 0..3; null forgets it (unknown). */
export function setAbility(doc: Y.Doc, targetId: string, ability: Ability | null): void {
	if (ability === null) {
		if (abilityMap(doc).has(targetId)) doc.transact(() => abilityMap(doc).delete(targetId), ORIGIN.local);
		return;
	}
	const value = scale(ability);
	if (value === null) throw new RangeError('Ability is 0, 1, 2 or 3.');
	if (abilityMap(doc).get(targetId) === value) return;
	doc.transact(() => abilityMap(doc).set(targetId, value), ORIGIN.local);
}

export function readAbility(doc: Y.Doc, targetId: string): Ability | null {
	return scale(abilityMap(doc).get(targetId));
}
