import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from '@tldraw/tlschema';
import { customShapeSchemas } from './customShapes.ts';

/**
 * The one tldraw schema of a board's canvas: tldraw's default shapes and bindings plus Tandem's
 * custom shapes. The sync server validates stored records with it and the browser's store is built
 * on it, so a shape added to customShapes.ts is known to both.
 */
export const canvasSchema = createTLSchema({
	shapes: { ...defaultShapeSchemas, ...customShapeSchemas },
	bindings: defaultBindingSchemas
});

/** tldraw's serialized schema (version 2): the migration sequences' versions. */
export interface SerializedSchemaV2 {
	schemaVersion: 2;
	sequences: Record<string, number>;
}

/** The schema's versions as stored in a document (`canvasMeta.schema`). */
export const serializedCanvasSchema = (): SerializedSchemaV2 => canvasSchema.serialize() as SerializedSchemaV2;

/**
 * How a document's stored schema compares with this code's: `older` (migrate its records up on
 * open), `same`, or `newer` (written by a newer Tandem: this browser must reload, not write).
 */
export function compareSchema(stored: SerializedSchemaV2): 'older' | 'same' | 'newer' {
	const mine = canvasSchema.serialize() as SerializedSchemaV2;
	const theirs = stored.sequences;
	let older = false;
	for (const [seq, v] of Object.entries(theirs)) {
		const have = mine.sequences[seq];
		if (have === undefined || v > have) return 'newer';
		if (v < have) older = true;
	}
	for (const seq of Object.keys(mine.sequences)) if (!(seq in theirs)) older = true;
	return older ? 'older' : 'same';
}
