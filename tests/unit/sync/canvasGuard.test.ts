import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate, locksInDoc } from '../../../server/sync/updateGuard.ts';
import { initialDocuments } from '../../../src/lib/board/doc/templates.ts';
import { lockSection } from '../../../src/lib/board/doc/locks.ts';
import { canvasMap, canvasMetaMap } from '../../../src/lib/board/canvas/binding.ts';
import { serializedCanvasSchema } from '../../../src/lib/board/canvas/schema.ts';
import type { DocName } from '../../../src/lib/board/model/docNames.ts';
import type { Locks } from '../../../src/lib/board/model/locks.ts';
import { geo } from '../canvas/harness.ts';

// The sync server checks every canvas record with tldraw's own validators (canvas/schema.ts) and
// the canvas's permission area: observers are refused, a facilitator lock closes it.

const FACILITATOR = { role: 'facilitator', side: 'supplier' } as const;
const SUPPLIER = { role: 'participant', side: 'supplier' } as const;
const CLIENT = { role: 'participant', side: 'client' } as const;
const OBSERVER = { role: 'observer', side: 'supplier' } as const;
type Access = typeof FACILITATOR | typeof SUPPLIER | typeof CLIENT | typeof OBSERVER;

function check(server: Y.Doc, kind: DocName, access: Access, change: (d: Y.Doc) => void, sharedLocks?: Locks) {
	const from = new Y.Doc();
	Y.applyUpdate(from, Y.encodeStateAsUpdate(server));
	const before = Y.encodeStateVector(from);
	change(from);
	const verdict = inspectUpdate(server, kind, Y.decodeUpdate(Y.encodeStateAsUpdate(from, before)), access, () => false, sharedLocks);
	return verdict.ok ? 'ok' : verdict.kind;
}
const put = (record: unknown, key = (record as { id: string }).id) => (d: Y.Doc) => canvasMap(d).set(key, record);

describe('the sync server guards canvas records', () => {
	const shared = () => initialDocuments('blank', 1).shared;

	it('accepts valid records and the schema from whoever writes, on either side', () => {
		for (const who of [FACILITATOR, SUPPLIER, CLIENT]) {
			expect(check(shared(), 'shared', who, put(geo('a', 1, 2)))).toBe('ok');
		}
		expect(check(shared(), 'shared', CLIENT, (d) => canvasMetaMap(d).set('schema', serializedCanvasSchema()))).toBe('ok');
		// Every value of a drag (consecutive writes merge into one item) is checked, the last one too.
		expect(check(shared(), 'shared', SUPPLIER, (d) => { for (let x = 0; x < 50; x++) canvasMap(d).set('shape:a', geo('a', x, 0)); })).toBe('ok');
	});

	it('refuses a record tldraw would not accept, an asset, a record under another key, or a bad schema', () => {
		const g = geo('a', 1, 2) as unknown as { props: Record<string, unknown> };
		expect(check(shared(), 'shared', SUPPLIER, put({ ...g, props: { ...g.props, w: 'wide' } }))).toBe('invalid');
		expect(check(shared(), 'shared', SUPPLIER, put({ ...g, type: 'nonesuch' }))).toBe('invalid');
		expect(check(shared(), 'shared', SUPPLIER, put(geo('a', 1, 2), 'shape:b'))).toBe('invalid');
		expect(check(shared(), 'shared', SUPPLIER, put({ id: 'asset:x', typeName: 'asset', type: 'image', props: {}, meta: {} }, 'asset:x'))).toBe('invalid');
		expect(check(shared(), 'shared', SUPPLIER, put({ ...g, props: { ...g.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(70_000) }] }] } } }))).toBe('invalid');
		expect(check(shared(), 'shared', SUPPLIER, (d) => canvasMetaMap(d).set('schema', { schemaVersion: 2, sequences: { a: 'x' } }))).toBe('invalid');
		// Only after a valid last value: a drag whose last write is broken is refused whole.
		expect(check(shared(), 'shared', SUPPLIER, (d) => { canvasMap(d).set('shape:a', geo('a', 1, 0)); canvasMap(d).set('shape:a', { ...g, props: { ...g.props, h: -1 } }); })).toBe('invalid');
	});

	it('refuses observers, and everyone but facilitators while the canvas (or the board) is locked', () => {
		expect(check(shared(), 'shared', OBSERVER, put(geo('a', 1, 2)))).toBe('forbidden');
		for (const key of ['canvas', 'board'] as const) {
			const server = shared();
			lockSection(server, key, { id: 'f', name: 'Sam' }, 1);
			expect(check(server, 'shared', SUPPLIER, put(geo('a', 1, 2)))).toBe('forbidden');
			expect(check(server, 'shared', CLIENT, (d) => canvasMap(d).delete('page:page'))).toBe('ok'); // nothing there to delete
			expect(check(server, 'shared', FACILITATOR, put(geo('a', 1, 2)))).toBe('ok');
		}
		// Another section's lock leaves the canvas open.
		const goals = shared();
		lockSection(goals, 'goals', { id: 'f', name: 'Sam' }, 1);
		expect(check(goals, 'shared', SUPPLIER, put(geo('a', 1, 2)))).toBe('ok');
	});

	it("the supplier-only page in the internal document is under the shared document's locks", () => {
		const { shared: s, internal } = initialDocuments('blank', 1);
		expect(check(internal, 'internal', SUPPLIER, put(geo('a', 1, 2, 'page:supplier')), locksInDoc(s))).toBe('ok');
		lockSection(s, 'canvas', { id: 'f', name: 'Sam' }, 1);
		expect(check(internal, 'internal', SUPPLIER, put(geo('a', 1, 2, 'page:supplier')), locksInDoc(s))).toBe('forbidden');
		expect(check(internal, 'internal', FACILITATOR, put(geo('a', 1, 2, 'page:supplier')), locksInDoc(s))).toBe('ok');
		expect(check(internal, 'internal', OBSERVER, put(geo('a', 1, 2, 'page:supplier')), locksInDoc(s))).toBe('forbidden');
	});
});
