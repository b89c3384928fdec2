import * as Y from 'yjs';
import { DOC_SCHEMA, childOf, type MapNode, type Node } from './contentSchema.ts';
import { ORIGIN, SCHEMA_VERSION } from './schema.ts';
import type { DocName } from '../model/docNames.ts';

/*
 * A board's documents as plain JSON and back (export and import, server/boardExport.ts). The
 * schema of contentSchema.ts is the only description of the shape: every value of a file is
 * checked against it before anything is built, and the documents are built with the structure
 * the doc modules give them (a Y.Map per item, a Y.Text per co-edited text, plain values as is).
 */

/** Live workshop state, not content: who holds a lock, the running timer. Not exported. */
export const NOT_EXPORTED: Readonly<Record<DocName, readonly string[]>> = { shared: ['session', 'locks'], internal: [] };

export type PlainDoc = Record<string, Record<string, unknown>>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every exported root type of `doc` as plain JSON (Y.Text as its string). */
export function docToPlain(doc: Y.Doc, kind: DocName): PlainDoc {
	const out: PlainDoc = {};
	for (const root of Object.keys(DOC_SCHEMA[kind])) {
		if (NOT_EXPORTED[kind].includes(root)) continue;
		out[root] = doc.getMap(root).toJSON();
	}
	return out;
}

function countKeys(v: Record<string, unknown>): number {
	return Object.keys(v).length;
}

function checkNode(node: Node, v: unknown, path: string, key?: string): string | null {
	if (node.type === 'value') {
		const e = node.check(v, key);
		return e ? `${path}: ${e}` : null;
	}
	if (node.type === 'text') {
		if (typeof v !== 'string') return `${path}: expected a text`;
		return v.length > node.maxLength ? `${path}: text longer than ${node.maxLength} characters` : null;
	}
	return checkMap(node, v, path);
}

function checkMap(node: MapNode, v: unknown, path: string): string | null {
	if (!isObj(v)) return `${path}: expected an object`;
	if (node.maxEntries !== undefined && countKeys(v) > node.maxEntries) return `${path}: more than ${node.maxEntries} entries`;
	for (const [k, x] of Object.entries(v)) {
		const child = childOf(node, k);
		const at = `${path}.${k.slice(0, 40)}`;
		if (!child) return `${at}: not part of a board`;
		const e = checkNode(child, x, at, k);
		if (e) return e;
	}
	return null;
}

/**
 * Checks a plain document against the schema: null when every root, key and value is one a
 * board may hold, else the first problem with its path (e.g. `goals.g1.kind: expected one of …`).
 */
export function validatePlain(kind: DocName, json: unknown): string | null {
	if (!isObj(json)) return `${kind}: expected an object`;
	const roots = DOC_SCHEMA[kind];
	for (const [root, v] of Object.entries(json)) {
		if (!Object.hasOwn(roots, root) || NOT_EXPORTED[kind].includes(root)) return `${kind}.${root.slice(0, 40)}: not part of a board`;
		const e = checkMap(roots[root].node, v, `${kind}.${root}`);
		if (e) return e;
	}
	const version = (json.meta as Record<string, unknown> | undefined)?.schemaVersion;
	if (typeof version === 'number' && version > SCHEMA_VERSION) return `${kind}.meta.schemaVersion: made by a newer version of Tandem (${version})`;
	return null;
}

function build(node: Node, v: unknown): unknown {
	if (node.type === 'value') return v;
	if (node.type === 'text') return new Y.Text(v as string);
	const m = new Y.Map<unknown>();
	for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, build(childOf(node, k)!, x));
	return m;
}

/** Builds a document from a plain one that passed validatePlain. One transaction, seed origin. */
export function plainToDoc(kind: DocName, json: PlainDoc): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const [root, v] of Object.entries(json)) {
			const node = DOC_SCHEMA[kind][root].node;
			const target = doc.getMap<unknown>(root);
			for (const [k, x] of Object.entries(v)) target.set(k, build(childOf(node, k)!, x));
		}
	}, ORIGIN.seed);
	return doc;
}
