import * as Y from 'yjs';
import { ORIGIN, SCHEMA_VERSION, meta, type TemplateId } from './schema.ts';

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

/** Builds the first state of a board's documents; run on the server when the board is created. */
export function initialDocuments(template: TemplateId): { shared: Y.Doc; internal: Y.Doc } {
	const shared = new Y.Doc();
	shared.transact(() => {
		const m = meta(shared);
		m.set('schemaVersion', SCHEMA_VERSION);
		m.set('template', template);
		m.set('threshold', 0.5);
	}, ORIGIN.seed);
	const internal = new Y.Doc();
	internal.transact(() => meta(internal).set('schemaVersion', SCHEMA_VERSION), ORIGIN.seed);
	return { shared, internal };
}
