import type * as Y from 'yjs';
import { ORIGIN, SCHEMA_VERSION, meta, schemaVersionOf } from './schema.ts';
import type { DocName } from '../model/docNames.ts';

/**
 * Each step lifts a document from version (index) to version (index + 1). Steps must be
 * idempotent: two servers (or a server and an old offline client) may run the same step.
 */
export const MIGRATIONS: ReadonlyArray<(doc: Y.Doc, kind: DocName) => void> = [
	// 0 → 1: documents created before versioning: stamp the version; content is already v1-shaped.
	() => {}
];

/** Runs when a document is opened on the server: brings an older document up to SCHEMA_VERSION. */
export function migrateDocument(doc: Y.Doc, kind: DocName): boolean {
	const from = schemaVersionOf(doc);
	if (from >= SCHEMA_VERSION) return false;
	doc.transact(() => {
		for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v]?.(doc, kind);
		meta(doc).set('schemaVersion', SCHEMA_VERSION);
	}, ORIGIN.migration);
	return true;
}
