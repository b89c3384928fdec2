import type { Awareness } from 'y-protocols/awareness';
import { safeColor } from '../presence/palette.ts';
import { InstancePresenceRecordType, type TLInstancePresence, type TLPageId, type TLShapeId, type TLStore, type TLUserId } from '@tldraw/tlschema';

/*
 * Canvas presence through the board's awareness (the same channel as the board's other presence):
 * my state's `canvas` field says where I am on the canvas; everyone else's becomes tldraw
 * instance_presence records (cursors, selections, names) in my store. Names and colours come from
 * `user`, which the sync server sets from who the socket is (server/sync/awarenessGuard.ts).
 */

/** What my awareness state carries while I am on the canvas. */
export interface CanvasPresence {
	page: string;
	cursor: { x: number; y: number } | null;
	selection: string[];
	camera: { x: number; y: number; z: number };
	/** The viewport in page space (where I look), for whoever follows me. */
	view: { x: number; y: number; w: number; h: number };
}

const MAX_SELECTION = 100;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A peer's canvas field, tolerantly read (anything malformed is no presence). */
export function readCanvasPresence(v: unknown): CanvasPresence | null {
	if (!isRec(v) || typeof v.page !== 'string' || !v.page.startsWith('page:') || v.page.length > 200) return null;
	const c = v.cursor;
	const cursor = isRec(c) && isNum(c.x) && isNum(c.y) ? { x: c.x, y: c.y } : null;
	const cam = v.camera;
	if (!isRec(cam) || !isNum(cam.x) || !isNum(cam.y) || !isNum(cam.z) || cam.z <= 0) return null;
	const vw = v.view;
	const view = isRec(vw) && isNum(vw.x) && isNum(vw.y) && isNum(vw.w) && isNum(vw.h) ? { x: vw.x, y: vw.y, w: vw.w, h: vw.h } : { x: 0, y: 0, w: 0, h: 0 };
	const selection = Array.isArray(v.selection) ? v.selection.filter((s): s is string => typeof s === 'string' && s.startsWith('shape:') && s.length <= 200).slice(0, MAX_SELECTION) : [];
	return { page: v.page, cursor, selection, camera: { x: cam.x, y: cam.y, z: cam.z }, view };
}

/** The tldraw user id of a board person (what follow uses). */
export const canvasUserId = (personId: string) => `user:${personId}` as TLUserId;

/** Peers' awareness states as presence records, keyed by awareness client. */
export function presenceRecords(awareness: Awareness, now: number, seen: Map<number, { json: string; at: number }>): TLInstancePresence[] {
	const out: TLInstancePresence[] = [];
	for (const [client, state] of awareness.getStates()) {
		if (client === awareness.clientID || !isRec(state)) continue;
		const user = state.user;
		const p = readCanvasPresence(state.canvas);
		if (!p || !isRec(user) || typeof user.id !== 'string' || typeof user.name !== 'string') continue;
		// Last activity: when this peer's canvas state last changed here (tldraw hides idle cursors).
		const json = JSON.stringify(p);
		const prev = seen.get(client);
		const at = prev && prev.json === json ? prev.at : now;
		seen.set(client, { json, at });
		const color = safeColor(user.color);
		out.push(
			InstancePresenceRecordType.create({
				id: InstancePresenceRecordType.createId(String(client)),
				userId: canvasUserId(user.id),
				userName: user.name.slice(0, 80),
				color,
				currentPageId: p.page as TLPageId,
				cursor: p.cursor ? { x: p.cursor.x, y: p.cursor.y, type: 'default', rotation: 0 } : null,
				selectedShapeIds: p.selection as TLShapeId[],
				camera: p.camera,
				screenBounds: { x: 0, y: 0, w: p.view.w * p.camera.z, h: p.view.h * p.camera.z },
				lastActivityTimestamp: at
			})
		);
	}
	return out;
}

/**
 * Keeps the store's presence records in step with the awareness states of the others: the shared
 * document's, and the internal one's (presence on the supplier-only page, never sent to the client side).
 */
export function syncPeers(store: TLStore, awarenesses: readonly Awareness[]): () => void {
	const seen = awarenesses.map(() => new Map<number, { json: string; at: number }>());
	// The presence records put here, so a cursor move never walks the whole store (thousands of shapes).
	let mine = new Set<TLInstancePresence['id']>();
	const update = () => {
		const records = awarenesses.flatMap((a, i) => presenceRecords(a, Date.now(), seen[i]).map((r) => (i === 0 ? r : { ...r, id: InstancePresenceRecordType.createId(`internal-${r.id.slice('instance_presence:'.length)}`) })));
		const keep = new Set(records.map((r) => r.id));
		const stale = [...mine].filter((id) => !keep.has(id) && store.has(id));
		mine = keep;
		store.mergeRemoteChanges(() => {
			if (records.length) store.put(records);
			if (stale.length) store.remove(stale);
		});
	};
	for (const a of awarenesses) a.on('change', update);
	update();
	return () => {
		for (const a of awarenesses) a.off('change', update);
		const all = [...mine].filter((id) => store.has(id));
		mine = new Set();
		if (all.length) store.mergeRemoteChanges(() => store.remove(all));
	};
}
