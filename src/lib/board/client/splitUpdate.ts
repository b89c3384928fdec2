import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * Cuts one Yjs update (v1) into updates of at most about `maxBytes` each, in an order the server
 * can apply one by one: every part builds only on the server's copy and the parts before it (a
 * struct comes after the structs it is placed next to or inside, a client's structs in clock
 * order, deletions last). The server refuses an update that skips or depends on changes it does
 * not have, so without that order a split update would be refused on every retry.
 *
 * A struct is never cut: one larger than `maxBytes` travels alone (the schema's text limits keep
 * single structs far below the server's message limit).
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
	if (update.byteLength <= maxBytes) return [update];
	const { structs, ds } = Y.decodeUpdate(update);
	const chunks: Uint8Array[] = [];
	let part: Struct[] = [];
	let size = 0;
	for (const s of causalOrder(structs)) {
		const n = structSize(s) + 12; // a client header per struct, at worst
		if (part.length > 0 && size + n > maxBytes) {
			chunks.push(encodeStructs(part));
			part = [];
			size = 0;
		}
		part.push(s);
		size += n;
	}
	if (part.length > 0) chunks.push(encodeStructs(part));
	chunks.push(...encodeDeletions(ds, maxBytes));
	return chunks;
}

type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** The ids a struct cannot be integrated without (left and right neighbour, parent). */
function dependencies(s: Struct): Y.ID[] {
	if (!(s instanceof Y.Item)) return [];
	const ids: Y.ID[] = [];
	if (s.origin) ids.push(s.origin);
	if (s.rightOrigin) ids.push(s.rightOrigin);
	if (s.parent instanceof Y.ID) ids.push(s.parent);
	return ids;
}

/**
 * The structs in an order where each one comes after its dependencies within the update (the
 * ones outside it are the server's). Iterative, like Yjs's own integration: a dependency on a
 * client's later struct puts that client on the stack until the struct is reached.
 */
function causalOrder(structs: Struct[]): Struct[] {
	const byClient = new Map<number, Struct[]>();
	for (const s of structs) {
		if (s instanceof Y.Skip) continue;
		const list = byClient.get(s.id.client) ?? [];
		list.push(s);
		byClient.set(s.id.client, list);
	}
	const next = new Map<number, number>([...byClient.keys()].map((c) => [c, 0]));
	const head = (c: number) => byClient.get(c)?.[next.get(c) ?? 0];
	// Clock `clock` of `client` is on the server or already ordered.
	const reached = (client: number, clock: number) => {
		const s = head(client);
		return s === undefined || clock < s.id.clock;
	};
	const out: Struct[] = [];
	for (const client of byClient.keys()) {
		const stack: Array<{ client: number; clock: number }> = [{ client, clock: Infinity }];
		while (stack.length > 0) {
			const goal = stack[stack.length - 1];
			if (reached(goal.client, goal.clock)) {
				stack.pop();
				continue;
			}
			const s = head(goal.client)!;
			const unmet = dependencies(s).find((d) => !reached(d.client, d.clock));
			// A cycle cannot occur in a document Yjs built; if it did, sending beats looping.
			if (unmet && !stack.some((g) => g.client === unmet.client)) {
				stack.push({ client: unmet.client, clock: unmet.clock });
				continue;
			}
			out.push(s);
			next.set(goal.client, next.get(goal.client)! + 1);
		}
	}
	return out;
}

function structSize(s: Struct): number {
	const e = new Y.UpdateEncoderV1();
	s.write(e, 0);
	return e.toUint8Array().byteLength;
}

/** An update (v1) of these structs and no deletions; one client's structs are consecutive. */
function encodeStructs(part: Struct[]): Uint8Array {
	const byClient = new Map<number, Struct[]>();
	for (const s of part) {
		const list = byClient.get(s.id.client) ?? [];
		list.push(s);
		byClient.set(s.id.client, list);
	}
	const e = new Y.UpdateEncoderV1();
	encoding.writeVarUint(e.restEncoder, byClient.size);
	for (const [client, list] of byClient) {
		encoding.writeVarUint(e.restEncoder, list.length);
		e.writeClient(client);
		encoding.writeVarUint(e.restEncoder, list[0].id.clock);
		for (const s of list) s.write(e, 0);
	}
	encoding.writeVarUint(e.restEncoder, 0); // no deletions
	return e.toUint8Array();
}

/** Updates with no structs carrying the deletions, at most about `maxBytes` each. */
function encodeDeletions(ds: DeleteSet, maxBytes: number): Uint8Array[] {
	const ranges: Array<{ client: number; clock: number; len: number }> = [];
	for (const [client, items] of ds.clients) for (const { clock, len } of items) if (len > 0) ranges.push({ client, clock, len });
	const out: Uint8Array[] = [];
	const perChunk = Math.max(1, Math.floor(maxBytes / 24)); // client, clock, len: varints
	for (let i = 0; i < ranges.length; i += perChunk) {
		const byClient = new Map<number, Array<{ clock: number; len: number }>>();
		for (const r of ranges.slice(i, i + perChunk)) {
			const list = byClient.get(r.client) ?? [];
			list.push(r);
			byClient.set(r.client, list);
		}
		const e = new Y.UpdateEncoderV1();
		encoding.writeVarUint(e.restEncoder, 0); // no structs
		encoding.writeVarUint(e.restEncoder, byClient.size);
		for (const [client, list] of byClient) {
			e.resetDsCurVal();
			encoding.writeVarUint(e.restEncoder, client);
			encoding.writeVarUint(e.restEncoder, list.length);
			for (const r of list) {
				e.writeDsClock(r.clock);
				e.writeDsLen(r.len);
			}
		}
		out.push(e.toUint8Array());
	}
	return out;
}
