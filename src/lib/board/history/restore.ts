// Restoring a checkpoint is a forward change: the difference between the live document and the
// checkpoint's content, applied as ordinary Yjs operations in one transaction. The stored log is
// never rewound; everyone connected receives the change like any other.
import * as Y from 'yjs';
import type { DocName } from '../model/docNames.ts';

/**
 * The roots a restore brings back. Running the session (current step, timer, step log), the locks
 * and what the client side sees stay as they are now: a restore is about the board's content.
 */
export const RESTORED_ROOTS: Readonly<Record<DocName, readonly string[]>> = {
	shared: ['goals', 'stakeholders', 'lists', 'matrix', 'initiatives', 'actions', 'itemLists', 'agenda', 'decisions', 'parkingLot'],
	internal: ['relations', 'ability']
};

function clone(v: unknown): unknown {
	if (v instanceof Y.Text) return new Y.Text(v.toString());
	if (v instanceof Y.Map) {
		const m = new Y.Map<unknown>();
		v.forEach((x, k) => m.set(k, clone(x)));
		return m;
	}
	if (v instanceof Y.Array) {
		const a = new Y.Array<unknown>();
		a.push(v.toArray().map(clone));
		return a;
	}
	return v;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Makes `live` hold what `target` holds, touching only what differs (so concurrent edits elsewhere survive). */
function syncMap(live: Y.Map<unknown>, target: Y.Map<unknown>): void {
	for (const key of [...live.keys()]) if (!target.has(key)) live.delete(key);
	target.forEach((want, key) => {
		const have = live.get(key);
		if (want instanceof Y.Map && have instanceof Y.Map) return syncMap(have, want);
		if (want instanceof Y.Text && have instanceof Y.Text) {
			const s = want.toString();
			if (have.toString() !== s) {
				have.delete(0, have.length);
				have.insert(0, s);
			}
			return;
		}
		if (want instanceof Y.AbstractType || have instanceof Y.AbstractType) return live.set(key, clone(want));
		if (!live.has(key) || !sameJson(have, want)) live.set(key, want);
	});
}

/** Applies the checkpoint `state` to `doc` in one transaction with `origin`. Returns whether anything changed. */
export function restoreInto(doc: Y.Doc, kind: DocName, state: Uint8Array, origin: unknown): boolean {
	const target = new Y.Doc();
	let changed = false;
	try {
		Y.applyUpdate(target, state);
		const onUpdate = () => (changed = true);
		doc.on('update', onUpdate);
		doc.transact(() => {
			for (const root of RESTORED_ROOTS[kind]) syncMap(doc.getMap(root), target.getMap(root));
		}, origin);
		doc.off('update', onUpdate);
	} finally {
		target.destroy();
	}
	return changed;
}
