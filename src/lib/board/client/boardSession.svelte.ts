import { getContext, setContext } from 'svelte';
import { BoardConnection, type Me } from './connection.svelte.ts';
import { Peers, Projection } from './projection.svelte.ts';
import { locksMap, readLocks } from '../doc/locks.ts';
import { clientViewMap, readClientView, type ClientView } from '../doc/clientView.ts';
import { lockOn, type Locks } from '../model/locks.ts';
import { effectiveRole } from '../model/roles.ts';
import { PersonalUndo } from './personalUndo.ts';
import { ORIGIN } from '../doc/schema.ts';
import { undoScopeTypes } from '../model/undoScope.ts';
import type { BoardAccess, Side } from '../model/roles.ts';
import type { DocName } from '../model/docNames.ts';
import { mayChange, type Area } from '../model/permissions.ts';
import { colorFor } from '../presence/palette.ts';
import { Facilitation } from './facilitation.svelte.ts';

/** A workspace member who may own an action besides the board's stakeholders: names only, no emails. */
export interface Member {
	id: string;
	name: string;
}

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
	/** The workspace's members, as the board page loaded them (read once: a new member shows after a reload). */
	readonly members: readonly Member[];
	/** personId → side of the board's people, as the page loaded them (the session summary's contribution shares). */
	readonly sides: Readonly<Record<string, Side>>;
	/** The agenda, the shared timer and whom this screen follows. */
	readonly facilitation: Facilitation;
	/** The facilitator locks, live (doc/locks.ts): `may` reads them, as the server's guard does. */
	readonly locks: Projection<Locks>;
	/** What the facilitators let the client side see (doc/clientView.ts). */
	readonly clientView: Projection<ClientView>;
	readonly isFacilitator: boolean;
	canUndo = $state(false);
	canRedo = $state(false);

	constructor(opts: { boardId: string; me: Omit<Me, 'color'>; access: BoardAccess; canWrite: boolean; docs: DocName[]; members?: readonly Member[]; sides?: Readonly<Record<string, Side>> }) {
		this.me = { ...opts.me, color: colorFor(opts.me.id) };
		this.access = opts.access;
		this.canWrite = opts.canWrite;
		this.members = Object.freeze((opts.members ?? []).filter((m) => typeof m?.id === 'string' && typeof m?.name === 'string').map((m) => ({ id: m.id, name: m.name })));
		this.sides = Object.freeze(Object.fromEntries(Object.entries(opts.sides ?? {}).filter(([, v]) => v === 'supplier' || v === 'client')));
		this.connection = new BoardConnection({ boardId: opts.boardId, me: this.me, docs: opts.docs, origin: ORIGIN.local });
		this.undo = new PersonalUndo({
			origin: ORIGIN.local,
			onChange: () => {
				this.canUndo = this.undo.canUndo();
				this.canRedo = this.undo.canRedo();
			}
		});
		// Every top-level type, once, as the board opens: what Ctrl+Z covers never depends on the tabs visited.
		for (const type of undoScopeTypes(this.connection)) this.undo.track(type);
		this.peers = new Peers(this.connection.awareness);
		this.facilitation = new Facilitation(this.connection.shared);
		const shared = this.connection.shared;
		this.locks = new Projection(locksMap(shared), () => readLocks(shared));
		this.clientView = new Projection(clientViewMap(shared), () => readClientView(shared));
		this.isFacilitator = opts.canWrite && effectiveRole(opts.access.role, opts.access.side) === 'facilitator';
	}

	/**
	 * Whether this person may change `area` (in item list `itemList`) now: the server's own rule
	 * (permissions.ts, with the document's locks), mirrored. Reactive: a lock or unlock re-renders.
	 */
	may(area: Area, itemList?: string): boolean {
		return this.canWrite && mayChange(this.access, area, this.locks.current, itemList);
	}

	/** Whether the client side sees a computed view (always true on the supplier side). */
	clientSees(setting: keyof ClientView): boolean {
		return this.access.side === 'supplier' || this.clientView.current[setting];
	}

	/** The lock that closes `area` (in `itemList`) for this person, if any (none for facilitators). */
	lockFor(area: Area, itemList?: string) {
		return this.isFacilitator ? null : lockOn(this.locks.current, { area, itemList });
	}

	focus(itemId: string | null) {
		this.connection.awareness.setLocalStateField('focus', itemId);
	}

	/** The view (tab) I am on, for whoever follows me. */
	showView(view: string) {
		this.connection.awareness.setLocalStateField('view', view);
	}

	destroy() {
		this.facilitation.destroy();
		this.undo.destroy();
		this.connection.destroy();
	}
}

const KEY = Symbol('board-session');
export const provideBoard = (s: BoardSession) => setContext(KEY, s);
export const useBoard = () => getContext<BoardSession>(KEY);
