import type * as Y from 'yjs';
import { TEMPLATES, type TemplateId } from '../model/templates.ts';
import { docToPlain, plainToDoc, validatePlain, type PlainDoc } from './portable.ts';
import { migrateDocument } from './migrate.ts';
import { initialDocuments } from './templates.ts';
import { meta } from './schema.ts';

/** The board file: versioned so a later Tandem can read (or clearly refuse) an older one. */
export const EXPORT_FORMAT = 'tandem-board';
export const EXPORT_VERSION = 1;
/** Largest file an import reads (the schema's entry caps bound it too). */
export const MAX_EXPORT_BYTES = 5 * 1024 * 1024;
const NAME_MAX = 120;

export interface BoardFile {
	format: typeof EXPORT_FORMAT;
	version: typeof EXPORT_VERSION;
	exportedAt: string;
	board: { name: string; template: TemplateId };
	shared: PlainDoc;
	/** Only when a supplier-side person asked for it. */
	internal?: PlainDoc;
}

export function toBoardFile(board: { name: string; template: TemplateId }, shared: Y.Doc, internal: Y.Doc | null, now = Date.now()): BoardFile {
	const file: BoardFile = {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: new Date(now).toISOString(),
		board: { name: board.name, template: board.template },
		shared: docToPlain(shared, 'shared')
	};
	if (internal) file.internal = docToPlain(internal, 'internal');
	return file;
}

export class BoardFileError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks a board file; throws BoardFileError saying what is wrong (nothing is built then). */
export function parseBoardFile(text: string, byteLength = new TextEncoder().encode(text).byteLength): BoardFile {
	if (byteLength > MAX_EXPORT_BYTES) throw new BoardFileError(`The file is larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MB.`);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new BoardFileError('The file is not JSON: choose a board file exported from Tandem.');
	}
	if (!isObj(json) || json.format !== EXPORT_FORMAT) throw new BoardFileError('This is not a Tandem board file.');
	if (json.version !== EXPORT_VERSION)
		throw new BoardFileError(`This board file has version ${String(json.version).slice(0, 20)}; this Tandem reads version ${EXPORT_VERSION}.`);
	for (const k of Object.keys(json))
		if (!['format', 'version', 'exportedAt', 'board', 'shared', 'internal'].includes(k)) throw new BoardFileError(`Unknown field “${k.slice(0, 40)}” in the file.`);
	const board = json.board;
	if (!isObj(board) || typeof board.name !== 'string' || !board.name.trim() || board.name.length > NAME_MAX)
		throw new BoardFileError(`The board needs a name of at most ${NAME_MAX} characters.`);
	if (!(TEMPLATES as readonly unknown[]).includes(board.template)) throw new BoardFileError('The file names an unknown board template.');
	const problem = validatePlain('shared', json.shared) ?? (json.internal === undefined ? null : validatePlain('internal', json.internal));
	if (problem) throw new BoardFileError(`The file holds something a board cannot: ${problem}`);
	const template = (json.shared as PlainDoc).meta?.template;
	if (template !== undefined && template !== board.template) throw new BoardFileError('The file’s template does not match its board.');
	return json as unknown as BoardFile;
}

/** The documents of a new board with the file's content (current schema version). */
export function boardFileDocs(file: BoardFile): { shared: Y.Doc; internal: Y.Doc } {
	const shared = plainToDoc('shared', file.shared);
	// A file without internal content gets the internal document every new board starts with.
	const internal = file.internal ? plainToDoc('internal', file.internal) : initialDocuments(file.board.template).internal;
	if (meta(shared).get('template') === undefined) meta(shared).set('template', file.board.template);
	migrateDocument(shared, 'shared');
	migrateDocument(internal, 'internal');
	return { shared, internal };
}
