import * as Y from 'yjs';
import { ORIGIN, SCHEMA_VERSION, meta, type TemplateId } from './schema.ts';
import { TEMPLATE_LISTS, seedLists } from './lists.ts';

export const TEMPLATE_INFO: Record<TemplateId, { name: string; description: string }> = {
	'joint-planning': {
		name: 'Joint planning workshop',
		description: 'Goals, critical success factors, positioning matrix, where to help, actions.'
	},
	advisory: { name: 'Customer advisory session', description: 'Client goals and experiences, ideas to try, feedback.' },
	qbr: { name: 'Quarterly business review', description: "Starts from the account's previous board, to be updated." },
	soar: { name: 'SOAR', description: 'Strengths, opportunities, aspirations, results.' },
	blank: { name: 'Blank', description: 'An empty board.' }
};

/**
 * Builds the first state of a board's documents; run on the server when the board is created.
 * The planning model (goals, matrix, initiatives) needs no seed: its maps start empty. The list
 * templates get their named lists. A quarterly business review starts like a planning board and
 * is then filled from the account's previous board by the server (see server/boardTemplates.ts).
 */
export function initialDocuments(template: TemplateId, now = Date.now()): { shared: Y.Doc; internal: Y.Doc } {
	const shared = new Y.Doc();
	shared.transact(() => {
		const m = meta(shared);
		m.set('schemaVersion', SCHEMA_VERSION);
		m.set('template', template);
		m.set('threshold', 0.5);
	}, ORIGIN.seed);
	const lists = TEMPLATE_LISTS[template];
	if (lists) seedLists(shared, lists, now);
	const internal = new Y.Doc();
	internal.transact(() => meta(internal).set('schemaVersion', SCHEMA_VERSION), ORIGIN.seed);
	return { shared, internal };
}
