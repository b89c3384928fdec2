import { canvasSchema, type SerializedSchemaV2 } from './schema.ts';

/*
 * A canvas in the board's documents (root names in doc/contentSchema.ts):
 *
 *   canvas      Y.Map  record id → the tldraw record, whole, as one plain value. A drag writes the
 *                      record again per batch: the old value becomes a deleted item, and consecutive
 *                      writes of one client merge into one (bounded growth, see tests/bench).
 *   canvasMeta  Y.Map  schema: the tldraw schema (SerializedSchemaV2) the records are stored in.
 *
 * The shared document holds every page but one; the internal document (supplier side only) holds
 * the supplier-only page, its shapes and bindings, so they never reach a client-side browser.
 */

/** The supplier-only page's record id (it lives in the internal document). */
export const SUPPLIER_PAGE_ID = 'page:supplier';
/** The page every new canvas starts with (shared document). */
export const SHARED_PAGE_ID = 'page:page';

/** The record types a canvas stores (tldraw's `document` scope, without assets: no uploads). */
export const STORED_TYPES = ['document', 'page', 'shape', 'binding'] as const;

/**
 * tldraw's shapes that show a file or another site: Tandem stores no uploads and its pages fetch
 * nothing from elsewhere, so these are refused like asset records (the toolbar does not offer them).
 */
export const MEDIA_SHAPES = ['image', 'video', 'bookmark', 'embed'] as const;

export const CANVAS_LIMITS = {
	/** Records per document. */
	records: 20_000,
	/** Bytes of one record's JSON (a long text or a drawn line with many points). */
	recordBytes: 64 * 1024,
	/** A record id's length. */
	idLength: 200
} as const;

/** Keys of the `canvas` map: `<type>:<id>`, one of the stored types. */
export const RECORD_KEY = new RegExp(`^(${STORED_TYPES.join('|')}):[^\\u0000-\\u001f]{1,${CANVAS_LIMITS.idLength}}$`);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Null when `v` is a record this code's schema accepts as stored, else what is wrong with it. Run by
 * the sync server on every stored value and by the browser on every value a peer wrote.
 */
export function checkCanvasRecord(v: unknown): string | null {
	if (!isObj(v)) return 'expected a canvas record';
	if (!(STORED_TYPES as readonly unknown[]).includes(v.typeName)) return 'not a stored canvas record type';
	if (typeof v.id !== 'string' || !RECORD_KEY.test(v.id) || !v.id.startsWith(`${v.typeName}:`)) return 'bad canvas record id';
	if (v.typeName === 'shape' && (MEDIA_SHAPES as readonly unknown[]).includes(v.type)) return 'no media on a canvas (images, videos, bookmarks, embeds)';
	let json: string;
	try {
		json = JSON.stringify(v);
	} catch {
		return 'not plain data';
	}
	if (json.length > CANVAS_LIMITS.recordBytes) return `canvas record larger than ${CANVAS_LIMITS.recordBytes} bytes`;
	try {
		// tldraw's own validators (props of every shape type, page, document, bindings).
		canvasSchema.validateRecord(null as never, v as never, 'initialize', null);
	} catch (e) {
		return `invalid canvas record: ${String(e instanceof Error ? e.message : e).slice(0, 200)}`;
	}
	return null;
}

/** Null when `v` is a stored schema (versions only, bounded). */
export function checkCanvasSchema(v: unknown): string | null {
	if (!isObj(v) || v.schemaVersion !== 2 || !isObj(v.sequences)) return 'expected a tldraw schema';
	const entries = Object.entries(v.sequences);
	if (entries.length > 500) return 'too many schema sequences';
	for (const [k, n] of entries) if (k.length > 200 || typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1e6) return 'bad schema sequence';
	if (Object.keys(v).length !== 2) return 'unknown schema field';
	return null;
}

export const readSchema = (v: unknown): SerializedSchemaV2 | null => (checkCanvasSchema(v) === null ? (v as unknown as SerializedSchemaV2) : null);
