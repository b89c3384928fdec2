import type { TLAnyShapeUtilConstructor } from 'tldraw';
import { PlanCardUtil } from './planCardUtil.ts';

/**
 * The browser side of customShapes.ts: one tldraw ShapeUtil (React) per custom shape type there.
 * Only the lazily loaded canvas chunk imports this module.
 */
export const customShapeUtils: TLAnyShapeUtilConstructor[] = [PlanCardUtil];
