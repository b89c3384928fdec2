import type { SchemaPropsInfo } from '@tldraw/tlschema';

/**
 * Tandem's own canvas shapes, as data: shape type → its props validators and migrations. React-free,
 * so the sync server validates them too (schema.ts builds the one TLSchema from tldraw's default
 * shapes plus these). The browser's drawing code for each lives in customShapeUtils.ts.
 */
export const customShapeSchemas: Record<string, SchemaPropsInfo> = {};
