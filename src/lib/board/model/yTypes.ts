import type * as Y from 'yjs';

/** Any Yjs shared type (Y.Map, Y.Array, Y.Text…): their event types differ, so `unknown` won't do. */
export type AnyType = Y.AbstractType<any>;
