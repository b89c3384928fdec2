import * as Y from 'yjs';
import { getContext, setContext } from 'svelte';
import { BoardConnection, type Me } from './connection.svelte.ts';
import { Peers } from './projection.svelte.ts';
import { PersonalUndo } from './personalUndo.ts';
import { ORIGIN } from '../doc/schema.ts';
import { abilityMap, relationsMap } from '../doc/internal.ts';
import type { BoardAccess, DocName } from '../roles.ts';
import { mayChange, type Area } from '../permissions.ts';
import { colorFor } from '../presence/palette.ts';

/** Any Yjs shared type (Y.Map, Y.Array, Y.Text…): their event types differ, so `unknown` won't do. */
type AnyType = Y.AbstractType<any>;

/**
 * Everything a board's components share: the live documents, who I am, what I may do, and my
 * own undo history (it tracks only my edits, never someone else's).
 */
export class BoardSession {
	readonly connection: BoardConnection;
	readonly me: Me;
	readonly access: BoardAccess;
	/** Follows the page data: an archived (or restored) board changes it while the board is open. */
	canWrite = $state(false);
	readonly undo: PersonalUndo;
	readonly peers: Peers;
	canUndo = $state(false);
	canRedo = $state(false);

	constructor(opts: { boardId: string; me: Omit<Me, 'color'>; access: BoardAccess; canWrite: boolean; docs: DocName[] }) {
		this.me = { ...opts.me, color: colorFor(opts.me.id) };
		this.access = opts.access;
		this.canWrite = opts.canWrite;
		this.connection = new BoardConnection({ boardId: opts.boardId, me: this.me, docs: opts.docs, origin: ORIGIN.local });
		this.undo = new PersonalUndo({
			origin: ORIGIN.local,
			onChange: () => {
				this.canUndo = this.undo.canUndo();
				this.canRedo = this.undo.canRedo();
			}
		});
		this.undo.track(this.connection.shared.getMap('goals'));
		const internal = this.connection.internal;
		if (internal) for (const map of [relationsMap(internal), abilityMap(internal)]) this.undo.track(map);
		this.peers = new Peers(this.connection.awareness);
	}

	/** Whether this person may change `area`: the server's own rule (permissions.ts), mirrored. */
	may(area: Area): boolean {
		return this.canWrite && mayChange(this.access, area);
	}

	/** Each view adds the types it writes (matrix, stakeholders, internal relations…) to my history. */
	track(type: AnyType) {
		this.undo.track(type);
	}

	focus(itemId: string | null) {
		this.connection.awareness.setLocalStateField('focus', itemId);
	}

	destroy() {
		this.undo.destroy();
		this.connection.destroy();
	}
}

const KEY = Symbol('board-session');
export const provideBoard = (s: BoardSession) => setContext(KEY, s);
export const useBoard = () => getContext<BoardSession>(KEY);
