import type { Owner } from '../model/read.ts';
import type { Stakeholder } from './types.ts';

/**
 * The choices of an action-owner picker: client stakeholders, supplier stakeholders, team members.
 * A supplier stakeholder row and a workspace member are often the same person (the team lists
 * itself on the board), but nothing links the two records: the only identity they share is the
 * name. So: a supplier stakeholder whose name (personKey: trimmed, spaces collapsed, case and
 * Unicode form folded) matches exactly one member is shown once, as that member — the account
 * is the stable identity (the same on every board, not renamed or deleted with a board row) —
 * with the stakeholder's title. Client stakeholders are never members (guests, other company)
 * and are never merged; nor is a name two members share (two people, not one). The current
 * owner is always listed, so the select never silently changes it.
 */
export interface OwnerOption {
	key: string;
	name: string;
	label: string;
}

export interface OwnerOptions {
	clients: OwnerOption[];
	suppliers: OwnerOption[];
	members: OwnerOption[];
}

export const personKey = (name: string): string => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

export const ownerKey = (o: Pick<Owner, 'kind' | 'id'>): string => `${o.kind}:${o.id}`;

const labelled = (name: string, title: string) => (title ? `${name} — ${title}` : name);

export function ownerOptions(stakeholders: readonly Stakeholder[], members: readonly { id: string; name: string }[], value: Owner | null): OwnerOptions {
	const current = value ? ownerKey(value) : null;
	const membersByName = new Map<string, { id: string; name: string }[]>();
	for (const m of members) {
		const k = personKey(m.name);
		if (k) membersByName.set(k, [...(membersByName.get(k) ?? []), m]);
	}
	// member id → the title of the supplier stakeholder row it stands for
	const titleOf = new Map<string, string>();
	const suppliers: OwnerOption[] = [];
	for (const s of stakeholders) {
		if (s.side !== 'supplier') continue;
		const same = membersByName.get(personKey(s.name));
		const option = { key: `stakeholder:${s.id}`, name: s.name, label: labelled(s.name, s.title) };
		if (same?.length === 1) {
			if (!titleOf.has(same[0].id)) titleOf.set(same[0].id, s.title);
			if (option.key !== current) continue;
		}
		suppliers.push(option);
	}
	return {
		clients: stakeholders.filter((s) => s.side === 'client').map((s) => ({ key: `stakeholder:${s.id}`, name: s.name, label: labelled(s.name, s.title) })),
		suppliers,
		members: members.map((m) => ({ key: `member:${m.id}`, name: m.name, label: labelled(m.name, titleOf.get(m.id) ?? '') }))
	};
}
