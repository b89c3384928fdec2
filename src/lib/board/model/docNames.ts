// A board has two Yjs documents; each is stored, synced and cached in the browser under one name.
export const DOC_NAMES = ['shared', 'internal'] as const;
export type DocName = (typeof DOC_NAMES)[number];

/** `<boardId>/<kind>`: the room name on the wire and the document's key in the database. */
export type StoredDocName = `${string}/${DocName}`;

export function isDocName(x: string): x is DocName {
	return (DOC_NAMES as readonly string[]).includes(x);
}

/** The one place a document name is built (server rooms, storage, browser provider, tests). */
export function docName(boardId: string, kind: DocName): StoredDocName {
	return `${boardId}/${kind}`;
}
