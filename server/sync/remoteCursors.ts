import * as decoding from 'lib0/decoding';

// Several nodes: the cursors a node relayed stay in the other nodes' awareness until y-protocols'
// 30 s timeout when that node dies without saying goodbye (SIGKILL, a lost machine). Each node is
// heard at least every few seconds (its presence report), so one silent for `goneAfterMs` is gone:
// the cursors it relayed are removed at once. An id heard from another node since (the person
// reconnected there) is no longer the dead node's.

export interface GoneCursors {
	room: string;
	ids: number[];
}

export class RemoteCursors {
	private readonly goneAfterMs: number;
	private readonly lastHeard = new Map<string, number>();
	/** node → room → awareness client ids whose latest state came from that node. */
	private readonly byNode = new Map<string, Map<string, Set<number>>>();

	constructor(goneAfterMs: number) {
		this.goneAfterMs = goneAfterMs;
	}

	heard(node: string, at: number): void {
		this.lastHeard.set(node, at);
	}

	/** A relayed awareness update (y-protocols encoding) of `room` from `node`. */
	track(node: string, room: string, update: Uint8Array, at: number): void {
		this.heard(node, at);
		const d = decoding.createDecoder(update);
		const count = decoding.readVarUint(d);
		for (let i = 0; i < count; i++) {
			const id = decoding.readVarUint(d);
			decoding.readVarUint(d); // clock
			const removed = decoding.readVarString(d) === 'null';
			for (const [other, rooms] of this.byNode) if (other !== node) rooms.get(room)?.delete(id);
			let ids = this.byNode.get(node)?.get(room);
			if (!ids && !removed) {
				let rooms = this.byNode.get(node);
				if (!rooms) this.byNode.set(node, (rooms = new Map()));
				rooms.set(room, (ids = new Set()));
			}
			if (removed) ids?.delete(id);
			else ids!.add(id);
		}
	}

	/** The room was left here: its cursors are no longer ours to remove. */
	forgetRoom(room: string): void {
		for (const rooms of this.byNode.values()) rooms.delete(room);
	}

	/** Nodes silent for too long, with the cursors they relayed (forgotten: reported once). */
	gone(now: number): GoneCursors[] {
		const out: GoneCursors[] = [];
		for (const [node, at] of this.lastHeard) {
			if (now - at < this.goneAfterMs) continue;
			this.lastHeard.delete(node);
			for (const [room, ids] of this.byNode.get(node) ?? []) if (ids.size) out.push({ room, ids: [...ids] });
			this.byNode.delete(node);
		}
		return out;
	}
}
