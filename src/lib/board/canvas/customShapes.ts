import type { SchemaPropsInfo } from '@tldraw/tlschema';
import { createShapePropsMigrationSequence } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import { PLAN_CARD_KINDS, PLAN_CARD_TYPE } from './planCard.ts';

/**
 * Tandem's own canvas shapes, as data: shape type → its props validators and migrations. React-free,
 * so the sync server validates them too (schema.ts builds the one TLSchema from tldraw's default
 * shapes plus these). The browser's drawing code for each lives in customShapeUtils.ts.
 */
export const customShapeSchemas: Record<string, SchemaPropsInfo> = {
	// A live view of one structured item (planCard.ts): the shape holds only the reference, never
	// the item's text, so the card always shows what the Goals / Plan / Parking lot views hold.
	[PLAN_CARD_TYPE]: {
		props: {
			kind: T.literalEnum(...PLAN_CARD_KINDS),
			itemId: T.string.check((s) => {
				if (s.length < 1 || s.length > 200) throw new Error('itemId must be 1..200 characters');
			}),
			w: T.nonZeroNumber,
			h: T.nonZeroNumber
		},
		migrations: createShapePropsMigrationSequence({ sequence: [] })
	}
};
