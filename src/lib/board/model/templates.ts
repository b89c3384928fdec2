// The board templates: what a board starts with and which views it shows.

export const TEMPLATES = ['joint-planning', 'advisory', 'qbr', 'soar', 'blank'] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export const TEMPLATE_INFO: Readonly<Record<TemplateId, { name: string; description: string }>> = {
	'joint-planning': {
		name: 'Joint planning workshop',
		description: 'Goals, critical success factors, positioning matrix, where to help, actions.'
	},
	advisory: { name: 'Customer advisory session', description: 'Client goals and experiences, ideas to try, feedback.' },
	qbr: { name: 'Quarterly business review', description: "Starts from the account's previous board, to be updated." },
	soar: { name: 'SOAR', description: 'Strengths, opportunities, aspirations, results.' },
	blank: { name: 'Blank', description: 'An empty board.' }
};

/** Boards built around the planning model (goals, matrix, actions): a review can start from one. */
export const PLANNING_TEMPLATES: readonly TemplateId[] = ['joint-planning', 'qbr', 'blank'];

export interface ItemListDef {
	id: string;
	title: string;
	hint: string;
}

/** The item lists each template starts with; ids are stable so tests and links can name them. */
export const TEMPLATE_ITEM_LISTS: Readonly<Partial<Record<TemplateId, readonly ItemListDef[]>>> = {
	advisory: [
		{ id: 'client-goals', title: 'Client goals', hint: 'What the client wants to achieve this year.' },
		{ id: 'client-experiences', title: 'Client experiences', hint: 'What working with us is like today: what helps, what gets in the way.' },
		{ id: 'ideas', title: 'Ideas to try', hint: 'Things we could try together.' },
		{ id: 'feedback', title: 'Feedback', hint: 'Anything else the client wants us to hear.' }
	],
	soar: [
		{ id: 'strengths', title: 'Strengths', hint: 'What we do well together.' },
		{ id: 'opportunities', title: 'Opportunities', hint: 'What we could do better or newly together.' },
		{ id: 'aspirations', title: 'Aspirations', hint: 'What we want the partnership to become.' },
		{ id: 'results', title: 'Results', hint: 'How we will know we got there.' }
	]
};
