import * as Y from 'yjs';
import { getContext, setContext } from 'svelte';
import { BoardConnection, type Me } from './connection.svelte.ts';
import { Peers } from './projection.svelte.ts';
import { ORIGIN } from '../doc/schema.ts';
import type { BoardAccess, DocName } from '../roles.ts';

/** Any Yjs shared type (Y.Map, Y.Array, Y.Text…): their event types differ, so `unknown` won't do. */
type AnyType = Y.AbstractType<any>;

const PALETTE = ['#d1495b', '#00798c', '#edae49', '#66a182', '#8d5a97', '#2e4057', '#e07a5f', '#3d5a80'];

export function colorFor(id: string): string {
	let h = 0;
	for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
	return PALETTE[Math.abs(h) % PALETTE.length];
}

/**
 * Everything a board's components share: the live documents, who I am, what I may do, and my
 * own undo history (it tracks only my edits, never someone else's).
 */
export class BoardSession {
	readonly connection: BoardConnection;
	readonly me: Me;
	readonly access: BoardAccess;
	readonly canWrite: boolean;
	readonly undo: Y.UndoManager;
	readonly peers: Peers;
	canUndo = $state(false);
	canRedo = $state(false);

	constructor(opts: { boardId: string; me: Omit<Me, 'color'>; access: BoardAccess; canWrite: boolean; docs: DocName[] }) {
		this.me = { ...opts.me, color: colorFor(opts.me.id) };
		this.access = opts.access;
		this.canWrite = opts.canWrite;
		this.connection = new BoardConnection({ boardId: opts.boardId, me: this.me, docs: opts.docs, origin: ORIGIN.local });
		const scopes: AnyType[] = [this.connection.shared.getMap('goals')];
		this.undo = new Y.UndoManager(scopes, { trackedOrigins: new Set([ORIGIN.local]), captureTimeout: 600 });
		const sync = () => {
			this.canUndo = this.undo.canUndo();
			this.canRedo = this.undo.canRedo();
		};
		this.undo.on('stack-item-added', sync);
		this.undo.on('stack-item-popped', sync);
		this.undo.on('stack-cleared', sync);
		this.peers = new Peers(this.connection.awareness);
	}

	/** Other people's undo scopes are added by the views that own them (matrix, stakeholders…). */
	track(type: AnyType) {
		this.undo.addToScope(type);
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
