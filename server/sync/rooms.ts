import { docName, type DocName } from '../../src/lib/board/model/docNames.ts';
import { commitQueueFor } from './commitQueue.ts';
import { Room, sqliteOf, type RoomOptions, type RoomPeer } from './room.ts';

/**
 * The open rooms, one per document. A room lives while sockets hold it, then for `graceMs` more
 * (a reload or a flaky network should not reload the document), then is snapshotted and freed.
 */
export class Rooms<P extends RoomPeer = RoomPeer> {
	readonly byName = new Map<string, Room<P>>();
	/** Loads started since startup: each open document should be loaded exactly once. */
	loads = 0;
	private readonly timers = new Map<Room<P>, ReturnType<typeof setTimeout>>();
	private readonly graceMs: number;
	private readonly options: RoomOptions;
	private closed = false;

	constructor(graceMs: number, options: RoomOptions) {
		this.graceMs = graceMs;
		this.options = {
			...options,
			onLoad: (name) => {
				this.loads++;
				options.onLoad?.(name);
			}
		};
	}

	/** The room of a document, created and loading if it was not open. Pair with release(). */
	acquire(boardId: string, kind: DocName): Room<P> {
		if (this.closed) throw new Error('sync server is shutting down');
		const name = docName(boardId, kind);
		let room = this.byName.get(name);
		// A failed commit left that copy with changes that are not stored: load it again.
		if (room?.isBroken) {
			this.forget(room);
			room = undefined;
		}
		if (!room) {
			const created = new Room<P>(boardId, kind, this.options);
			// The internal document obeys the shared one's whole-board lock: it holds that room.
			if (kind === 'internal') created.lockSource = this.acquire(boardId, 'shared');
			this.byName.set(name, created);
			// A failed load is forgotten so that the next socket tries again.
			created.load().catch(() => this.forget(created));
			room = created;
		}
		room.holders++;
		const timer = this.timers.get(room);
		if (timer) {
			clearTimeout(timer);
			this.timers.delete(room);
		}
		return room;
	}

	release(room: Room<P>): void {
		if (this.closed || this.byName.get(room.name) !== room) return;
		room.holders = Math.max(0, room.holders - 1);
		if (room.holders > 0) return;
		if (!room.isLoaded) return this.forget(room);
		const timer = setTimeout(() => this.unload(room), this.graceMs);
		timer.unref?.();
		this.timers.set(room, timer);
	}

	private unload(room: Room<P>): void {
		this.timers.delete(room);
		if (room.holders > 0 || this.byName.get(room.name) !== room) return;
		this.byName.delete(room.name);
		room.flush();
		room.destroy();
		this.releaseSource(room);
	}

	/** An internal room gone: the shared room it held may go too. */
	private releaseSource(room: Room<P>): void {
		const source = room.lockSource;
		room.lockSource = null;
		if (source) this.release(source);
	}

	private forget(room: Room<P>): void {
		if (this.byName.get(room.name) === room) this.byName.delete(room.name);
		const timer = this.timers.get(room);
		if (timer) clearTimeout(timer);
		this.timers.delete(room);
		room.discard();
		if (!this.closed) this.releaseSource(room);
	}

	roomsOfBoard(boardId: string): Room<P>[] {
		return [...this.byName.values()].filter((r) => r.boardId === boardId);
	}

	/** The board is gone: drop its rooms without writing anything back. */
	discardBoard(boardId: string): void {
		for (const room of this.roomsOfBoard(boardId)) this.forget(room);
	}

	/** Shutdown: snapshot every loaded room and free it. */
	closeAll(): void {
		this.closed = true;
		// What this turn received is stored before the snapshots are taken.
		const commits = this.options.commits ?? commitQueueFor(sqliteOf(this.options), this.options.log);
		if (!commits.isIdle) commits.flushNow();
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		for (const room of this.byName.values()) {
			room.flush(true);
			room.destroy();
		}
		this.byName.clear();
	}
}
