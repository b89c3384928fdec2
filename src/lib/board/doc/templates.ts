import * as Y from 'yjs';
import { ORIGIN, SCHEMA_VERSION, meta } from './schema.ts';
import { seedItemLists } from './itemLists.ts';
import { seedAgenda } from './agenda.ts';
import { DEFAULT_AGENDAS } from '../model/facilitation.ts';
import { TEMPLATE_ITEM_LISTS, type TemplateId } from '../model/templates.ts';
import { DEFAULT_THRESHOLD } from '../model/vocabulary.ts';

/**
 * Builds the first state of a board's documents; run on the server when the board is created.
 * The planning model (goals, matrix, initiatives) needs no seed: its maps start empty. The list
 * templates get their named lists; every template but blank gets a default agenda. A quarterly business review starts like a planning board and
 * is then filled from the account's previous board by the server (see server/boardTemplates.ts).
 */
export function initialDocuments(template: TemplateId, now = Date.now()): { shared: Y.Doc; internal: Y.Doc } {
	const shared = new Y.Doc();
	shared.transact(() => {
		const m = meta(shared);
		m.set('schemaVersion', SCHEMA_VERSION);
		m.set('template', template);
		m.set('threshold', DEFAULT_THRESHOLD);
	}, ORIGIN.seed);
	const lists = TEMPLATE_ITEM_LISTS[template];
	if (lists) seedItemLists(shared, lists, now);
	// The session's default agenda (the facilitator edits it); seeded here so no two browsers create it.
	if (DEFAULT_AGENDAS[template].length) seedAgenda(shared, DEFAULT_AGENDAS[template]);
	const internal = new Y.Doc();
	internal.transact(() => meta(internal).set('schemaVersion', SCHEMA_VERSION), ORIGIN.seed);
	return { shared, internal };
}
